package org.icsmap.domain.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostcodeLookupTest {

    @Test
    void findsAPostcodeInAnyCommonFormAndNumbersItsLsoa() throws IOException {
        PostcodeLookup lookup = PostcodeLookup.parse(new ByteArrayInputStream("""
                postcode,lsoa,imd_decile
                DE1 1WW,E01013456,2
                DE1 1WX,E01013456,2
                S42 5FL,E01019999,7
                """.getBytes(StandardCharsets.UTF_8)));

        PostcodeLookup.Area a = lookup.find("de11ww").orElseThrow();
        PostcodeLookup.Area b = lookup.find("DE1 1WX").orElseThrow();
        PostcodeLookup.Area c = lookup.find("S42 5FL").orElseThrow();
        assertThat(a.lsoa()).isEqualTo("E01013456").isSameAs(b.lsoa());
        assertThat(a.lsoaId()).isEqualTo(b.lsoaId()).isEqualTo(0);
        assertThat(c.lsoaId()).isEqualTo(1);
        assertThat(c.imdDecile()).isEqualTo(7);
        assertThat(lookup.find("DE1 1AA")).isEmpty();
    }

    /** The shipped lookup: one id per LSOA and one LSOA per id, as the curated writer's dictionary needs. */
    @Test
    void theShippedLookupHasOneIdPerLsoa() {
        Map<Integer, String> lsoaById = new HashMap<>();
        Map<String, Integer> idByLsoa = new HashMap<>();
        for (PostcodeLookup.Area area : PostcodeLookup.shipped().areas()) {
            assertThat(lsoaById.computeIfAbsent(area.lsoaId(), id -> area.lsoa())).isSameAs(area.lsoa());
            assertThat(idByLsoa.computeIfAbsent(area.lsoa(), lsoa -> area.lsoaId())).isEqualTo(area.lsoaId());
        }
        assertThat(new HashSet<>(lsoaById.values())).hasSize(lsoaById.size()).hasSizeGreaterThan(100);
    }
}
