package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.icsmap.domain.nhs.NhsNumber;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
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

        recent.put(slot, first, pseudonym((byte) 0x11), true);
        recent.markVaulted(slot);
        assertThat(recent.holds(slot, first)).isTrue();
        assertThat(recent.optedOut(slot)).isTrue();
        assertThat(recent.vaulted(slot)).isTrue();

        // The second patient shares the slot: the first is forgotten, and nothing of theirs is handed out for the second.
        assertThat(recent.holds(slot, second)).isFalse();
        byte[] secondPseudonym = pseudonym((byte) 0xab);
        recent.put(slot, second, secondPseudonym, false);
        assertThat(recent.holds(slot, first)).isFalse();
        assertThat(recent.holds(slot, second)).isTrue();
        assertThat(recent.optedOut(slot)).isFalse();
        assertThat(recent.vaulted(slot)).isFalse();
        assertThat(recent.high(slot)).isEqualTo(Pseudonymiser.high(secondPseudonym));
        assertThat(recent.low(slot)).isEqualTo(Pseudonymiser.low(secondPseudonym));
        byte[] hex = Arrays.copyOfRange(recent.hex(), RecentPatients.hexFrom(slot), RecentPatients.hexFrom(slot) + RecentPatients.HEX);
        assertThat(hex).isEqualTo(Pseudonymiser.hexAscii(secondPseudonym));
        assertThat(new String(hex, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ab".repeat(32));
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

    /** A pseudonym's 32 bytes, all {@code b}. */
    private static byte[] pseudonym(byte b) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, b);
        return bytes;
    }
}
