package dev.consort.cli;

import dev.consort.core.api.Answer;
import dev.consort.core.api.Approver;
import dev.consort.core.api.Cancellation;
import dev.consort.core.api.LoopResult;
import dev.consort.core.api.ToolRunner;
import dev.consort.spi.chat.ToolCall;
import java.io.PrintWriter;

/** Where a chat session draws: a terminal with a status line, or plain standard output. */
interface Screen {

    /** @return where command output goes */
    PrintWriter out();

    /** A line about the session (not part of an answer): dimmed on a terminal, on stderr when piped. */
    void note(String line);

    /** An error line. */
    void error(String line);

    /** A turn starts: Ctrl-C now cancels it. */
    void turnStarted(Cancellation cancellation);

    /** Text of the answer in progress. */
    void text(String backend, String delta);

    /** The stream restarted on another backend: what was shown is void. */
    void restarted(String from, String to, String reason);

    /** A model call answered. */
    void answered(Answer answer);

    /** A tool call is about to run. */
    void toolCalling(ToolCall call);

    /** A tool call ran. */
    void toolDone(ToolCall call, ToolRunner.Outcome outcome);

    /** The turn ended. */
    void turnEnded(LoopResult result);

    /** @return who approves tool calls, asking inline when there is a terminal */
    Approver approver(boolean yes);
}
