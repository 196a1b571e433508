package dev.consort.spi.routing;

import java.util.List;
import java.util.Objects;

/**
 * The result of routing: every backend considered, in order, with the reason it was taken or skipped.
 *
 * @param taskType the task type routed; not null
 * @param steps    the backends considered; never null
 * @since 1.0
 */
public record RouteDecision(String taskType, List<RouteStep> steps) {

    /** Validates and copies the components. */
    public RouteDecision {
        Objects.requireNonNull(taskType, "taskType is null");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * The backends to try, in order.
     *
     * @return the names; never null
     */
    public List<String> chosen() {
        return steps.stream().filter(RouteStep::taken).map(RouteStep::backend).toList();
    }
}
