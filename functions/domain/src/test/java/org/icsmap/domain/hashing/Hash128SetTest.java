package org.icsmap.domain.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Hash128SetTest {

    @Test
    void remembersEveryMemberAcrossGrowthAndNothingElse() {
        Hash128Set set = new Hash128Set();
        int n = 500_000;
        SplittableRandom random = new SplittableRandom(7);
        long[] members = new long[2 * n];
        for (int i = 0; i < members.length; i++) {
            members[i] = random.nextLong();
        }
        for (int i = 0; i < n; i++) {
            assertThat(set.add(members[2 * i], members[2 * i + 1])).isTrue();
        }
        for (int i = 0; i < n; i++) {
            assertThat(set.add(members[2 * i], members[2 * i + 1])).isFalse();
            assertThat(set.contains(members[2 * i], members[2 * i + 1])).isTrue();
            // Same first half, other second half: a different member.
            assertThat(set.contains(members[2 * i], members[2 * i + 1] ^ 1)).isFalse();
        }
        assertThat(set.size()).isEqualTo(n);
        // 16 bytes a slot, at most 16/7 slots a member once every shard has grown, and never more than 8/7 members a slot.
        assertThat(set.memoryBytes()).isLessThanOrEqualTo(n * 16L * 16 / 7).isGreaterThanOrEqualTo(n * 16L * 8 / 7);
    }

    @Test
    void theAllZeroMemberIsAMemberLikeAnyOther() {
        Hash128Set set = new Hash128Set(10);
        assertThat(set.contains(0, 0)).isFalse();
        assertThat(set.add(0, 0)).isTrue();
        assertThat(set.add(0, 0)).isFalse();
        assertThat(set.contains(0, 0)).isTrue();
        assertThat(set.contains(0, 2)).isFalse();
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void sizedForTheExpectedCountItDoesNotGrow() {
        Hash128Set set = new Hash128Set(1_000_000);
        long before = set.memoryBytes();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 900_000; i++) {
            set.add(random.nextLong(), random.nextLong());
        }
        assertThat(set.memoryBytes()).isEqualTo(before);
    }
}
