package dev.consort.cli;

import dev.consort.core.api.TinyModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consort model}: model files. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Model files for the embedded engine.",
        subcommands = ModelCommand.Tiny.class)
final class ModelCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Writes the tiny random model: a zero-download smoke test of the embedded engine. */
    @Command(name = "tiny", mixinStandardHelpOptions = true,
            description = "Write a tiny llama-architecture GGUF model with random weights (under 1 MB; its output is noise).")
    static final class Tiny implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "0..1",
                description = "Where to write it (default: ~/.cache/consort/models/tiny-random.gguf).")
        private Path path;

        @Override
        public Integer call() {
            Path target = path != null ? path : TinyModel.defaultPath(dev.consort.core.api.Consort.userCacheDir());
            TinyModel.write(target, 42);
            spec.commandLine().getOut().println(target.toAbsolutePath());
            return ExitCodes.OK;
        }
    }
}
