package io.centinela.sigma.eval;

import java.math.BigDecimal;

/** Lenient number parsing for comparisons: decimal or 0x-hex; anything else is "not a number" (null). */
public final class Numbers {

    private Numbers() {
    }

    public static BigDecimal parse(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return new BigDecimal(new java.math.BigInteger(s.substring(2), 16));
            }
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
