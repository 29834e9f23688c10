package org.icsmap.synthetic;

import java.time.YearMonth;

/**
 * What to generate.
 *
 * @param population             people in the synthetic ICS (default 100,000; 1,000,000 works)
 * @param seed                   same seed, same bytes
 * @param firstMonth             first period (default April 2024: two financial years)
 * @param months                 how many monthly periods (default 24)
 * @param defects                rates of deliberate defects
 * @param optOutRate             share of patients on the national data opt-out list (about 3 %)
 * @param registeredOutOfArea    share of patients registered with practices outside the ICS who still use its services
 */
public record GeneratorSettings(int population, long seed, YearMonth firstMonth, int months, DefectRates defects,
                                double optOutRate, double registeredOutOfArea) {

    public static final int DEFAULT_POPULATION = 100_000;
    public static final long DEFAULT_SEED = 20_190_601L;
    public static final YearMonth DEFAULT_FIRST_MONTH = YearMonth.of(2024, 4);

    public GeneratorSettings {
        if (population < 1 || population > 5_000_000) {
            throw new IllegalArgumentException("population must be from 1 to 5,000,000, not " + population);
        }
        if (months < 1 || months > 120) {
            throw new IllegalArgumentException("months must be from 1 to 120, not " + months);
        }
    }

    public static GeneratorSettings of(int population, long seed) {
        return new GeneratorSettings(population, seed, DEFAULT_FIRST_MONTH, 24, DefectRates.DEFAULT, 0.03, 0.03);
    }

    public GeneratorSettings withDefects(DefectRates rates) {
        return new GeneratorSettings(population, seed, firstMonth, months, rates, optOutRate, registeredOutOfArea);
    }

    public GeneratorSettings withMonths(YearMonth first, int count) {
        return new GeneratorSettings(population, seed, first, count, defects, optOutRate, registeredOutOfArea);
    }

    public YearMonth lastMonth() {
        return firstMonth.plusMonths(months - 1L);
    }

    /**
     * Per-row rates of each defect (a row gets at most one), and per-file rates of a UTF-8 BOM and of
     * CRLF line endings.
     */
    public record DefectRates(double invalidNhsNumber, double missingNhsNumber, double impossibleDate, double unknownPractice,
                              double malformedRow, double duplicateRow, double bomFile, double crlfFile) {

        public static final DefectRates DEFAULT = new DefectRates(0.004, 0.01, 0.001, 0.002, 0.0005, 0.003, 0.15, 0.2);
        public static final DefectRates NONE = new DefectRates(0, 0, 0, 0, 0, 0, 0, 0);

        public DefectRates {
            double rowTotal = invalidNhsNumber + missingNhsNumber + impossibleDate + unknownPractice + malformedRow + duplicateRow;
            if (rowTotal > 0.5 || min(invalidNhsNumber, missingNhsNumber, impossibleDate, unknownPractice, malformedRow, duplicateRow,
                    bomFile, crlfFile) < 0 || bomFile > 1 || crlfFile > 1) {
                throw new IllegalArgumentException("defect rates must be non-negative and row rates add up to at most 0.5");
            }
        }

        private static double min(double... values) {
            double m = Double.MAX_VALUE;
            for (double v : values) {
                m = Math.min(m, v);
            }
            return m;
        }
    }
}
