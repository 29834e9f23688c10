package org.icsmap.domain.feed;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validation rule of one column: what a valid value looks like and the reason code a failure
 * gets. Rules are data, so that validation, docs/feeds.md and the generator's defects all read the
 * same definition.
 */
public sealed interface Rule {

    ReasonCode reasonCode();

    /** One sentence for docs/feeds.md. */
    String description();

    /** NHS number: standardised (spaces and hyphens removed), 10 digits, Modulus 11 check digit valid. */
    record NhsNumber() implements Rule {
        public ReasonCode reasonCode() {
            return ReasonCode.NHS_NUMBER_INVALID;
        }

        public String description() {
            return "10 digits once spaces and hyphens are removed, with a valid Modulus 11 check digit (a remainder giving 10 is never valid); missing is allowed and flagged NHS_NUMBER_MISSING";
        }
    }

    /** A real calendar date; {@code inPeriod} when it places the row in the file's month; {@code notBefore} names a column it may not precede. */
    record Date(boolean inPeriod, String notBefore) implements Rule {
        public ReasonCode reasonCode() {
            return ReasonCode.DATE_INVALID;
        }

        public String description() {
            String text = "a real date";
            if (inPeriod) {
                text += ", inside the file's period (DATE_OUTSIDE_PERIOD)";
            }
            if (notBefore != null) {
                text += ", not before " + notBefore + " (DATE_ORDER_INVALID)";
            }
            return text;
        }
    }

    /** Date of birth: a real date, not after the activity, at most 115 years before it. */
    record DateOfBirth() implements Rule {
        public ReasonCode reasonCode() {
            return ReasonCode.DATE_OF_BIRTH_INVALID;
        }

        public String description() {
            return "a real date, not after the activity date and at most 115 years before it";
        }
    }

    /** One of a fixed set of codes (code → meaning). */
    record Codes(Map<String, String> allowed, ReasonCode reasonCode) implements Rule {
        public String description() {
            StringBuilder text = new StringBuilder("one of ");
            allowed.forEach((code, meaning) -> text.append('`').append(code).append("` ").append(meaning).append(", "));
            return text.substring(0, text.length() - 2);
        }
    }

    /** A value matching a regular expression (postcodes, ICD-10, HRG, CQC location ids). */
    record Matches(Pattern pattern, ReasonCode reasonCode, String description) implements Rule {
    }

    /** An ODS code the ICS config knows: a GP practice (ICS or national list) or an organisation. */
    record OdsCode(Scope scope) implements Rule {
        public enum Scope { GP_PRACTICE, ORGANISATION }

        public ReasonCode reasonCode() {
            return scope == Scope.GP_PRACTICE ? ReasonCode.GP_PRACTICE_UNKNOWN : ReasonCode.ORGANISATION_UNKNOWN;
        }

        public String description() {
            return scope == Scope.GP_PRACTICE
                    ? "ODS code of a GP practice: one in the ICS config, or any practice in the national list (epraccur), closed ones included since older activity can name them"
                    : "ODS code of an organisation in the ICS config";
        }
    }

    /** A whole number in [min, max]. */
    record WholeNumber(int min, int max) implements Rule {
        public ReasonCode reasonCode() {
            return ReasonCode.NUMBER_INVALID;
        }

        public String description() {
            return "a whole number from " + min + " to " + max;
        }
    }

    /** Pounds: non-negative, at most two decimal places, no currency sign or thousands separator. */
    record Money() implements Rule {
        public ReasonCode reasonCode() {
            return ReasonCode.MONEY_INVALID;
        }

        public String description() {
            return "pounds, non-negative, at most 2 decimal places, no £ sign or thousands separators";
        }
    }

    /** The provider's own id for the activity. */
    record Identifier() implements Rule {
        public ReasonCode reasonCode() {
            return ReasonCode.ACTIVITY_ID_INVALID;
        }

        public String description() {
            return "1 to 64 printable ASCII characters";
        }
    }

    /** Free text: checked for length and control characters only; never stored. */
    record FreeText(int maxLength) implements Rule {
        public ReasonCode reasonCode() {
            return ReasonCode.TEXT_INVALID;
        }

        public String description() {
            return "at most " + maxLength + " characters; no control characters other than tab and line breaks";
        }
    }
}
