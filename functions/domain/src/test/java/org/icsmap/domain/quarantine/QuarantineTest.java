package org.icsmap.domain.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QuarantineTest {

    @Test
    void masksNhsNumbersPostcodesAndDatesWhereverTheyAre() {
        assertThat(Quarantine.mask("9434765919,1963-07-29,1,DE1 1WW,C81006,RFS,RFS-APC-00000001,2024-05-26,free text"))
                .isEqualTo("<nhs-number?>,<date>,1,<postcode?>,C81006,RFS,RFS-APC-00000001,<date>,free text");
        assertThat(Quarantine.mask("\"943 476 5919\",29/07/1963,s42 5fl|x943-476-5919y"))
                .isEqualTo("\"<nhs-number?>\",<date>,<postcode?>|x<nhs-number?>y");
        assertThat(Quarantine.mask("12345678901,DE11WWX,GIR 0AA")).as("eleven digits, a postcode inside a longer code")
                .isEqualTo("12345678901,DE11WWX,<postcode?>");
        assertThat(Quarantine.mask("")).isEmpty();
    }

    /** The scan that skips where no match can start gives what the three patterns' replaceAll passes give. */
    @Test
    void givesWhatReplaceAllGivesOnRandomRecords() {
        Pattern nhs = Pattern.compile("(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3,4}(?![0-9])");
        Pattern postcode = Pattern.compile(
                "(?i)(?<![A-Z0-9])(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW]) ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Z0-9])");
        Pattern date = Pattern.compile("(?<![0-9])([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4})(?![0-9])");
        String digits = "0123456789";
        String letters = "ABDEGHIJKLNOPQRSWXYZabdegiklnorswz\u00e9";
        String separators = " -/,|\"";
        Random random = new Random(2024);
        int masked = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder record = new StringBuilder(); // runs of digits, letters and separators, so that near-misses are common
            int runs = random.nextInt(12);
            for (int j = 0; j < runs; j++) {
                if (random.nextInt(4) == 0) { // a near-identifier: postcode-, NHS-number- or date-shaped, sometimes broken
                    record.append(nearIdentifier(random, digits, letters));
                    continue;
                }
                String from = switch (random.nextInt(3)) {
                    case 0 -> digits;
                    case 1 -> letters;
                    default -> separators;
                };
                int length = from == separators ? 1 : 1 + random.nextInt(from == digits ? 11 : 3);
                for (int k = 0; k < length; k++) {
                    record.append(from.charAt(random.nextInt(from.length())));
                }
            }
            String raw = record.toString();
            String expected = date.matcher(postcode.matcher(nhs.matcher(raw).replaceAll("<nhs-number?>")).replaceAll("<postcode?>"))
                    .replaceAll("<date>");

            assertThat(Quarantine.mask(raw)).as(raw).isEqualTo(expected);
            masked += expected.equals(raw) ? 0 : 1;
        }
        assertThat(masked).as("records the patterns changed: the comparison covers masking, not just its absence").isGreaterThan(5_000);
    }

    private static String nearIdentifier(Random random, String digits, String letters) {
        String shape = switch (random.nextInt(5)) {
            case 0 -> "A9 9AA";
            case 1 -> "AA9A 9AA";
            case 2 -> "999 999 9999";
            case 3 -> "9999-99-99";
            default -> "99/99/9999";
        };
        StringBuilder token = new StringBuilder();
        for (char c : shape.toCharArray()) {
            if (random.nextInt(12) == 0) {
                continue; // a character dropped
            }
            token.append(switch (c) {
                case '9' -> digits.charAt(random.nextInt(digits.length()));
                case 'A' -> letters.charAt(random.nextInt(letters.length()));
                default -> random.nextInt(6) == 0 ? "-/ ".charAt(random.nextInt(3)) : c;
            });
        }
        return random.nextInt(20) == 0 ? "GIR 0AA" : token.toString();
    }
}
