package org.icsmap.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MartsLayoutTest {

    private static final AnalystRole SHARED = AnalystRole.parse("shared");
    private static final AnalystRole RFS = AnalystRole.parse("org:RFS");

    @Test
    void layoutPutsEachOrganisationUnderItsOwnPrefix() {
        assertThat(MartsLayout.sharedPrefix("s20241101")).isEqualTo("marts/snapshot=s20241101/shared/");
        assertThat(MartsLayout.organisationPrefix("RFS", "s20241101")).isEqualTo("marts/org=RFS/snapshot=s20241101/");
    }

    @Test
    void sharedRoleReadsOnlySharedMarts() {
        assertThat(MartsLayout.mayRead(SHARED, "marts/snapshot=s1/shared/cost_by_place/x.parquet")).isTrue();
        assertThat(MartsLayout.mayRead(SHARED, "marts/snapshot=s1/cost_by_place/x.parquet")).isFalse();
        assertThat(MartsLayout.mayRead(SHARED, "marts/org=RFS/snapshot=s1/patients/x.parquet")).isFalse();
        assertThat(MartsLayout.mayRead(SHARED, "marts/snapshot=s1/x/shared/y")).isFalse();
    }

    @Test
    void organisationReadsItsOwnPrefixAndSharedMartsButNoOtherOrganisation() {
        assertThat(MartsLayout.mayRead(RFS, "marts/org=RFS/snapshot=s1/patients/x.parquet")).isTrue();
        assertThat(MartsLayout.mayRead(RFS, "marts/snapshot=s1/shared/cost_by_place/x.parquet")).isTrue();
        assertThat(MartsLayout.mayRead(RFS, "marts/org=RFSX/snapshot=s1/patients/x.parquet")).isFalse();
        assertThat(MartsLayout.mayRead(RFS, "marts/org=RTG/snapshot=s1/patients/x.parquet")).isFalse();
        assertThat(MartsLayout.mayRead(RFS, "marts/org=RFS/../org=RTG/x")).isFalse();
        assertThat(MartsLayout.mayRead(RFS, "marts/snapshot=s1/person_spine/x.parquet")).isFalse();
    }

    @Test
    void rolesAreParsedStrictly() {
        assertThat(RFS).isEqualTo(new AnalystRole.Organisation("RFS"));
        assertThat(MartsLayout.readablePrefixes(RFS)).containsExactly("marts/org=RFS/", "marts/snapshot=*/shared/");
        assertThatThrownBy(() -> AnalystRole.parse("org:rfs'")).hasMessageContaining("is not an ODS code").hasMessageNotContaining("rfs");
        assertThatThrownBy(() -> AnalystRole.parse("admin")).hasMessageContaining("allowed: shared, org:<ODS>");
    }
}
