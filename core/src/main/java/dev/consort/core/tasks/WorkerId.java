package dev.consort.core.tasks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who runs a task: {@code host/pid@start/nonce}. The host, pid and start time let a later process on
 * the same machine tell that the worker died (the pid is gone, or now belongs to another process);
 * the nonce keeps two queues in one process apart.
 *
 * @param host  the machine's name
 * @param pid   the process id
 * @param start the process's start, in epoch milliseconds (0 when the system does not say)
 * @param nonce random, per queue
 */
record WorkerId(String host, long pid, long start, String nonce) {

    private static final String HOST = hostName();

    /** @return a new id for this process */
    static WorkerId ofThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return new WorkerId(HOST, self.pid(), start, HexFormat.of().formatHex(random));
    }

    /**
     * Reads an id back.
     *
     * @param text as written by {@link #toString()}
     * @return the id, or empty when the text is not one (another kind of worker wrote it)
     */
    static Optional<WorkerId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        int at = parts[1].indexOf('@');
        try {
            return Optional.of(new WorkerId(parts[0], Long.parseLong(parts[1].substring(0, Math.max(0, at))),
                    Long.parseLong(parts[1].substring(at + 1)), parts[2]));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this worker's process is known to be gone: it ran on this machine and its pid is free or
     * now belongs to a process that started at another time.
     *
     * @return true only when it is certain
     */
    boolean deadHere() {
        if (!host.equals(HOST)) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        long started = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return start != 0 && started != 0 && Math.abs(started - start) > 1000;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public String toString() {
        return host + "/" + pid + "@" + start + "/" + nonce;
    }
}
