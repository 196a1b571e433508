package dev.consort.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.consort.spi.chat.Usage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Dollars per million tokens, with prompt-cache reads and writes priced apart. */
class PriceTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static final Price SONNET = new Price(d("3"), d("15"), d("0.3"), d("3.75"));

    @Test
    void costsUncachedInputCacheReadsCacheWritesAndOutputEachAtTheirPrice() {
        // 1000 prompt tokens of which 600 read from the cache and 200 written to it; 100 output
        Usage u = new Usage(1000, 100, 600, 200, 0, true);
        // 200 × 3 + 600 × 0.3 + 200 × 3.75 + 100 × 15 = 3030 micro-dollars
        assertEquals(0, d("0.00303").compareTo(SONNET.cost(u)), SONNET.cost(u).toPlainString());
    }

    @Test
    void costsAPlainCallAtInputAndOutputPrices() {
        assertEquals(0, d("0.0045").compareTo(SONNET.cost(Usage.exact(1000, 100))));
        assertEquals(0, BigDecimal.ZERO.compareTo(SONNET.cost(Usage.ZERO)));
        assertEquals(0, BigDecimal.ZERO.compareTo(Price.FREE.cost(Usage.exact(1_000_000, 1_000_000))));
    }

    @Test
    void cachePricesDefaultToTheInputPrice() {
        Price p = new Price(d("2"), d("8"), null, null);
        assertEquals(d("2"), p.cachedInput());
        assertEquals(d("2"), p.cacheWrite());
        assertEquals(p.cost(Usage.exact(1000, 0)), p.cost(new Usage(1000, 0, 500, 500, 0, true)));
    }

    @Test
    void cacheTokensBeyondThePromptNeverMakeTheUncachedPartNegative() {
        Price p = new Price(d("1"), d("1"), d("1"), d("1"));
        assertEquals(0, d("0.00002").compareTo(p.cost(new Usage(10, 0, 15, 5, 0, true))));
    }

    @Test
    void theMostACallCanCostAssumesEveryPromptTokenIsACacheWrite() {
        assertEquals(0, d("0.01875").compareTo(SONNET.maxCost(1000, 1000)));
        assertEquals(0, d("0.018").compareTo(new Price(d("3"), d("15"), null, null).maxCost(1000, 1000)));
    }

    @Test
    void refusesANegativePrice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Price(d("1"), d("-1"), null, null));
        assertEquals("a price must not be negative: -1", e.getMessage());
    }

    @Test
    void costsAreTheValuesADivisionByAMillionGave() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        BigDecimal million = BigDecimal.valueOf(1_000_000);
        for (int i = 0; i < 20_000; i++) {
            BigDecimal in = BigDecimal.valueOf(random.nextLong(0, 100_000_000), random.nextInt(0, 20));
            BigDecimal out = BigDecimal.valueOf(random.nextLong(0, 100_000_000), random.nextInt(0, 20));
            Price p = new Price(in, out, null, null);
            int prompt = random.nextInt(0, 3) == 0 ? 0 : random.nextInt(0, 2_000_000);
            int completion = random.nextInt(0, 3) == 0 ? 0 : random.nextInt(0, 200_000);
            BigDecimal divided = in.multiply(BigDecimal.valueOf(prompt)).add(out.multiply(BigDecimal.valueOf(completion)))
                    .divide(million, java.math.MathContext.DECIMAL64).stripTrailingZeros();
            assertEquals(divided, p.cost(Usage.exact(prompt, completion)), in + " " + out + " " + prompt + " " + completion);
            assertEquals(divided, p.maxCost(prompt, completion));
        }
    }
}
