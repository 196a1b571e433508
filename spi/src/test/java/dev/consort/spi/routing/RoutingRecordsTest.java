package dev.consort.spi.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingRecordsTest {

    private static CandidateInfo candidate(int window, int prompt, int output, int shaped, String cost, String left) {
        return new CandidateInfo("fast", "openai", window, prompt, output, shaped, new BigDecimal(cost),
                left == null ? null : new BigDecimal(left), false);
    }

    @Test
    void fitsWhenPromptPlusOutputFitTheWindowExactly() {
        assertTrue(candidate(1000, 800, 200, 800, "0", null).fits());
        assertFalse(candidate(1000, 801, 200, 801, "0", null).fits());
    }

    @Test
    void fitsShapedLooksAtTheShapedPrompt() {
        CandidateInfo c = candidate(1000, 5000, 200, 700, "0", null);
        assertFalse(c.fits());
        assertTrue(c.fitsShaped());
        assertFalse(candidate(1000, 5000, 200, 900, "0", null).fitsShaped());
    }

    @Test
    void fitsDoesNotOverflowOnHugeCounts() {
        assertFalse(candidate(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, "0", null).fits());
    }

    @Test
    void affordableWithoutABudgetOrWhenTheBudgetCoversTheCost() {
        assertTrue(candidate(10, 1, 1, 1, "5.00", null).affordable());
        assertTrue(candidate(10, 1, 1, 1, "5.00", "5").affordable());
        assertFalse(candidate(10, 1, 1, 1, "5.01", "5").affordable());
    }

    @Test
    void candidateValidates() {
        assertThrows(IllegalArgumentException.class, () -> candidate(0, 1, 1, 1, "0", null));
        assertThrows(IllegalArgumentException.class, () -> candidate(10, -1, 1, 1, "0", null));
        assertThrows(IllegalArgumentException.class, () -> candidate(10, 1, -1, 1, "0", null));
        assertThrows(IllegalArgumentException.class, () -> candidate(10, 1, 1, -1, "0", null));
        assertThrows(NullPointerException.class,
                () -> new CandidateInfo("b", "t", 10, 1, 1, 1, null, null, false));
    }

    @Test
    void decisionListsTheTakenBackendsInOrder() {
        RouteDecision d = new RouteDecision("code", List.of(
                new RouteStep("a", false, "cooling down"),
                new RouteStep("b", true, "rule 'code', position 2"),
                new RouteStep("c", true, "rule 'code', position 3")));
        assertEquals(List.of("b", "c"), d.chosen());
        assertEquals(List.of(), new RouteDecision("code", null).chosen());
    }

    @Test
    void requestFindsACandidateByName() {
        CandidateInfo c = candidate(10, 1, 1, 1, "0", null);
        RouteRequest r = new RouteRequest("code", null, List.of(c));
        assertEquals(Optional.of(c), r.candidate("fast"));
        assertEquals(Optional.empty(), r.candidate("slow"));
        assertThrows(IllegalArgumentException.class, () -> new RouteRequest(" ", null, List.of()));
    }
}
