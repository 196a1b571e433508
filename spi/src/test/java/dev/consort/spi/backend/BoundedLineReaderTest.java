package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static BoundedLineReader reader(String text) {
        return new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> lines(BoundedLineReader r) throws IOException {
        List<String> out = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            out.add(line);
        }
        return out;
    }

    @Test
    void splitsOnLineFeedCrLfAndLoneCr() throws IOException {
        assertEquals(List.of("a", "b", "c", "", "d"), lines(reader("a\nb\r\nc\r\rd\n")));
    }

    @Test
    void crLfSplitAcrossReadsIsOneLineEnd() throws IOException {
        BoundedLineReader r = new BoundedLineReader(new OneByteInputStream("a\r\nb\r\n\r\nc"));
        assertEquals(List.of("a", "b", "", "c"), lines(r));
    }

    @Test
    void returnsALastLineWithoutNewline() throws IOException {
        BoundedLineReader r = reader("first\nlast");
        assertEquals("first", r.readLine());
        assertFalse(r.atEnd());
        assertEquals("last", r.readLine());
        assertTrue(r.atEnd());
        assertNull(r.readLine());
    }

    @Test
    void atEndOnlyOnceTheStreamIsExhausted() throws IOException {
        BoundedLineReader r = reader("one\n");
        assertFalse(r.atEnd());
        assertEquals("one", r.readLine());
        assertFalse(r.atEnd());
        assertNull(r.readLine());
        assertTrue(r.atEnd());
        assertNull(r.readLine());
    }

    @Test
    void anEmptyStreamHasNoLines() throws IOException {
        BoundedLineReader r = reader("");
        assertNull(r.readLine());
        assertTrue(r.atEnd());
    }

    @Test
    void refusesALineLongerThanTheCapButTakesOneOfExactlyTheCap() throws IOException {
        BoundedLineReader ok = new BoundedLineReader(
                new ByteArrayInputStream(("x".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8)), 1000);
        assertEquals(1000, ok.readLine().length());
        BoundedLineReader tooLong = new BoundedLineReader(
                new ByteArrayInputStream(("x".repeat(1001) + "\n").getBytes(StandardCharsets.UTF_8)), 1000);
        IOException e = assertThrows(IOException.class, tooLong::readLine);
        assertEquals("line longer than 1000 bytes", e.getMessage());
    }

    @Test
    void capCountsBytesNotCharacters() {
        BoundedLineReader r = new BoundedLineReader(
                new ByteArrayInputStream("ééé\n".getBytes(StandardCharsets.UTF_8)), 5);
        assertThrows(IOException.class, r::readLine);
    }

    @Test
    void readsLinesLongerThanItsInternalBuffers() throws IOException {
        String longLine = "0123456789".repeat(3000);
        assertEquals(List.of(longLine, "end"), lines(reader(longLine + "\nend")));
    }

    @Test
    void decodesUtf8SplitAcrossReads() throws IOException {
        assertEquals(List.of("ünï", "😀"), lines(new BoundedLineReader(new OneByteInputStream("ünï\n😀\n"))));
    }

    @Test
    void refusesANonPositiveCap() {
        assertThrows(IllegalArgumentException.class,
                () -> new BoundedLineReader(new ByteArrayInputStream(new byte[0]), 0));
        assertThrows(NullPointerException.class, () -> new BoundedLineReader(null));
    }
}
