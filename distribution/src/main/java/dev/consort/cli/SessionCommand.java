package dev.consort.cli;

import dev.consort.core.api.Consort;
import dev.consort.spi.context.SessionInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort session}: the per-backend conversation buffers kept by the context store. */
@Command(name = "session", mixinStandardHelpOptions = true, description = "Conversation buffers per session and backend.",
        subcommands = {SessionCommand.ListSessions.class, SessionCommand.Reset.class})
final class SessionCommand implements Runnable {

    @ParentCommand
    ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Lists sessions. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sessions with their messages per backend.")
    static final class ListSessions implements Callable<Integer> {
        @ParentCommand
        private SessionCommand parent;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            try (Consort consort = parent.root.consort()) {
                Table t = new Table("SESSION", "LAST ACTIVE", "MESSAGES PER BACKEND");
                for (SessionInfo s : consort.contextStore().sessions()) {
                    t.row(s.sessionId(), s.lastActive().toString(), s.messageCounts().toString());
                }
                t.print(spec.commandLine().getOut());
                return ExitCodes.OK;
            }
        }
    }

    /** Empties buffers; project memory is untouched. */
    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Empty conversation buffers (one backend's, or all); project memory is not touched.")
    static final class Reset implements Callable<Integer> {
        @ParentCommand
        private SessionCommand parent;

        @Spec
        private CommandSpec spec;

        @Option(names = "--backend", paramLabel = "B", description = "Only this backend's buffer.")
        private String backend;

        @Option(names = "--session", paramLabel = "ID", description = "Only this session (default: every session).")
        private String session;

        @Override
        public Integer call() {
            try (Consort consort = parent.root.consort()) {
                if (backend != null && !consort.backendNames().contains(backend)) {
                    throw new UsageException("--backend " + backend + ": no such backend (configured: "
                            + String.join(", ", consort.backendNames()) + ")");
                }
                List<String> ids = session != null ? List.of(session)
                        : consort.contextStore().sessions().stream().map(SessionInfo::sessionId).toList();
                ids.forEach(id -> consort.contextStore().resetSession(id, backend));
                spec.commandLine().getOut().println("reset " + (backend == null ? "every backend" : backend) + " in "
                        + ids.size() + " session(s)");
                return ExitCodes.OK;
            }
        }
    }
}
