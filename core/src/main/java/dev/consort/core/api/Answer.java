package dev.consort.core.api;

import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.routing.RouteDecision;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The orchestrator's answer: the response, who gave it, every attempt on the way, and its cost.
 *
 * @param backend  the backend that answered
 * @param model    its model
 * @param response the response
 * @param attempts every try, in order, the answering one last
 * @param costUsd  the cost of the answering call (failed tries are in the usage ledger too)
 * @param route    the routing decision; figures in its reasons may be upper bounds of the prompt
 *                 where a bound decided as the exact count would ({@link Orchestrator#route(ChatCall)}
 *                 explains with exact counts)
 */
public record Answer(String backend, String model, ChatResponse response, List<Attempt> attempts, BigDecimal costUsd,
                     RouteDecision route) {

    public Answer {
        Objects.requireNonNull(backend, "backend is null");
        Objects.requireNonNull(response, "response is null");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(costUsd, "costUsd is null");
    }
}
