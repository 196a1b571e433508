// The official `openai` npm client against a running `consort serve`: plain, streamed and tool-calling
// requests, each checked for the shape OpenAI's SDK promises. Prints one line per check and ends with
// "N passed, N failed"; exits 1 on any failure.
//
// Environment:
//   CONSORT_BASE_URL  the gateway, e.g. http://127.0.0.1:8787/v1 (required)
//   CONSORT_MODEL     the model to ask for (default: local)
//   CONSORT_EXPECT    "replay": also check the recorded answers' exact content (default: shape only)
import OpenAI from "openai";
import assert from "node:assert/strict";

const baseURL = process.env.CONSORT_BASE_URL;
if (!baseURL) {
  console.error("CONSORT_BASE_URL is not set");
  process.exit(2);
}
const model = process.env.CONSORT_MODEL ?? "local";
const replay = process.env.CONSORT_EXPECT === "replay";
const client = new OpenAI({ baseURL, apiKey: "sk-any-key-works-on-loopback", maxRetries: 0, timeout: 120_000 });

const tools = [{
  type: "function",
  function: {
    name: "get_capital",
    description: "The capital of a country",
    parameters: {
      type: "object",
      properties: { country: { type: "string" } },
      required: ["country"],
      additionalProperties: false,
    },
  },
}];

const checks = [
  ["lists the models", async () => {
    const page = await client.models.list();
    assert.ok(page.data.some((m) => m.id === model), JSON.stringify(page.data));
  }],
  ["answers a plain request", async () => {
    const r = await client.chat.completions.create({
      model, max_tokens: 16, messages: [{ role: "user", content: "Say hello" }],
    });
    assert.equal(r.object, "chat.completion");
    assert.equal(r.choices.length, 1);
    assert.equal(r.choices[0].message.role, "assistant");
    assert.equal(typeof r.choices[0].message.content, "string");
    assert.ok(["stop", "length"].includes(r.choices[0].finish_reason), r.choices[0].finish_reason);
    assert.ok(r.usage.completion_tokens > 0);
    if (replay) assert.equal(r.choices[0].message.content, "You are a dog, which is a type of mammal.");
  }],
  ["streams an answer chunk by chunk, with usage", async () => {
    const stream = await client.chat.completions.create({
      model, max_tokens: 16, stream: true, stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Count to five" }],
    });
    let text = "";
    let contentChunks = 0;
    let finish = null;
    let usage = null;
    for await (const chunk of stream) {
      assert.equal(chunk.object, "chat.completion.chunk");
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta.content) {
        text += choice.delta.content;
        contentChunks++;
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    assert.ok(contentChunks > 1, `only ${contentChunks} content chunks`);
    assert.ok(finish, "no finish_reason");
    assert.ok(usage && usage.completion_tokens > 0, JSON.stringify(usage));
    if (replay) assert.ok(text.startsWith("1, 2, 3, 4, 5"), text);
  }],
  ["calls a tool, streamed", async () => {
    const stream = await client.chat.completions.create({
      model, max_tokens: 1000, stream: true, tools, tool_choice: "required",
      messages: [{ role: "user", content: "What is the capital of France?" }],
    });
    const calls = [];
    let finish = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      for (const d of choice.delta.tool_calls ?? []) {
        calls[d.index] ??= { id: "", name: "", arguments: "" };
        if (d.id) calls[d.index].id = d.id;
        if (d.function?.name) calls[d.index].name += d.function.name;
        if (d.function?.arguments) calls[d.index].arguments += d.function.arguments;
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    assert.equal(finish, "tool_calls");
    assert.equal(calls[0].name, "get_capital");
    assert.ok(calls[0].id.length > 0);
    const args = JSON.parse(calls[0].arguments);
    assert.equal(typeof args.country, "string");
  }],
  ["refuses an unknown model with the SDK's NotFoundError", async () => {
    await assert.rejects(
      client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }),
      (e) => e instanceof OpenAI.NotFoundError && e.status === 404 && e.code === "model_not_found",
    );
  }],
];

let passed = 0;
let failed = 0;
for (const [name, check] of checks) {
  try {
    await check();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${e?.stack ?? e}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
