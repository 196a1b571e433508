package dev.consort.core.orchestrator;

import dev.consort.core.config.CooldownSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Puts a backend that failed N times in a row on cool-down for a while. Thread-safe. */
final class Cooldowns {

    private final CooldownSettings settings;
    private final Clock clock;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Instant> until = new HashMap<>();

    Cooldowns(CooldownSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    synchronized boolean coolingDown(String backend) {
        Instant end = until.get(backend);
        if (end == null) {
            return false;
        }
        if (clock.instant().isBefore(end)) {
            return true;
        }
        until.remove(backend);
        failures.remove(backend);
        return false;
    }

    synchronized void failure(String backend) {
        int n = failures.merge(backend, 1, Integer::sum);
        if (n >= settings.failures()) {
            until.put(backend, clock.instant().plus(settings.period()));
        }
    }

    synchronized void success(String backend) {
        failures.remove(backend);
        until.remove(backend);
    }
}
