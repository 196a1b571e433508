package dev.consort.cli;

import dev.consort.core.api.Answer;
import dev.consort.core.api.Approver;
import dev.consort.core.api.Cancellation;
import dev.consort.core.api.LoopResult;
import dev.consort.core.api.ToolRunner;
import dev.consort.spi.chat.ToolCall;
import java.io.PrintWriter;

/** Piped chat: answers on standard output as they arrive, one per turn; everything else on stderr. */
final class PlainScreen implements Screen {

    private final PrintWriter out;
    private final PrintWriter err;
    private boolean midLine;

    PlainScreen(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    @Override
    public void note(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public void error(String line) {
        err.println("consort: " + line);
        err.flush();
    }

    @Override
    public void turnStarted(Cancellation cancellation) {
        midLine = false;
    }

    @Override
    public void text(String backend, String delta) {
        out.print(delta);
        out.flush();
        midLine = !delta.endsWith("\n");
    }

    @Override
    public void restarted(String from, String to, String reason) {
        endLine();
        err.println("[" + from + " failed after partial output (" + reason + "); restarting on " + to
                + ": discard the text above]");
        err.flush();
    }

    @Override
    public void answered(Answer answer) {
    }

    @Override
    public void toolCalling(ToolCall call) {
    }

    @Override
    public void toolDone(ToolCall call, ToolRunner.Outcome outcome) {
        err.println("[tool " + call.name() + " -> " + (outcome.result().error() ? "error" : "ok") + ", "
                + outcome.approval() + "]");
        err.flush();
    }

    @Override
    public void turnEnded(LoopResult result) {
        endLine();
        if (result.ending() != LoopResult.Ending.ANSWERED) {
            error(result.ending().name().toLowerCase(java.util.Locale.ROOT) + ": " + result.detail());
        }
    }

    private void endLine() {
        if (midLine) {
            out.println();
            out.flush();
            midLine = false;
        }
    }

    @Override
    public Approver approver(boolean yes) {
        return yes ? Approver.EVERYTHING : Approver.NOBODY;
    }
}
