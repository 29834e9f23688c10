package org.icsmap.domain.nhs;

/**
 * NHS number rules: standardising, the Modulus 11 check and the number ranges.
 *
 * <p>icsmap accepts numbers of every range with a valid check digit (England, Wales and the Isle of
 * Man issue 400 000 000–499 999 999 and 600 000 000–799 999 999; synthetic test data uses
 * 9 000 000 000–9 999 999 999). It does not apply Scotland's CHI date check: an ICS in England links
 * on NHS numbers, and a CHI-shaped number from a Scottish visitor is still just a 10-digit identifier
 * with a check digit. See docs/feeds.md.
 */
public final class NhsNumber {

    /** The range reserved for test data; synthetic patients come from it. */
    public static final long SYNTHETIC_FIRST = 9_000_000_000L;
    public static final long SYNTHETIC_LAST = 9_999_999_999L;

    private NhsNumber() {
    }

    /**
     * Removes spaces and hyphens and surrounding blanks; returns "" if anything else is not a digit
     * or the result is not 10 digits long.
     */
    public static String standardise(String raw) {
        if (raw == null) {
            return "";
        }
        if (raw.length() == 10 && allDigits(raw)) {
            return raw; // already standard, as nearly every value in an extract is: no copy
        }
        char[] digits = new char[10];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                if (n == 10) {
                    return "";
                }
                digits[n++] = c;
            } else if (c != ' ' && c != '-' && c != '\t') {
                return "";
            }
        }
        return n == 10 ? new String(digits) : "";
    }

    /**
     * {@link #standardise(String)} of {@code chars[from, to)} (already stripped of surrounding blanks) into {@code digits}
     * (ten characters): true if it standardises to ten digits, with nothing made.
     */
    public static boolean standardise(char[] chars, int from, int to, char[] digits) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                if (n == 10) {
                    return false;
                }
                digits[n++] = c;
            } else if (c != ' ' && c != '-' && c != '\t') {
                return false;
            }
        }
        return n == 10;
    }

    /** Whether ten digits (a standardised number, as {@link #standardise(char[], int, int, char[])} writes it) have a valid check digit. */
    public static boolean isValidStandard(char[] digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits[i] - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        check = check == 11 ? 0 : check;
        return check != 10 && check == digits[9] - '0';
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The Modulus 11 check digit of a 9-digit identifier: 0–9, or 10 when no check digit can make
     * the number valid. -1 if the input is not exactly 9 digits.
     */
    public static int checkDigit(CharSequence nineDigits) {
        if (nineDigits.length() != 9) {
            return -1;
        }
        for (int i = 0; i < 9; i++) {
            char c = nineDigits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return modulus11(nineDigits);
    }

    /** The Modulus 11 check digit (0–10) of the first nine characters, which must be digits. */
    private static int modulus11(CharSequence digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        return check == 11 ? 0 : check;
    }

    /** Whether the raw value, once standardised, is 10 digits with a valid check digit. */
    public static boolean isValid(String raw) {
        String number = standardise(raw);
        if (number.isEmpty()) {
            return false;
        }
        int check = modulus11(number); // the standardised number is ten digits: no 9-character copy needed
        return check != 10 && check == number.charAt(9) - '0';
    }

    /** Appends the check digit to a 9-digit identifier, or returns null if its check digit would be 10. */
    public static String withCheckDigit(String nineDigits) {
        int check = checkDigit(nineDigits);
        if (check < 0) {
            throw new IllegalArgumentException("not 9 digits");
        }
        return check == 10 ? null : nineDigits + check;
    }

    /** The issuing range of a (standardised) 10-digit number. */
    public static Region regionOf(String number) {
        long value = Long.parseLong(number);
        if (value >= 10L && value <= 99_999_999L) {
            return Region.UNALLOCATED;
        }
        if (value >= 100_000_000L && value <= 3_112_999_999L) {
            return Region.SCOTLAND;
        }
        if (value >= 3_200_000_000L && value <= 3_999_999_999L) {
            return Region.NORTHERN_IRELAND;
        }
        if (value >= 4_000_000_000L && value <= 4_999_999_999L || value >= 6_000_000_000L && value <= 7_999_999_999L) {
            return Region.ENGLAND_WALES_IOM;
        }
        if (value >= 8_000_000_000L && value <= 8_999_999_999L) {
            return Region.EIRE;
        }
        if (value >= SYNTHETIC_FIRST && value <= SYNTHETIC_LAST) {
            return Region.SYNTHETIC;
        }
        return Region.UNALLOCATED;
    }

    public enum Region { UNALLOCATED, SCOTLAND, NORTHERN_IRELAND, ENGLAND_WALES_IOM, EIRE, SYNTHETIC }
}
