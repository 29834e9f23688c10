package org.icsmap.domain.pseudonymise;

import java.time.LocalDate;
import java.time.Period;

/** Five-year age bands (ONS style), 90 and over pooled so the oldest cannot be singled out. */
public final class AgeBand {

    private AgeBand() {
    }

    /** Age in whole years on a date. */
    public static int ageOn(LocalDate dateOfBirth, LocalDate on) {
        return Period.between(dateOfBirth, on).getYears();
    }

    /** {@code 0-4}, {@code 5-9}, …, {@code 85-89}, {@code 90+}. */
    public static String of(int age) {
        if (age < 0) {
            throw new IllegalArgumentException("negative age");
        }
        if (age >= 90) {
            return "90+";
        }
        int low = age / 5 * 5;
        return low + "-" + (low + 4);
    }
}
