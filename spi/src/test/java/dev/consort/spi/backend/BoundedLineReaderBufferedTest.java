package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BoundedLineReader#readBufferedLine()}: the whole lines already buffered, never a read, and a line
 * begun in the buffer carried on by the next call of either method.
 */
class BoundedLineReaderBufferedTest {

    @Test
    void givesTheWholeBufferedLinesWhateverTheirEndsAndNeverReads() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream().arrive("a\nb\r\nc\rd\n\r\ne");
        BoundedLineReader r = new BoundedLineReader(in);
        assertEquals("a", r.readLine());
        int reads = in.reads;
        assertEquals("b", r.readBufferedLine());
        assertEquals("c", r.readBufferedLine());
        assertEquals("d", r.readBufferedLine());
        assertEquals("", r.readBufferedLine(), "the CRLF after d's LF is one blank line");
        assertNull(r.readBufferedLine(), "e has no end of line yet");
        assertNull(r.readBufferedLine(), "asking again changes nothing");
        assertEquals(reads, in.reads, "readBufferedLine read the stream");
        in.arrive("nd\n").end();
        assertEquals("end", r.readLine(), "the partial line is carried on, neither lost nor doubled");
        assertNull(r.readLine());
    }

    @Test
    void beforeAnyReadNothingIsBuffered() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream();
        BoundedLineReader r = new BoundedLineReader(in);
        assertNull(r.readBufferedLine());
        assertEquals(0, in.reads);
        in.arrive("x\n");
        assertEquals("x", r.readLine());
        assertNull(r.readBufferedLine());
    }

    @Test
    void aPartialLineIsCompletedByTheNextReadLineAcrossSeveralReads() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream().arrive("first\npar");
        BoundedLineReader r = new BoundedLineReader(in);
        assertEquals("first", r.readLine());
        assertNull(r.readBufferedLine());
        in.arrive("t").arrive("ial").arrive("\nnext\nla");
        assertEquals("partial", r.readLine());
        assertEquals("next", r.readBufferedLine());
        assertNull(r.readBufferedLine());
        in.arrive("st").end();
        assertEquals("last", r.readLine(), "a last line without an end is still whole at the end");
        assertNull(r.readLine());
        assertNull(r.readBufferedLine());
    }

    @Test
    void aCrThatIsTheLastBufferedByteAndItsLfInTheNextFillEndOneLine() throws IOException {
        // The line is returned at its CR by readBufferedLine; the LF comes with the next read.
        ArrivingInputStream in = new ArrivingInputStream().arrive("x\ny\r");
        BoundedLineReader r = new BoundedLineReader(in);
        assertEquals("x", r.readLine());
        assertEquals("y", r.readBufferedLine());
        assertNull(r.readBufferedLine());
        in.arrive("\nz\n");
        assertEquals("z", r.readLine(), "the LF after the CR is no blank line");

        // The line is returned at its CR by readLine, and readBufferedLine finds nothing after it.
        ArrivingInputStream in2 = new ArrivingInputStream().arrive("y\r");
        BoundedLineReader r2 = new BoundedLineReader(in2);
        assertEquals("y", r2.readLine());
        assertNull(r2.readBufferedLine());
        in2.arrive("\n\nz\r");
        assertEquals("", r2.readLine(), "one blank line: the LF that ends the CRLF is skipped");
        assertEquals("z", r2.readBufferedLine());
        in2.arrive("\n").end();
        assertNull(r2.readLine(), "the LF of z's CRLF was skipped across the fill");
    }

    @Test
    void aLoneCrAtTheEndOfTheBufferEndsTheLineWhenWhatFollowsIsNoLf() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream().arrive("x\ny\r");
        BoundedLineReader r = new BoundedLineReader(in);
        assertEquals("x", r.readLine());
        assertEquals("y", r.readBufferedLine());
        in.arrive("z\n");
        assertEquals("z", r.readLine());
    }

    @Test
    void aCharacterSplitBetweenTheBufferedPartAndTheRestIsDecodedWhole() throws IOException {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        ArrivingInputStream in = new ArrivingInputStream().arrive("a\nh").arrive(new byte[] {e[0]});
        BoundedLineReader r = new BoundedLineReader(in);
        assertEquals("a", r.readLine());
        assertNull(r.readBufferedLine());
        in.arrive(new byte[] {e[1]}).arrive("llo\n");
        assertEquals("héllo", r.readLine());
    }

    @Test
    void theCapCountsThePartBufferedBeforeAndTheRest() throws IOException {
        ArrivingInputStream in = new ArrivingInputStream().arrive("first\n" + "x".repeat(8));
        BoundedLineReader r = new BoundedLineReader(in, 10);
        assertEquals("first", r.readLine());
        assertNull(r.readBufferedLine());
        in.arrive("xxx\n");
        IOException e = assertThrows(IOException.class, r::readLine);
        assertEquals("line longer than 10 bytes", e.getMessage());

        ArrivingInputStream exactly = new ArrivingInputStream().arrive("first\n" + "x".repeat(8));
        BoundedLineReader ok = new BoundedLineReader(exactly, 10);
        assertEquals("first", ok.readLine());
        assertNull(ok.readBufferedLine());
        exactly.arrive("xx\nnext\n");
        assertEquals("x".repeat(10), ok.readLine());
        assertEquals("next", ok.readBufferedLine());
    }

    @Test
    void readBufferedLineRefusesABufferedLineLongerThanTheCap() throws IOException {
        BoundedLineReader whole = new BoundedLineReader(
                new ArrivingInputStream().arrive("first\n" + "y".repeat(11) + "\n"), 10);
        assertEquals("first", whole.readLine());
        assertEquals("line longer than 10 bytes", assertThrows(IOException.class, whole::readBufferedLine).getMessage());

        BoundedLineReader partial = new BoundedLineReader(new ArrivingInputStream().arrive("first\n" + "y".repeat(11)), 10);
        assertEquals("first", partial.readLine());
        assertThrows(IOException.class, partial::readBufferedLine, "a partial line already over the cap");
    }

    @Test
    void mixingBothMethodsGivesTheLinesOfReadLineAloneWhateverTheCuts() throws IOException {
        StringBuilder b = new StringBuilder();
        Random content = new Random(11);
        String[] ends = {"\n", "\r\n", "\r"};
        for (int i = 0; i < 300; i++) {
            b.append("line ").append(i).append(" ü".repeat(content.nextInt(4))).append(ends[content.nextInt(3)]);
            if (i % 23 == 0) {
                b.append(ends[content.nextInt(3)]);
            }
        }
        b.append("tail without end");
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        BoundedLineReader alone = new BoundedLineReader(new ByteArrayInputStream(bytes));
        for (String l; (l = alone.readLine()) != null; ) {
            expected.add(l);
        }
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            ArrivingInputStream in = new ArrivingInputStream();
            for (int from = 0; from < bytes.length; ) {
                int n = Math.min(bytes.length - from, 1 + random.nextInt(seed % 2 == 0 ? 8 : 200));
                in.arrive(Arrays.copyOfRange(bytes, from, from + n));
                from += n;
            }
            in.end();
            BoundedLineReader r = new BoundedLineReader(in);
            List<String> got = new ArrayList<>();
            while (true) {
                if (random.nextBoolean()) {
                    int reads = in.reads;
                    for (String l; (l = r.readBufferedLine()) != null; ) {
                        got.add(l);
                    }
                    assertEquals(reads, in.reads, "readBufferedLine read the stream (seed " + seed + ")");
                } else {
                    String l = r.readLine();
                    if (l == null) {
                        break;
                    }
                    got.add(l);
                }
            }
            assertEquals(expected, got, "seed " + seed);
        }
    }
}
