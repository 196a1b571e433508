package dev.consort.core.usage;

import dev.consort.spi.chat.Usage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * A model's prices in US dollars per million tokens.
 *
 * @param input       uncached input
 * @param output      output (reasoning included)
 * @param cachedInput input read from a prompt cache (input price when the provider has none)
 * @param cacheWrite  input written to a prompt cache (input price when the provider has none)
 */
public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite) {

    /** Free: local models. */
    public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    public Price {
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(output, "output is null");
        cachedInput = cachedInput == null ? input : cachedInput;
        cacheWrite = cacheWrite == null ? input : cacheWrite;
        for (BigDecimal p : new BigDecimal[] {input, output, cachedInput, cacheWrite}) {
            if (p.signum() < 0) {
                throw new IllegalArgumentException("a price must not be negative: " + p);
            }
        }
    }

    /** What a call with this usage costs. */
    public BigDecimal cost(Usage u) {
        long uncached = Math.max(0, (long) u.promptTokens() - u.cacheReadTokens() - u.cacheWriteTokens());
        BigDecimal micro = times(input, uncached).add(times(cachedInput, u.cacheReadTokens()))
                .add(times(cacheWrite, u.cacheWriteTokens())).add(times(output, u.completionTokens()));
        return perMillion(micro);
    }

    /** The most a call of this many prompt and output tokens can cost (no cache discount). */
    public BigDecimal maxCost(long promptTokens, long outputTokens) {
        BigDecimal micro = times(input.max(cacheWrite), promptTokens).add(times(output, outputTokens));
        return perMillion(micro);
    }

    private static BigDecimal times(BigDecimal price, long tokens) {
        return tokens == 0 ? BigDecimal.ZERO : price.multiply(BigDecimal.valueOf(tokens));
    }

    /**
     * Micro-dollars as dollars: the value {@code divide(1_000_000, DECIMAL64)} gives (the exact quotient,
     * rounded to 16 digits only when it has more), without a division.
     */
    private static BigDecimal perMillion(BigDecimal micro) {
        BigDecimal dollars = micro.movePointLeft(6);
        return (dollars.precision() > MathContext.DECIMAL64.getPrecision()
                ? dollars.round(MathContext.DECIMAL64) : dollars).stripTrailingZeros();
    }
}
