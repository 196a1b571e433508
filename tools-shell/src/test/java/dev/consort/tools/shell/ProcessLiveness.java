package dev.consort.tools.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a pid still runs: present in /proc and neither a zombie nor dead (a container's init may reap late). */
final class ProcessLiveness {

    private ProcessLiveness() {
    }

    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits up to two seconds for the pid to stop; true when it did. */
    static boolean stops(long pid) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            if (!running(pid)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
