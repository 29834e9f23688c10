package org.icsmap.synthetic;

import java.math.BigDecimal;

/** Pence as long, so sums are exact and fast; pounds only as text. */
final class Money {
    private Money() {
    }

    static long pence(BigDecimal pounds) {
        return pounds.movePointRight(2).longValueExact();
    }

    static void appendPounds(StringBuilder out, long pence) {
        out.append(pence / 100).append('.');
        long p = pence % 100;
        if (p < 10) {
            out.append('0');
        }
        out.append(p);
    }

    static String pounds(long pence) {
        StringBuilder out = new StringBuilder();
        appendPounds(out, pence);
        return out.toString();
    }
}
