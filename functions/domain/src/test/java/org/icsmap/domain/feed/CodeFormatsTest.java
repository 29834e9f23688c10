package org.icsmap.domain.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks must say exactly what the definitions' regular expressions say. */
class CodeFormatsTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .;-é";

    @Test
    void agreesWithEachPatternOnRealCodesAndNearMisses() {
        List<String> samples = new ArrayList<>(List.of("", "S40 4TF", "s404tf", "S40  4TF", " S40 4TF", "GIR 0AA", "gir0aa", "GIR 0AB",
                "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "QA1 1AA", "A1 1CA", "AI1 1AA", "A1I 1AA", "AA1C 1AA",
                "J44", "J44.1", "J44.", "J441", "J44.123", "J44.1234", "j44.1", "E11.9;I10", "E11.9;", ";E11.9", "E11.9;;I10", "R07.4;J44.X",
                "FD10M", "FD10", "fd10M", "FD1OM", "100", "10", "1000", "1-123456", "1-12345", "1-123456789012", "1-12345678901", "2-123456"));
        StringBuilder twenty = new StringBuilder("A00");
        for (int i = 1; i < 20; i++) {
            twenty.append(";B").append(String.format("%02d", i));
        }
        samples.add(twenty.toString());
        samples.add(twenty + ";C99");
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            samples.add(mutate(samples.get(random.nextInt(45)), random));
        }
        for (Pattern pattern : List.of(FeedDefinitions.POSTCODE, FeedDefinitions.ICD10, FeedDefinitions.ICD10_LIST, FeedDefinitions.HRG,
                FeedDefinitions.TREATMENT_FUNCTION, FeedDefinitions.CQC_LOCATION)) {
            Predicate<String> check = CodeFormats.checkFor(pattern);
            int matched = 0;
            for (String sample : samples) {
                boolean expected = pattern.matcher(sample).matches();
                assertThat(check.test(sample)).as("%s on \"%s\"", pattern, sample).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
            assertThat(matched).as("samples matching %s", pattern).isGreaterThan(3);
        }
    }

    @Test
    void anUnknownPatternIsCheckedByTheRegex() {
        Predicate<String> check = CodeFormats.checkFor(Pattern.compile("[xy]+"));
        assertThat(check.test("xyx")).isTrue();
        assertThat(check.test("xyz")).isFalse();
    }

    /** One to three random edits: replace, insert or delete a character, or change its case. */
    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = b.isEmpty() ? 0 : random.nextInt(b.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        b.setCharAt(at, c);
                    }
                }
                case 1 -> b.insert(at, c);
                case 2 -> {
                    if (!b.isEmpty()) {
                        b.deleteCharAt(at);
                    }
                }
                default -> {
                    if (!b.isEmpty()) {
                        char x = b.charAt(at);
                        b.setCharAt(at, Character.isUpperCase(x) ? Character.toLowerCase(x) : Character.toUpperCase(x));
                    }
                }
            }
        }
        return b.toString();
    }
}
