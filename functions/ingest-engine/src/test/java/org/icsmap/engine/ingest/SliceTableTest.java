package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceTableTest {

    private static String get(SliceTable table, String text, int from, int to) {
        return table.get(text.toCharArray(), from, to);
    }

    @Test
    void aCodeListFindsItsKeysBySliceAndNothingElse() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            codes.add("C" + i);
        }
        codes.add("Aa"); // "Aa" and "BB" have the same String hash
        codes.add("");
        SliceTable table = SliceTable.of(codes);
        for (String code : codes) {
            String found = get(table, "x," + code + ",y", 2, 2 + code.length());
            assertThat(found).isEqualTo(code).isSameAs(code);
        }
        assertThat(get(table, "BB", 0, 2)).isNull();
        assertThat(get(table, "C5000", 0, 5)).isNull();
        assertThat(get(table, "C12", 0, 2)).isEqualTo("C1");
    }

    @Test
    void aCacheHandsOutItsValueUntilItPassesItsBoundThenStartsAgain() {
        SliceTable cache = new SliceTable(100);
        for (int i = 0; i < 100; i++) {
            cache.put("k" + i, "value of k" + i);
        }
        assertThat(get(cache, "k7", 0, 2)).isEqualTo("value of k7");
        assertThat(get(cache, "k99", 0, 3)).isEqualTo("value of k99");
        cache.put("k100", "value of k100"); // past the bound: emptied first
        assertThat(get(cache, "k7", 0, 2)).isNull();
        assertThat(get(cache, "k100", 0, 4)).isEqualTo("value of k100");
        cache.put("k100", "again");
        assertThat(get(cache, "k100", 0, 4)).isEqualTo("again");
    }

    /** Ids: one per entry, the same through growth, never handed out twice (not even after a cache empties). */
    @Test
    void eachEntryHasItsOwnIdForAsLongAsItLasts() {
        SliceTable cache = new SliceTable(1_001);
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < 1_000; i++) { // the table grows several times meanwhile
            cache.put("k" + i, "v" + i);
            char[] key = ("k" + i).toCharArray();
            ids.put("k" + i, cache.id(cache.find(key, 0, key.length)));
        }
        assertThat(new java.util.HashSet<>(ids.values())).hasSize(1_000);
        for (int i = 0; i < 1_000; i++) {
            char[] key = ("k" + i).toCharArray();
            int slot = cache.find(key, 0, key.length);
            assertThat(cache.value(slot)).isEqualTo("v" + i);
            assertThat(cache.id(slot)).isEqualTo(ids.get("k" + i));
        }
        char[] k5 = "k5".toCharArray();
        cache.put("k5", "changed");
        assertThat(cache.id(cache.find(k5, 0, 2))).as("another value, another id").isNotIn(ids.values());
        cache.put("k1000", "v1000");
        cache.put("k1001", "v1001"); // past the bound: emptied, then this one
        assertThat(cache.find(k5, 0, 2)).isEqualTo(-1);
        cache.put("k5", "v5");
        assertThat(cache.id(cache.find(k5, 0, 2))).as("an id is never reused").isNotIn(ids.values()).isGreaterThanOrEqualTo(1_000);
    }
}
