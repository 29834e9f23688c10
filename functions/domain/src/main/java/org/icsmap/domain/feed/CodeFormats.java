package org.icsmap.domain.feed;

import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Hand-written checks for the code formats the feed definitions state as regular expressions (postcode,
 * ICD-10, HRG, treatment function, CQC location). The expressions stay the definition — they are what
 * docs/feeds.md shows and what {@code CodeFormatsTest} compares these checks with, value by value — but
 * ingest runs these instead: a million-row upload checks several million codes, and a regex match costs
 * ten times a loop over five characters.
 */
public final class CodeFormats {

    private static final Map<Pattern, Predicate<String>> CHECKS = Map.of(
            FeedDefinitions.POSTCODE, CodeFormats::isPostcode,
            FeedDefinitions.ICD10, CodeFormats::isIcd10,
            FeedDefinitions.ICD10_LIST, CodeFormats::isIcd10List,
            FeedDefinitions.HRG, CodeFormats::isHrg,
            FeedDefinitions.TREATMENT_FUNCTION, CodeFormats::isTreatmentFunction,
            FeedDefinitions.CQC_LOCATION, CodeFormats::isCqcLocation);

    private CodeFormats() {
    }

    /** The check for a rule's pattern: the hand-written one where there is one, else the pattern itself. */
    public static Predicate<String> checkFor(Pattern pattern) {
        Predicate<String> check = CHECKS.get(pattern);
        return check != null ? check : value -> pattern.matcher(value).matches();
    }

    /** {@link FeedDefinitions#POSTCODE}: a well-formed UK postcode, with or without its space, any case. */
    static boolean isPostcode(String s) {
        int n = s.length();
        if (n < 5 || n > 8) {
            return false;
        }
        // The inward code is always the last three characters: digit, letter, letter.
        if (!isDigit(s.charAt(n - 3)) || !inwardLetter(upper(s.charAt(n - 2))) || !inwardLetter(upper(s.charAt(n - 1)))) {
            return false;
        }
        int outward = s.charAt(n - 4) == ' ' ? n - 4 : n - 3;
        if (outward == 3 && upper(s.charAt(0)) == 'G' && upper(s.charAt(1)) == 'I' && upper(s.charAt(2)) == 'R') {
            return s.charAt(n - 3) == '0' && upper(s.charAt(n - 2)) == 'A' && upper(s.charAt(n - 1)) == 'A'; // GIR 0AA
        }
        if (outward < 2 || outward > 4) {
            return false;
        }
        char c0 = upper(s.charAt(0));
        if (c0 < 'A' || c0 > 'Z' || c0 == 'Q' || c0 == 'V' || c0 == 'X') {
            return false;
        }
        char c1 = upper(s.charAt(1));
        return switch (outward) {
            case 2 -> isDigit(c1); // A9
            case 3 -> {
                char c2 = upper(s.charAt(2));
                yield isDigit(c1) && (isDigit(c2) || secondAfterDigit(c2)) // A99, A9A
                        || secondLetter(c1) && isDigit(c2); // AA9
            }
            default -> {
                char c3 = upper(s.charAt(3));
                yield secondLetter(c1) && isDigit(upper(s.charAt(2))) && (isDigit(c3) || fourth(c3)); // AA99, AA9A
            }
        };
    }

    /** {@link FeedDefinitions#ICD10}: letter, two digits, then optionally a point and one to three digits or capitals. */
    static boolean isIcd10(String s) {
        return icd10End(s, 0, s.length()) == s.length();
    }

    /** {@link FeedDefinitions#ICD10_LIST}: one to twenty ICD-10 codes separated by semicolons. */
    static boolean isIcd10List(String s) {
        int n = s.length();
        int at = 0;
        for (int codes = 1; codes <= 20; codes++) {
            int end = icd10End(s, at, n);
            if (end < 0) {
                return false;
            }
            if (end == n) {
                return true;
            }
            if (s.charAt(end) != ';') {
                return false;
            }
            at = end + 1;
        }
        return false;
    }

    /** {@link FeedDefinitions#HRG}: two capitals, two digits, a capital. */
    static boolean isHrg(String s) {
        return s.length() == 5 && isCapital(s.charAt(0)) && isCapital(s.charAt(1)) && isDigit(s.charAt(2)) && isDigit(s.charAt(3))
                && isCapital(s.charAt(4));
    }

    /** {@link FeedDefinitions#TREATMENT_FUNCTION}: three digits. */
    static boolean isTreatmentFunction(String s) {
        return s.length() == 3 && isDigit(s.charAt(0)) && isDigit(s.charAt(1)) && isDigit(s.charAt(2));
    }

    /** {@link FeedDefinitions#CQC_LOCATION}: {@code 1-} and six to eleven digits. */
    static boolean isCqcLocation(String s) {
        int n = s.length();
        if (n < 8 || n > 13 || s.charAt(0) != '1' || s.charAt(1) != '-') {
            return false;
        }
        for (int i = 2; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the longest ICD-10 code starting at {@code from} ends (before {@code to}), or -1 if none
     * starts there. Longest is what the regex takes too: its optional parts are greedy, and a shorter
     * code could only end at a character that is neither the end nor a separator.
     */
    private static int icd10End(String s, int from, int to) {
        if (to - from < 3 || !isCapital(s.charAt(from)) || !isDigit(s.charAt(from + 1)) || !isDigit(s.charAt(from + 2))) {
            return -1;
        }
        int at = from + 3;
        int afterPoint = at < to && s.charAt(at) == '.' ? at + 1 : at;
        int end = afterPoint;
        while (end < to && end - afterPoint < 3 && (isDigit(s.charAt(end)) || isCapital(s.charAt(end)))) {
            end++;
        }
        if (end == afterPoint) {
            return at; // no suffix: a point alone is not part of the code
        }
        return end;
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isCapital(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** [A-HK-Y]: the second letter of an AA9 or AA99 outward code. */
    private static boolean secondLetter(char c) {
        return c >= 'A' && c <= 'H' || c >= 'K' && c <= 'Y';
    }

    /** [A-HJKPS-UW]: the letter after the digit of an A9A outward code. */
    private static boolean secondAfterDigit(char c) {
        return c >= 'A' && c <= 'H' || c == 'J' || c == 'K' || c == 'P' || c >= 'S' && c <= 'U' || c == 'W';
    }

    /** [ABEHMNPRV-Y]: the letter ending an AA9A outward code. */
    private static boolean fourth(char c) {
        return c == 'A' || c == 'B' || c == 'E' || c == 'H' || c == 'M' || c == 'N' || c == 'P' || c == 'R' || c >= 'V' && c <= 'Y';
    }

    /** [ABD-HJLNP-UW-Z]: the two letters of an inward code. */
    private static boolean inwardLetter(char c) {
        return c == 'A' || c == 'B' || c >= 'D' && c <= 'H' || c == 'J' || c == 'L' || c == 'N' || c >= 'P' && c <= 'U' || c >= 'W' && c <= 'Z';
    }
}
