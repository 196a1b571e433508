package dev.consort.cli;

import dev.consort.core.api.Consort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code consort chat}: the interactive session, or one prompt per line when the input is piped. */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Chat with the team: answers stream, tools run under the permission mode, slash commands "
                + "manage backends, personas, tasks and memory (/help lists them).",
                "With piped input, each line is a prompt (or a slash command); only answers are printed."})
final class ChatCommand implements Callable<Integer> {

    @ParentCommand
    private ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME", description = "Send every turn to this backend (/backend changes it).")
    private String backend;

    @Option(names = "--task", paramLabel = "TYPE", description = "Route turns by this task type (default: chat).")
    private String taskType = "chat";

    @Option(names = "--session", paramLabel = "ID", description = "Resume this session (default: a new one).")
    private String session;

    @Option(names = "--context", split = ",", paramLabel = "KEY",
            description = "Facts (KEY) and file summaries (file:PATH) to pull into every turn (/context changes it).")
    private List<String> context = List.of();

    @Option(names = "--no-tools", description = "Do not offer tools to the models.")
    private boolean noTools;

    @Option(names = "--yes", description = "Approve every tool call that would ask.")
    private boolean yes;

    @Option(names = "--hint", paramLabel = "KEY=VALUE", description = "A provider option for every call; repeatable.")
    private java.util.Map<String, String> hints = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        try (Consort consort = root.consort(session)) {
            if (backend != null && !consort.backendNames().contains(backend)) {
                throw new UsageException("--backend " + backend + ": no such backend (configured: "
                        + String.join(", ", consort.backendNames()) + ")");
            }
            ChatSession chat = new ChatSession(consort, root, backend, taskType, context, !noTools, hints);
            if (TerminalScreen.interactive()) {
                try (TerminalScreen screen = TerminalScreen.open(consort, chat)) {
                    chat.interactive(screen, yes);
                }
            } else {
                ConsortCommand.noticeDefaults(consort, spec.commandLine().getErr());
                PlainScreen screen = new PlainScreen(spec.commandLine().getOut(), spec.commandLine().getErr());
                chat.piped(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), screen, yes);
            }
            return ExitCodes.OK;
        }
    }
}
