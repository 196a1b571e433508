package dev.consort.gateway;

import dev.consort.core.api.GatewaySettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request's {@code model} names: a backend ({@code fast}), a task type ({@code task:review}), or a
 * configured alias of either. Immutable.
 */
final class ModelRoutes {

    static final String TASK_PREFIX = "task:";

    /**
     * Where a request goes.
     *
     * @param backend  the backend named, or null to route by task type
     * @param taskType the task type to route by (null: the orchestrator's default)
     */
    record Route(String backend, String taskType) {
    }

    private final Set<String> backends;
    private final List<String> ordered;
    private final Map<String, String> aliases;
    private final List<String> taskTypes;

    ModelRoutes(List<String> backends, GatewaySettings settings) {
        this.backends = Set.copyOf(backends);
        this.aliases = settings.aliases();
        this.taskTypes = settings.taskTypes().stream().sorted().toList();
        this.ordered = List.copyOf(backends);
    }

    /**
     * Resolves a model name.
     *
     * @param model the name a client sent; not null
     * @return the route
     * @throws GatewayError 404 when the name is none of the above
     */
    Route resolve(String model) {
        String target = aliases.getOrDefault(model, model);
        if (target.startsWith(TASK_PREFIX) && target.length() > TASK_PREFIX.length()) {
            return new Route(null, target.substring(TASK_PREFIX.length()));
        }
        if (backends.contains(target)) {
            return new Route(target, null);
        }
        throw GatewayError.notFound("model_not_found", "The model '" + model + "' does not exist here: use a backend ("
                + String.join(", ", ordered) + "), task:TYPE or a configured alias (GET /v1/models lists them)");
    }

    /** Every name {@code GET /v1/models} lists: backends, task types of the routing rules, aliases. */
    List<String> names() {
        Set<String> out = new LinkedHashSet<>(ordered);
        taskTypes.forEach(t -> out.add(TASK_PREFIX + t));
        out.addAll(aliases.keySet());
        return List.copyOf(out);
    }
}
