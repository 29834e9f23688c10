package org.icsmap.domain.pseudonymise;

import java.time.LocalDate;
import java.time.Period;

/** Five-year age bands (ONS style), 90 and over pooled so the oldest cannot be singled out. */
public final class AgeBand {

    private AgeBand() {
    }

    /** The bands by {@code age / 5}, made once: ingest asks once a row. */
    private static final String[] BANDS = new String[18];

    static {
        for (int i = 0; i < BANDS.length; i++) {
            BANDS[i] = i * 5 + "-" + (i * 5 + 4);
        }
    }

    /** Age in whole years on a date: what {@code Period.between(dateOfBirth, on).getYears()} gives, without a Period. */
    public static int ageOn(LocalDate dateOfBirth, LocalDate on) {
        if (on.isBefore(dateOfBirth)) {
            return Period.between(dateOfBirth, on).getYears();
        }
        int years = on.getYear() - dateOfBirth.getYear();
        // A birthday not yet reached this year (29 February counts as reached on 1 March, as Period has it).
        if (on.getMonthValue() < dateOfBirth.getMonthValue()
                || on.getMonthValue() == dateOfBirth.getMonthValue() && on.getDayOfMonth() < dateOfBirth.getDayOfMonth()) {
            years--;
        }
        return years;
    }

    /**
     * {@link #ageOn(LocalDate, LocalDate)} of dates written as the numbers YYYYMMDD: the difference of two such numbers, in
     * ten thousands, is the whole years between them (a month and day not yet reached borrow a year).
     */
    public static int ageOn(int dateOfBirth, int on) {
        if (on < dateOfBirth) {
            return ageOn(LocalDate.of(dateOfBirth / 10_000, dateOfBirth / 100 % 100, dateOfBirth % 100),
                    LocalDate.of(on / 10_000, on / 100 % 100, on % 100));
        }
        return (on - dateOfBirth) / 10_000;
    }

    /** {@code 0-4}, {@code 5-9}, …, {@code 85-89}, {@code 90+}. */
    public static String of(int age) {
        if (age < 0) {
            throw new IllegalArgumentException("negative age");
        }
        if (age >= 90) {
            return "90+";
        }
        return BANDS[age / 5];
    }
}
