package org.icsmap.engine.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aLookupFindsEveryMemberAndFiltersOutMostNonMembers() {
        Hash128Set set = new Hash128Set();
        int n = 100_000;
        SplittableRandom random = new SplittableRandom(11);
        long[] members = new long[2 * n];
        for (int i = 0; i < members.length; i++) {
            members[i] = random.nextLong();
        }
        for (int i = 0; i < n; i++) {
            set.add(members[2 * i], members[2 * i + 1]);
        }
        set.add(0, 0);
        Hash128Set.Lookup lookup = set.lookup();
        for (int i = 0; i < n; i++) {
            assertThat(lookup.contains(members[2 * i], members[2 * i + 1])).isTrue();
            assertThat(lookup.contains(members[2 * i], members[2 * i + 1] ^ 1)).isFalse();
        }
        assertThat(lookup.contains(0, 0)).isTrue();
        int passedTheFilter = 0;
        for (int i = 0; i < n; i++) {
            long h1 = random.nextLong();
            assertThat(lookup.contains(h1, random.nextLong())).isFalse();
            passedTheFilter += lookup.mayContain(h1) ? 1 : 0;
        }
        // At least 8 bits a member and one bit per member: about 1 - e^(-1/8) of random non-members get past the filter.
        assertThat(passedTheFilter).isLessThan(n * 13 / 100);
        assertThat(lookup.memoryBytes()).isBetween(n * 8L / 8, n * 16L / 8 + 8);

        set.add(1, 2);
        assertThatThrownBy(() -> lookup.contains(1, 2)).isInstanceOf(IllegalStateException.class);
    }
}
