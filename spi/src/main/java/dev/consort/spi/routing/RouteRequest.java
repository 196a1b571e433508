package dev.consort.spi.routing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to route.
 *
 * @param taskType       the task type ({@code plan}, {@code code}, or a user-defined one); not blank
 * @param overrideBackend a backend the caller named, which beats the rules; may be null
 * @param candidates     every configured backend as seen for this request; never null
 * @since 1.0
 */
public record RouteRequest(String taskType, String overrideBackend, List<CandidateInfo> candidates) {

    /** Validates and copies the components. */
    public RouteRequest {
        if (taskType == null || taskType.isBlank()) {
            throw new IllegalArgumentException("taskType is blank");
        }
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /**
     * The named backend's information.
     *
     * @param backend the name; not null
     * @return its information, if configured
     */
    public Optional<CandidateInfo> candidate(String backend) {
        Objects.requireNonNull(backend, "backend is null");
        return candidates.stream().filter(c -> c.backend().equals(backend)).findFirst();
    }
}
