package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link SseEventReader#poll()}: the events wholly buffered, never a read, and an event begun in the
 * buffer finished by the next call of either method with its fields intact.
 */
class SseEventReaderPollTest {

    @Test
    void givesTheWholeBufferedEventsThenNullForAPartialOneWhichNextCompletes() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream()
                .arrive("data: a\n\nevent: e\nid: 7\ndata: l1\ndata: l2\n\ndata: b\n\nevent: upd\nid: 42\ndata: one\n");
        SseEventReader r = new SseEventReader(in);
        assertEquals(new SseEvent("message", "a", null), r.next());
        int reads = in.reads;
        assertEquals(new SseEvent("e", "l1\nl2", "7"), r.poll());
        assertEquals(new SseEvent("message", "b", null), r.poll());
        assertNull(r.poll(), "the last event has no blank line yet");
        assertNull(r.poll(), "asking again changes nothing");
        assertEquals(reads, in.reads, "poll read the stream");
        in.arrive("data: tw").arrive("o\n\n");
        assertEquals(new SseEvent("upd", "one\ntwo", "42"), r.next(), "the fields read by poll are kept");
        in.end();
        assertNull(r.next());
        assertFalse(r.endedMidEvent());
    }

    @Test
    void anEventCompletedInTheSameFillAsTheNextIsFinishedByPoll() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream().arrive("data: a\n\nevent: e\ndata: x");
        SseEventReader r = new SseEventReader(in);
        assertEquals("a", r.next().data());
        assertNull(r.poll());
        // next() completes the half event, and the fill that did so also brought a whole one for poll()
        in.arrive("1\ndata: x2\n\nid: 3\ndata: y\n\ndata: z");
        assertEquals(new SseEvent("e", "x1\nx2", null), r.next());
        assertEquals(new SseEvent("message", "y", "3"), r.poll());
        assertNull(r.poll());
        in.arrive("\n\n");
        assertEquals(new SseEvent("message", "z", null), r.next(), "the id of the event before does not leak");
    }

    @Test
    void aCrLfSplitAtTheEndOfTheBufferIsNoBlankLine() throws IOException {
        // Were the LF of "data: z\r\n" taken as a blank line, z would be dispatched without w.
        ArrivingInputStream in = new ArrivingInputStream().arrive("data: a\r\n\r\nid: 9\r\ndata: z\r");
        SseEventReader r = new SseEventReader(in);
        assertEquals("a", r.next().data());
        assertNull(r.poll());
        in.arrive("\ndata: w\r\n\r\n");
        assertEquals(new SseEvent("message", "z\nw", "9"), r.next());

        ArrivingInputStream polled = new ArrivingInputStream().arrive("data: a\r\n\r\ndata: z\r");
        SseEventReader p = new SseEventReader(polled);
        assertEquals("a", p.next().data());
        assertNull(p.poll());
        polled.arrive("\ndata: w\r\n\r\ndata: v\r");
        assertEquals(new SseEvent("message", "z\nw", null), p.next());
        assertNull(p.poll());
        polled.arrive("\n\r\n");
        assertEquals(new SseEvent("message", "v", null), p.next());
    }

    @Test
    void commentsKeepAlivesAndBlankLinesAloneAreNoEvent() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream()
                .arrive("data: a\n\n: ping\n\n: ping\n\n\n\n:\n\r\nevent: ping\n\nretry: 10\n\n");
        SseEventReader r = new SseEventReader(in);
        assertEquals("a", r.next().data());
        int reads = in.reads;
        assertNull(r.poll());
        assertNull(r.poll());
        assertEquals(reads, in.reads);
        in.arrive("data: b\n\n");
        assertEquals(new SseEvent("message", "b", null), r.next(), "an event name without data does not leak");
        assertNull(r.poll());
    }

    @Test
    void aKeepAliveBetweenTheLinesOfAnEventDoesNotDispatchIt() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream().arrive("data: a\n\nevent: e\ndata: 1\n: ping\n");
        SseEventReader r = new SseEventReader(in);
        assertEquals("a", r.next().data());
        assertNull(r.poll());
        in.arrive("data: 2\n\n");
        assertEquals(new SseEvent("e", "1\n2", null), r.next());
    }

    @Test
    void aStreamCutAfterAPolledPartialEventEndedMidEvent() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream().arrive("data: a\n\ndata: cut");
        SseEventReader r = new SseEventReader(in);
        assertEquals("a", r.next().data());
        assertNull(r.poll());
        in.end();
        assertNull(r.next());
        assertTrue(r.endedMidEvent());
    }

    @Test
    void theDataCapCountsWhatPollReadAndWhatCameAfter() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream().arrive("data: a\n\ndata: " + "x".repeat(60) + "\n");
        SseEventReader r = new SseEventReader(in, 100);
        assertEquals("a", r.next().data());
        assertNull(r.poll());
        in.arrive("data: " + "y".repeat(60) + "\n\n");
        IOException e = assertThrows(IOException.class, r::next);
        assertTrue(e.getMessage().contains("100"), e.getMessage());

        SseEventReader polled = new SseEventReader(new ArrivingInputStream()
                .arrive("data: a\n\n" + ("data: " + "x".repeat(60) + "\n").repeat(2) + "\n"), 100);
        assertEquals("a", polled.next().data());
        assertThrows(IOException.class, polled::poll, "poll applies the cap too");
    }

    // ---- poll mixed with next over recorded streams cut at random -----------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"openai-chat-stream-usage-langchaingo.sse", "openaicompat-openrouter-stream-comment-langchaingo.sse",
            "anthropic-messages-stream-thinking-llm-anthropic.sse", "gemini-stream-thinking-pydantic-ai.sse"})
    void pollMixedWithNextGivesTheEventsOfNextAloneWhateverTheCuts(String recording) throws IOException {
        byte[] bytes = recording(recording);
        List<SseEvent> expected = all(new SseEventReader(new ByteArrayInputStream(bytes)));
        assertTrue(expected.size() > 5, "the recording has events: " + expected.size());
        for (long seed = 1; seed <= 100; seed++) {
            assertEquals(expected, mixed(bytes, seed), recording + ", seed " + seed);
        }
    }

    @Test
    void pollMixedWithNextOnAGeneratedStreamOfEveryFeature() throws IOException {
        Random content = new Random(5);
        StringBuilder b = new StringBuilder();
        String[] ends = {"\n", "\r\n", "\r"};
        for (int i = 0; i < 200; i++) {
            String end = ends[content.nextInt(3)];
            if (content.nextInt(4) == 0) {
                b.append(": ping").append(end).append(end);
            }
            if (content.nextInt(3) == 0) {
                b.append("event: e").append(i).append(end);
            }
            if (content.nextInt(3) == 0) {
                b.append("id: ").append(i).append(end);
            }
            if (content.nextInt(5) == 0) {
                b.append("retry: 100").append(end);
            }
            int lines = content.nextInt(4);
            for (int l = 0; l < lines; l++) {
                b.append(l % 2 == 0 ? "data: " : "data:").append("line ").append(l).append(" é🎉").append(end);
                if (content.nextInt(6) == 0) {
                    b.append(":comment inside").append(end);
                }
            }
            b.append(end);
        }
        b.append("data: unfinished");
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        SseEventReader alone = new SseEventReader(new ByteArrayInputStream(bytes));
        List<SseEvent> expected = all(alone);
        assertTrue(alone.endedMidEvent());
        for (long seed = 1; seed <= 200; seed++) {
            assertEquals(expected, mixed(bytes, seed), "seed " + seed);
        }
    }

    /**
     * The events of the bytes let in piece by piece (random sizes), read by next() and poll() at random:
     * poll whenever the test feels like it, next when poll has nothing (which then reads one more piece).
     */
    private static List<SseEvent> mixed(byte[] bytes, long seed) throws IOException {
        Random random = new Random(seed);
        int largest = seed % 3 == 0 ? 4 : seed % 3 == 1 ? 40 : 600;
        ArrivingInputStream in = new ArrivingInputStream();
        for (int from = 0; from < bytes.length; ) {
            int n = Math.min(bytes.length - from, 1 + random.nextInt(largest));
            in.arrive(Arrays.copyOfRange(bytes, from, from + n));
            from += n;
        }
        in.end();
        SseEventReader r = new SseEventReader(in);
        List<SseEvent> out = new ArrayList<>();
        while (true) {
            if (random.nextInt(3) > 0) {
                int reads = in.reads;
                SseEvent e = r.poll();
                assertEquals(reads, in.reads, "poll read the stream");
                if (e != null) {
                    out.add(e);
                    continue;
                }
            }
            SseEvent e = r.next();
            if (e == null) {
                return out;
            }
            out.add(e);
        }
    }

    private static List<SseEvent> all(SseEventReader r) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e; (e = r.next()) != null; ) {
            out.add(e);
        }
        return out;
    }

    private static byte[] recording(String name) {
        try (InputStream in = SseEventReaderPollTest.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
