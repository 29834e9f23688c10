package org.icsmap.domain.ingest;

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
}
