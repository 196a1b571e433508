package dev.consort.core.config;

import java.time.Duration;
import java.util.Set;

/**
 * {@code tasks}: the defaults and limits of queued tasks and of the tool loop.
 *
 * @param maxSteps the most model calls a task or a chat turn may make, unless the task says otherwise
 * @param maxTries how many times a task left running by a process that died is started again before
 *                 it is marked failed
 * @param lease    how long a worker's claim on a task holds without renewal; a worker renews it every
 *                 third of it, and a task whose worker died is taken over once it runs out
 */
public record TaskSettings(int maxSteps, int maxTries, Duration lease) {

    /** The settings when the section is absent. */
    public static final TaskSettings DEFAULTS = new TaskSettings(20, 3, Duration.ofSeconds(60));

    static TaskSettings from(LocatedConfig c) {
        c.checkKeys(Set.of("max_steps", "max_tries", "lease"));
        int maxSteps = c.integer("max_steps").orElse(DEFAULTS.maxSteps());
        if (maxSteps < 1) {
            throw c.error("max_steps", "must be at least 1");
        }
        int maxTries = c.integer("max_tries").orElse(DEFAULTS.maxTries());
        if (maxTries < 1) {
            throw c.error("max_tries", "must be at least 1");
        }
        Duration lease = c.duration("lease").orElse(DEFAULTS.lease());
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw c.error("lease", "must be at least 3s");
        }
        return new TaskSettings(maxSteps, maxTries, lease);
    }
}
