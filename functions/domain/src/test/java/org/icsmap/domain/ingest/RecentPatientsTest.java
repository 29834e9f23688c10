package org.icsmap.domain.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.icsmap.domain.nhs.NhsNumber;
import org.junit.jupiter.api.Test;

class RecentPatientsTest {

    @Test
    void anNhsNumbersValueIsItsDigits() {
        char[] chars = "xx9434765919yy".toCharArray();
        assertThat(RecentPatients.valueOf(chars, 2, 12)).isEqualTo(9_434_765_919L);
        assertThat(RecentPatients.slotOf(9_434_765_919L)).isBetween(0, RecentPatients.SLOTS - 1);
    }

    @Test
    void aPatientWhoTakesASlotStartsWithNoneOfThePreviousHoldersAnswers() {
        long first = 9_434_765_919L;
        long second = collidingValidNumber(first);
        int slot = RecentPatients.slotOf(first);
        RecentPatients recent = new RecentPatients();
        assertThat(recent.holds(slot, first)).isFalse();

        recent.put(slot, first, 1L, 2L, hex('a'), true);
        recent.markVaulted(slot);
        assertThat(recent.holds(slot, first)).isTrue();
        assertThat(recent.optedOut(slot)).isTrue();
        assertThat(recent.vaulted(slot)).isTrue();

        // The second patient shares the slot: the first is forgotten, and nothing of theirs is handed out for the second.
        assertThat(recent.holds(slot, second)).isFalse();
        recent.put(slot, second, 3L, 4L, hex('b'), false);
        assertThat(recent.holds(slot, first)).isFalse();
        assertThat(recent.holds(slot, second)).isTrue();
        assertThat(recent.optedOut(slot)).isFalse();
        assertThat(recent.vaulted(slot)).isFalse();
        assertThat(recent.high(slot)).isEqualTo(3L);
        assertThat(recent.low(slot)).isEqualTo(4L);
        byte[] out = new byte[64];
        recent.copyHex(slot, out);
        assertThat(out).isEqualTo(hex('b'));
    }

    /** Another valid NHS number in the same slot as {@code number}. */
    private static long collidingValidNumber(long number) {
        int slot = RecentPatients.slotOf(number);
        for (long candidate = 4_000_000_000L; ; candidate++) {
            if (candidate != number && RecentPatients.slotOf(candidate) == slot && NhsNumber.isValid(Long.toString(candidate))) {
                return candidate;
            }
        }
    }

    private static byte[] hex(char digit) {
        byte[] hex = new byte[64];
        Arrays.fill(hex, (byte) digit);
        return hex;
    }
}
