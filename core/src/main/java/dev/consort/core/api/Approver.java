package dev.consort.core.api;

/**
 * Decides tool calls that need a person's approval. The CLI asks on the terminal; with no terminal,
 * calls are denied unless {@code --yes} was given.
 */
@FunctionalInterface
public interface Approver {

    /** The answers a person can give. */
    enum Answer {
        /** Run this call. */
        YES,
        /** Do not run this call. */
        NO,
        /** Run this call and every later call of this tool in this session. */
        ALWAYS,
        /** Refuse this call and every later call of this tool in this session. */
        NEVER
    }

    /** Denies everything that needs approval, saying there is no one to ask. */
    Approver NOBODY = new Approver() {
        @Override
        public Answer ask(ToolRequest request) {
            return Answer.NO;
        }

        @Override
        public String who() {
            return "no terminal to ask; use --yes, or tools.mode: trust with tools.allow";
        }

        @Override
        public boolean asksAPerson() {
            return false;
        }
    };

    /** Approves everything ({@code --yes}). */
    Approver EVERYTHING = new Approver() {
        @Override
        public Answer ask(ToolRequest request) {
            return Answer.YES;
        }

        @Override
        public String who() {
            return "by --yes";
        }

        @Override
        public boolean asksAPerson() {
            return false;
        }
    };

    /**
     * Who decides, as the audit record and the model are told ("approved (by the user)"). A wrapper
     * passes on the answer of the approver it wraps.
     *
     * @return the words after "approved (" or "denied ("
     */
    default String who() {
        return "by the user";
    }

    /**
     * Whether a call waits for a person's answer (a task then shows {@code waiting_approval}, and its
     * history records the answer); false for a fixed rule such as {@link #NOBODY} or {@link #EVERYTHING}.
     *
     * @return true by default
     */
    default boolean asksAPerson() {
        return true;
    }

    /**
     * Asks about one call.
     *
     * @param request the call
     * @return the answer
     */
    Answer ask(ToolRequest request);

    /**
     * A call awaiting approval.
     *
     * @param tool          the tool
     * @param argumentsJson its arguments (secrets redacted)
     * @param why           why it needs approval, one line
     */
    record ToolRequest(String tool, String argumentsJson, String why) {
    }
}
