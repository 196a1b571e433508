package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.Answer;
import dev.consort.core.api.Attempt;
import dev.consort.core.api.ChatCall;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.Role;
import dev.consort.spi.chat.ToolSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON answers, schemas and tool-call arguments: regenerated once on the same backend, then fallback. */
class OutputValidationTest {

    private static final String PERSON = """
            {"type": "object", "required": ["name", "age"],
             "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}}}
            """;
    private static final ToolSpec ADD = new ToolSpec("add", "adds two numbers", """
            {"type": "object", "required": ["a", "b"],
             "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "additionalProperties": false}
            """);

    @TempDir
    Path tmp;

    private static ChatCall json(ResponseFormat format, String prompt) {
        return new ChatCall(ChatRequest.builder().messages(List.of(Message.user(prompt))).responseFormat(format)
                .build(), "chat", null, List.of(), null);
    }

    private static ChatCall withTools(String prompt, ToolSpec... tools) {
        return new ChatCall(ChatRequest.builder().messages(List.of(Message.user(prompt))).tools(List.of(tools))
                .build(), "chat", null, List.of(), null);
    }

    private static List<String> outcomes(List<Attempt> attempts) {
        return attempts.stream().map(a -> a.backend() + "#" + a.attempt() + ":" + a.outcome()).toList();
    }

    @Test
    void regeneratesMalformedJsonOnceWithTheBadAnswerAndACorrection() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.thenAnswers("Sure! here it is: {name: Ada").thenAnswers("{\"name\": \"Ada\"}");
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            Answer answer = rig.orchestrator().chat(json(ResponseFormat.JSON_OBJECT, "who wrote the first program?"));
            assertEquals("{\"name\": \"Ada\"}", answer.response().content());
            assertEquals(List.of("a#1:malformed_output", "a#2:ok"), outcomes(answer.attempts()));
            assertTrue(answer.attempts().getFirst().detail().startsWith("the answer is not valid JSON"),
                    answer.attempts().getFirst().detail());

            List<Message> second = a.requests().get(1).messages();
            Message bad = second.get(second.size() - 2);
            Message correction = second.getLast();
            assertEquals(Role.ASSISTANT, bad.role());
            assertEquals("Sure! here it is: {name: Ada", bad.content());
            assertEquals(Role.USER, correction.role());
            assertTrue(correction.content().startsWith("Your previous answer was rejected: the answer is not valid JSON"),
                    correction.content());
            assertTrue(correction.content().endsWith("with only the JSON, no prose and no code fence."),
                    correction.content());
            assertEquals(a.requests().get(0).messages(), second.subList(0, second.size() - 2));
        }
    }

    @Test
    void fallsBackWhenTheRegeneratedAnswerIsStillNotJson() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(ScriptedBackend.answer("no json here"));
        b.thenAnswers("{\"ok\": true}");
        try (Rig rig = Rig.in(tmp).backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(json(ResponseFormat.JSON_OBJECT, "status?"));
            assertEquals("b", answer.backend());
            assertEquals(List.of("a#1:malformed_output", "a#2:malformed_output", "b#1:ok"), outcomes(answer.attempts()));
            assertEquals(2, a.calls());
            assertEquals(1, b.requests().getFirst().messages().stream().filter(m -> m.role() == Role.USER).count(),
                    "the next backend gets the original request, without the first one's correction");
        }
    }

    @Test
    void acceptsJsonInACodeFenceAndDeliversItUnfenced() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.thenAnswers("```json\n{\"n\": 1}\n```");
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            Answer answer = rig.orchestrator().chat(json(ResponseFormat.JSON_OBJECT, "n?"));
            assertEquals("{\"n\": 1}", answer.response().content());
            assertEquals(1, a.calls());
        }
    }

    @Test
    void regeneratesAnAnswerThatDoesNotMatchTheRequestedSchema() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.thenAnswers("{\"name\": \"Ada\", \"age\": \"old\"}").thenAnswers("{\"name\": \"Ada\", \"age\": 36}");
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            Answer answer = rig.orchestrator().chat(json(ResponseFormat.jsonSchema("person", PERSON), "who?"));
            assertEquals("{\"name\": \"Ada\", \"age\": 36}", answer.response().content());
            String problem = answer.attempts().getFirst().detail();
            assertTrue(problem.startsWith("does not match the schema of response format 'person'"), problem);
            assertTrue(problem.contains("age"), problem);
            assertTrue(a.requests().get(1).messages().getLast().content().contains("response format 'person'"));
        }
    }

    @Test
    void aSchemaAnswerMissingARequiredFieldFallsBackAfterOneRegeneration() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(ScriptedBackend.answer("{\"name\": \"Ada\"}"));
        b.thenAnswers("{\"name\": \"Ada\", \"age\": 36}");
        try (Rig rig = Rig.in(tmp).backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(json(ResponseFormat.jsonSchema("person", PERSON), "who?"));
            assertEquals("b", answer.backend());
            assertEquals(List.of("a#1:malformed_output", "a#2:malformed_output", "b#1:ok"), outcomes(answer.attempts()));
        }
    }

    @Test
    void regeneratesAToolCallWhoseArgumentsBreakTheToolsSchema() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.then(ScriptedBackend.toolCall("add", "{\"a\": \"one\", \"b\": 2}"),
                ScriptedBackend.toolCall("add", "{\"a\": 1, \"b\": 2}"));
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            Answer answer = rig.orchestrator().chat(withTools("add one and two", ADD));
            assertEquals(List.of("a#1:malformed_output", "a#2:ok"), outcomes(answer.attempts()));
            assertEquals("{\"a\": 1, \"b\": 2}", answer.response().toolCalls().getFirst().argumentsJson());
            String problem = answer.attempts().getFirst().detail();
            assertTrue(problem.startsWith("does not match the schema of tool 'add'"), problem);
            assertEquals(ADD, a.requests().get(1).tools().getFirst());
        }
    }

    @Test
    void regeneratesAToolCallWhoseArgumentsAreNotJson() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.then(ScriptedBackend.toolCall("add", "{a: 1,"), ScriptedBackend.toolCall("add", "{\"a\": 1, \"b\": 2}"));
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            Answer answer = rig.orchestrator().chat(withTools("add", ADD));
            String problem = answer.attempts().getFirst().detail();
            assertTrue(problem.startsWith("the arguments of tool call 'add' "), problem);
            assertTrue(answer.attempts().getLast().ok());
        }
    }

    @Test
    void regeneratesACallToAToolThatWasNotOffered() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(ScriptedBackend.toolCall("delete_everything", "{}"));
        b.then(ScriptedBackend.toolCall("add", "{\"a\": 2, \"b\": 2}"));
        try (Rig rig = Rig.in(tmp).backend(a, b).build()) {
            Answer answer = rig.orchestrator().chat(withTools("add", ADD));
            assertEquals("b", answer.backend());
            assertEquals("the model called a tool that was not offered: 'delete_everything' (offered: add)",
                    answer.attempts().getFirst().detail());
        }
    }

    @Test
    void plainTextRequestsAreNotValidated() {
        ScriptedBackend a = ScriptedBackend.named("a");
        a.thenAnswers("{ not json, and that is fine");
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            Answer answer = rig.orchestrator().chat(ChatCall.of("chat", "anything"));
            assertEquals("{ not json, and that is fine", answer.response().content());
            assertEquals(1, a.calls());
        }
    }
}
