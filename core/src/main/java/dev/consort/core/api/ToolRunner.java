package dev.consort.core.api;

import dev.consort.spi.chat.ToolSpec;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolResult;
import java.util.List;

/**
 * Runs tools the way a model's call runs them: arguments validated against the tool's schema, the
 * permission rules and mode applied (asking an {@link Approver} when needed), paths confined to the
 * sandbox, time-out and output cap enforced, and every call — denied ones too — written to the audit
 * log. Thread-safe.
 */
public interface ToolRunner {

    /**
     * One tool as listed by {@code consort tools}.
     *
     * @param name        its name
     * @param effect      what it does to the world
     * @param description what it does
     * @param schema      its parameter schema, JSON
     * @param provider    the provider type that supplies it
     */
    record ToolInfo(String name, ToolEffect effect, String description, String schema, String provider) {
    }

    /**
     * A permission decision and what made it.
     *
     * @param verdict {@code allow}, {@code ask} or {@code deny}
     * @param reason  the rule or mode that decided, one line
     */
    record Decision(String verdict, String reason) {
    }

    /**
     * What a call produced and how it was approved.
     *
     * @param result   what goes back to the model
     * @param approval {@code auto}, {@code approved} or {@code denied}, and by what
     * @param millis   how long it ran
     */
    record Outcome(ToolResult result, String approval, long millis) {
    }

    /**
     * Who asks for a call, for the audit log.
     *
     * @param session the session
     * @param task    the task, or null
     * @param backend the backend whose model asked, or null for a person
     */
    record Caller(String session, String task, String backend) {
    }

    /** Every tool, by name. */
    List<ToolInfo> tools();

    /** The tools as offered to models. */
    List<ToolSpec> specs();

    /** The current mode. */
    ToolMode mode();

    /** Switches the mode for this session. */
    void setMode(ToolMode mode);

    /** Lets a tool run without asking in trust mode, for this session. */
    void whitelist(String tool);

    /** How a call would be decided, without running it. */
    Decision why(String tool, String argumentsJson);

    /**
     * Runs a call.
     *
     * @param tool          the tool's name
     * @param argumentsJson its arguments
     * @param caller        who asks
     * @param approver      who approves when needed
     * @return the outcome; failures are results for the model, not exceptions
     */
    Outcome run(String tool, String argumentsJson, Caller caller, Approver approver);
}
