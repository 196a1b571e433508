package dev.consort.tools.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Kills a process and everything it started. Children still attached to it are found through
 * {@link ProcessHandle#descendants()}; when the process leads its own session (started through
 * {@code setsid}), orphans that were re-parented away are found too, by their session id in {@code /proc}.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Kills the tree rooted at {@code root}.
     *
     * @param root        the process; it may have exited already
     * @param ownSession  true when {@code root}'s pid is also its session id
     */
    static void kill(ProcessHandle root, boolean ownSession) {
        // Two passes: a shell may fork between the listing and the kill.
        for (int pass = 0; pass < 2; pass++) {
            Set<ProcessHandle> tree = new LinkedHashSet<>(root.descendants().toList());
            if (ownSession) {
                tree.addAll(sessionMembers(root.pid()));
            }
            tree.add(root);
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The live processes whose session id is {@code session}; empty where there is no {@code /proc}. */
    static Set<ProcessHandle> sessionMembers(long session) {
        Set<ProcessHandle> members = new LinkedHashSet<>();
        ProcessHandle.allProcesses().forEach(handle -> {
            if (sessionOf(handle.pid()) == session) {
                members.add(handle);
            }
        });
        return members;
    }

    private static long sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses, so cut at the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
