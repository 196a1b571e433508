package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {

    private static SseEventReader reader(String body) {
        return new SseEventReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<SseEvent> all(SseEventReader r) throws IOException {
        List<SseEvent> out = new ArrayList<>();
        SseEvent e;
        while ((e = r.next()) != null) {
            out.add(e);
        }
        return out;
    }

    @Test
    void readsOneEventWithTheDefaultName() throws IOException {
        SseEventReader r = reader("data: {\"a\":1}\n\n");
        assertEquals(new SseEvent("message", "{\"a\":1}", null), r.next());
        assertNull(r.next());
        assertFalse(r.endedMidEvent());
    }

    @Test
    void joinsSeveralDataLinesWithLineFeeds() throws IOException {
        assertEquals(List.of(new SseEvent("message", "one\ntwo\n\nfour", null)),
                all(reader("data: one\ndata: two\ndata:\ndata: four\n\n")));
    }

    @Test
    void ignoresComments() throws IOException {
        assertEquals(List.of(new SseEvent("message", "x", null)),
                all(reader(": keep-alive\n\n:another\ndata: x\n: in the middle\n\n")));
    }

    @Test
    void readsEventNamesAndIds() throws IOException {
        List<SseEvent> events = all(reader("event: content_block_delta\nid: 7\ndata: a\n\nevent: ping\ndata: b\n\n"));
        assertEquals(List.of(new SseEvent("content_block_delta", "a", "7"), new SseEvent("ping", "b", null)), events);
    }

    @Test
    void anEventNameWithoutDataIsNotDispatchedAndDoesNotLeakIntoTheNextEvent() throws IOException {
        assertEquals(List.of(new SseEvent("message", "x", null)), all(reader("event: ping\n\ndata: x\n\n")));
    }

    @Test
    void emptyEventNameMeansMessage() throws IOException {
        assertEquals(List.of(new SseEvent("message", "x", null)), all(reader("event:\ndata: x\n\n")));
    }

    @Test
    void acceptsCrLfAndLoneCrLineEndings() throws IOException {
        assertEquals(List.of(new SseEvent("a", "1\n2", null), new SseEvent("b", "3", null)),
                all(reader("event: a\r\ndata: 1\r\ndata: 2\r\n\r\nevent: b\rdata: 3\r\r")));
    }

    @Test
    void takesDataWithoutASpaceAfterTheColonAndStripsOnlyOneSpace() throws IOException {
        assertEquals(List.of(new SseEvent("message", "tight", null)), all(reader("data:tight\n\n")));
        assertEquals(List.of(new SseEvent("message", " two", null)), all(reader("data:  two\n\n")));
    }

    @Test
    void aFieldWithoutColonHasAnEmptyValue() throws IOException {
        assertEquals(List.of(new SseEvent("message", "", null)), all(reader("data\n\n")));
    }

    @Test
    void ignoresRetryAndUnknownFields() throws IOException {
        assertEquals(List.of(new SseEvent("message", "x", null)), all(reader("retry: 1000\nfoo: bar\ndata: x\n\n")));
    }

    @Test
    void dropsAnIncompleteLastEventAndSaysTheStreamEndedMidEvent() throws IOException {
        SseEventReader r = reader("data: complete\n\ndata: cut off");
        assertEquals(new SseEvent("message", "complete", null), r.next());
        assertFalse(r.endedMidEvent());
        assertNull(r.next());
        assertTrue(r.endedMidEvent());
    }

    @Test
    void aLastEventEndingInOneNewlineIsStillIncomplete() throws IOException {
        SseEventReader r = reader("data: cut\n");
        assertNull(r.next());
        assertTrue(r.endedMidEvent());
    }

    @Test
    void blankLineOnlyStreamsHaveNoEventsAndEndCleanly() throws IOException {
        SseEventReader r = reader("\n\n\r\n\r\n");
        assertNull(r.next());
        assertFalse(r.endedMidEvent());
        SseEventReader empty = reader("");
        assertNull(empty.next());
        assertFalse(empty.endedMidEvent());
    }

    @Test
    void aTrailingCommentIsNotAnIncompleteEvent() throws IOException {
        SseEventReader r = reader("data: x\n\n: bye");
        assertEquals("x", r.next().data());
        assertNull(r.next());
        assertFalse(r.endedMidEvent());
    }

    @Test
    void decodesMultiByteCharactersSplitAcrossReads() throws IOException {
        String text = "héllo — 日本語 🎉";
        OneByteInputStream in = new OneByteInputStream("event: delta\ndata: " + text + "\n\n");
        SseEventReader r = new SseEventReader(in);
        assertEquals(new SseEvent("delta", text, null), r.next());
        assertNull(r.next());
        assertTrue(in.reads > text.length(), "the stream must have been read byte by byte");
    }

    @Test
    void refusesAnEventWhoseDataLinesTogetherExceedTheCap() {
        String body = ("data: " + "x".repeat(60) + "\n").repeat(3) + "\n";
        IOException e = assertThrows(IOException.class, () -> new SseEventReader(stream(body), 100).next());
        assertTrue(e.getMessage().contains("100"), e.getMessage());
    }

    @Test
    void refusesASingleLineLongerThanTheCap() {
        String body = "data: " + "y".repeat(200) + "\n\n";
        IOException e = assertThrows(IOException.class, () -> new SseEventReader(stream(body), 100).next());
        assertTrue(e.getMessage().contains("100"), e.getMessage());
    }

    private static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEventJustWithinTheCapIsRead() throws IOException {
        String data = "z".repeat(90);
        InputStream in = new ByteArrayInputStream(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(data, new SseEventReader(in, 100).next().data());
    }

    @Test
    void idIsKeptWhenTheEventHasOne() throws IOException {
        assertEquals("abc", reader("id: abc\ndata: x\n\n").next().id());
    }
}
