package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExactDuplicatesTest {

    @Test
    void anExactRepeatIsFoundOnce() {
        ExactDuplicates seen = new ExactDuplicates();
        assertThat(seen.firstSeen("9434765919,1950-01-01,2")).isTrue();
        assertThat(seen.firstSeen("9434765919,1950-01-01,1")).isTrue();
        assertThat(seen.firstSeen("9434765919,1950-01-01,2")).isFalse();
        assertThat(seen.firstSeen("9434765919,1950-01-01,2")).isFalse();
        assertThat(seen.firstSeen("")).isTrue();
        assertThat(seen.firstSeen("")).isFalse();
        assertThat(seen.size()).isEqualTo(3);
    }

    @Test
    void manyDistinctRecordsAreAllNewAndThenAllRepeats() {
        ExactDuplicates seen = new ExactDuplicates(16);
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            assertThat(seen.firstSeen("RFS-APC-" + i + ",2024-04-01")).isTrue();
        }
        for (int i = 0; i < n; i++) {
            assertThat(seen.firstSeen("RFS-APC-" + i + ",2024-04-01")).isFalse();
        }
        assertThat(seen.size()).isEqualTo(n);
        // 16 bytes a slot, at most 4/3 × 2 slots a record.
        assertThat(seen.memoryBytes()).isLessThanOrEqualTo(n * 16L * 8 / 3);
    }

    @Test
    void isMurmur3OfTheUtf16LeBytes() {
        // Reference values from Guava's Hashing.murmur3_128() over the same bytes.
        assertThat(ExactDuplicates.murmur3("hello")).containsExactly(0xee2ee18fe1bfd387L, 0x7b927262d8c336c4L);
        assertThat(ExactDuplicates.murmur3("1,2,3")).containsExactly(0x2c5d5e7b66311216L, 0xdb8a1a8e9f98f529L);
        assertThat(ExactDuplicates.murmur3("9434765919,1950-01-01,2,S40 4TF")).containsExactly(0xd9f4db56577c30b1L, 0x3fab5770e4ac6551L);
    }

    @Test
    void theHashIsUnchangedForEveryTailLengthAndCharactersBeyondLatin1() {
        // Values of the implementation before the body read four code units at once (session 6): duplicates found in a
        // file depend only on equal hashes, but the hash is documented as Murmur3, and these pin it for tails of 0-7 units.
        assertThat(ExactDuplicates.murmur3("")).containsExactly(0L, 0L);
        assertThat(ExactDuplicates.murmur3("abcd")).containsExactly(0x548cfc581a584f48L, 0x076f42dc4bbe30dfL);
        assertThat(ExactDuplicates.murmur3("abcdefgh")).containsExactly(0x2803a5bc696daeb2L, 0xa2b1eb7540d6d1faL);
        assertThat(ExactDuplicates.murmur3("abcdefghijkl")).containsExactly(0x32a5252a1cc78791L, 0xebce9668db9187f8L);
        assertThat(ExactDuplicates.murmur3("RFS,APC,2024-05-01,\u00e9\u4e2d")).containsExactly(0xff505f32c34d8350L, 0x8068ebaf657fd6eaL);
        long[] out = new long[2];
        char[] padded = "xxabcdefghijklyy".toCharArray();
        ExactDuplicates.hash(padded, 2, 12, out);
        assertThat(out).containsExactly(0x32a5252a1cc78791L, 0xebce9668db9187f8L);
    }
}
