package dev.consort.core.api;

import dev.consort.spi.chat.ToolCall;
import java.util.List;

/**
 * What a run of the tool loop reports as it goes: to draw a chat turn, or to write a task's history.
 * Called on the thread that runs the loop. Every method does nothing by default.
 */
public interface LoopListener {

    /** Listens to nothing. */
    LoopListener NONE = new LoopListener() {
    };

    /**
     * A model call is about to start.
     *
     * @param step     its number, from 1
     * @param messages the conversation it continues (before persona, facts and shaping)
     */
    default void calling(int step, List<dev.consort.spi.chat.Message> messages) {
    }

    /**
     * Streamed text of the answer in progress.
     *
     * @param backend the backend answering
     * @param delta   the new text
     */
    default void text(String backend, String delta) {
    }

    /**
     * A stream failed after partial output and starts again on another backend: the text so far is void.
     *
     * @param from   the backend that failed
     * @param to     the backend that takes over
     * @param reason why
     */
    default void restarted(String from, String to, String reason) {
    }

    /**
     * A model call answered.
     *
     * @param step   its number
     * @param answer the answer, with its attempts and cost
     */
    default void answered(int step, Answer answer) {
    }

    /**
     * A model call got no answer: every candidate failed, or a budget stopped it.
     *
     * @param step     its number
     * @param attempts what was tried
     * @param message  one line
     */
    default void failed(int step, List<Attempt> attempts, String message) {
    }

    /**
     * A tool call is about to run (or to be refused).
     *
     * @param call the call
     */
    default void toolCalling(ToolCall call) {
    }

    /**
     * A tool call ran, or was refused.
     *
     * @param call    the call
     * @param outcome its result, as the model will see it, and how it was approved
     */
    default void toolDone(ToolCall call, ToolRunner.Outcome outcome) {
    }
}
