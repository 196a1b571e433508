package dev.consort.backend.local.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequencesTest {

    @Test
    void passesTextThroughWhenThereAreNoStops() {
        StopSequences stops = new StopSequences(List.of());
        assertEquals("abc", stops.push("abc"));
        assertFalse(stops.stopped());
    }

    @Test
    void holdsBackAPossibleStartOfAStopAndCutsAtTheStop() {
        StopSequences stops = new StopSequences(List.of("END"));
        assertEquals("hello ", stops.push("hello E"));
        assertEquals("", stops.push("N"));
        assertEquals("", stops.push("D and more"));
        assertTrue(stops.stopped());
        assertEquals("", stops.push("later"));
    }

    @Test
    void releasesHeldTextThatTurnsOutNotToBeAStop() {
        StopSequences stops = new StopSequences(List.of("END"));
        assertEquals("a", stops.push("aE"));
        assertEquals("Ex", stops.push("x"));
        assertEquals("", stops.push("EN"));
        assertEquals("EN", stops.flush());
    }

    @Test
    void cutsAtTheEarliestOfSeveralStops() {
        StopSequences stops = new StopSequences(List.of("zz", "\n\n"));
        assertEquals("one", stops.push("one\n\ntwo zz"));
        assertTrue(stops.stopped());
    }
}
