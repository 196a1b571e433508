package dev.consort.context.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Costs as INTEGER pico-dollars (10<sup>-12</sup> USD), so that SQL can add them up exactly. Every price
 * list quotes at most six decimals per million tokens, so a call's cost has at most twelve decimals
 * and is represented exactly; the exact decimal text is kept beside it in the ledger all the same.
 * One row or a total may reach about 9.2 million dollars.
 */
public final class PicoDollars {

    private static final int SCALE = 12;

    private PicoDollars() {
    }

    public static long of(BigDecimal usd) {
        try {
            return usd.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cost too large for the ledger: " + usd, e);
        }
    }

    public static BigDecimal toUsd(long picos) {
        BigDecimal usd = BigDecimal.valueOf(picos, SCALE).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }
}
