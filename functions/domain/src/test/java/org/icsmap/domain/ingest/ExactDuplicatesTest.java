package org.icsmap.domain.ingest;

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
}
