package dev.consort.tools.shell;

import dev.consort.spi.tool.ToolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a process with an exact environment, drains its output on virtual threads, kills its whole tree on time-out. */
final class ProcessRunner {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ProcessRunner() {
    }

    static ProcessOutcome run(List<String> argv, Path cwd, Map<String, String> environment, long timeoutMillis, int cap) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ToolException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        OutputCapture out = new OutputCapture(process.getInputStream(), cap);
        OutputCapture err = new OutputCapture(process.getErrorStream(), cap);
        Thread outThread = Thread.ofVirtual().name("run_command-stdout").start(out);
        Thread errThread = Thread.ofVirtual().name("run_command-stderr").start(err);
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(process.toHandle());
                process.waitFor(5, TimeUnit.SECONDS);
            }
            // Grandchildren may keep the pipes open after the child exits; give the drain a bounded time.
            outThread.join(2000);
            errThread.join(2000);
            if (outThread.isAlive() || errThread.isAlive()) {
                killTree(process.toHandle());
                process.getInputStream().close();
                process.getErrorStream().close();
            }
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running " + argv.get(0), e);
        } catch (IOException e) {
            // Closing the pipes only unblocks the drains.
        }
        int exit = timedOut ? -1 : process.exitValue();
        return new ProcessOutcome(exit, out.text(), err.text(), timedOut, out.truncated() || err.truncated(), timeoutMillis);
    }

    static void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        for (ProcessHandle handle : tree) {
            handle.destroyForcibly();
        }
        // Children forked between listing and killing: one more pass.
        root.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
