package dev.consort.tools.shell;

import dev.consort.spi.tool.ToolException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one process: exact environment, no input, stdout and stderr drained concurrently on virtual threads up
 * to a shared cap, and on time-out the whole process tree killed. Where {@code setsid} exists the process
 * starts in a session of its own, so grandchildren that outlive their parent are found and killed as well;
 * nothing the command started outlives the call. Thread-safe (no state).
 */
final class ProcessRunner {

    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    /** How long output may keep flowing after the process ends, from children that still hold the pipes. */
    private static final long DRAIN_GRACE_MILLIS = 1000;

    private ProcessRunner() {
    }

    /**
     * Runs {@code argv} and waits for it.
     *
     * @throws ToolException when the process cannot be started
     */
    static ProcessOutcome run(List<String> argv, Path cwd, Map<String, String> environment, long timeoutMillis, int cap) {
        Optional<Path> setsid = SETSID.stream().filter(Files::isExecutable).findFirst();
        List<String> command = new ArrayList<>();
        setsid.ifPresent(p -> command.add(p.toString()));
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ToolException("cannot start " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        boolean ownSession = setsid.isPresent();
        AtomicInteger room = new AtomicInteger(cap);
        OutputCapture out = new OutputCapture(process.getInputStream(), room);
        OutputCapture err = new OutputCapture(process.getErrorStream(), room);
        Thread outThread = Thread.ofVirtual().name("run-stdout-" + process.pid()).start(out);
        Thread errThread = Thread.ofVirtual().name("run-stderr-" + process.pid()).start(err);
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                timedOut = true;
            }
            ProcessTree.kill(process.toHandle(), ownSession);
            process.waitFor();
            outThread.join(DRAIN_GRACE_MILLIS);
            errThread.join(DRAIN_GRACE_MILLIS);
            if (outThread.isAlive() || errThread.isAlive()) {
                // Something outside the tree we know still holds a pipe: stop reading rather than wait for it.
                closeQuietly(process);
                outThread.join(DRAIN_GRACE_MILLIS);
                errThread.join(DRAIN_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle(), ownSession);
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running " + argv.getFirst(), e);
        }
        return new ProcessOutcome(process.exitValue(), out.text(), err.text(), timedOut,
            out.truncated() || err.truncated(), timeoutMillis, cap);
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
        } catch (IOException e) {
            // Closing only unblocks the drain; a failure to close changes nothing for the caller.
        }
        try {
            process.getErrorStream().close();
        } catch (IOException e) {
            // As above.
        }
    }
}
