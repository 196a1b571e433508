package dev.consort.core.config;

import java.time.Duration;

/**
 * {@code routing.cooldown}: a backend that failed {@code failures} times in a row is skipped for
 * {@code period}.
 *
 * @param failures consecutive failures that start a cool-down, at least 1
 * @param period   how long it lasts
 */
public record CooldownSettings(int failures, Duration period) {

    public static final CooldownSettings DEFAULT = new CooldownSettings(3, Duration.ofSeconds(60));

    static CooldownSettings from(LocatedConfig c) {
        c.checkKeys(java.util.Set.of("failures", "period"));
        int failures = c.integer("failures").orElse(DEFAULT.failures());
        if (failures < 1) {
            throw c.error("failures", "must be at least 1, got " + failures);
        }
        return new CooldownSettings(failures, c.duration("period").orElse(DEFAULT.period()));
    }
}
