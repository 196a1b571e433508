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

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

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
        BigDecimal micro = input.multiply(BigDecimal.valueOf(uncached))
                .add(cachedInput.multiply(BigDecimal.valueOf(u.cacheReadTokens())))
                .add(cacheWrite.multiply(BigDecimal.valueOf(u.cacheWriteTokens())))
                .add(output.multiply(BigDecimal.valueOf(u.completionTokens())));
        return micro.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros();
    }

    /** The most a call of this many prompt and output tokens can cost (no cache discount). */
    public BigDecimal maxCost(long promptTokens, long outputTokens) {
        BigDecimal micro = input.max(cacheWrite).multiply(BigDecimal.valueOf(promptTokens))
                .add(output.multiply(BigDecimal.valueOf(outputTokens)));
        return micro.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros();
    }
}
