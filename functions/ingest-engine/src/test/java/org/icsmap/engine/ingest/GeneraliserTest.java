package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.reference.PostcodeLookup;
import org.junit.jupiter.api.Test;

class GeneraliserTest {

    private final Generaliser generaliser = new Generaliser(Feed.APC.definition(), YearMonth.of(2024, 5), PostcodeLookup.shipped());

    @Test
    void aPostcodeBecomesItsAreaAndAnUnknownOneNone() {
        PostcodeLookup.Area area = generaliser.area(StageRows.apc("postcode", "s40 1bb"));
        assertThat(area.lsoa()).isEqualTo("E01990001");
        assertThat(area.imdDecile()).isEqualTo(6);
        assertThat(generaliser.area(StageRows.apc("postcode", ""))).isNull();
        assertThat(generaliser.area(StageRows.apc("postcode", "S40 9ZZ"))).isNull();
    }

    @Test
    void aDateOfBirthBecomesTheYearAndTheAgeBandOnTheActivityDate() {
        // APC's activity date is the episode's end: 2024-05-10, the day after the 75th birthday
        AcceptedRow row = StageRows.apc("date_of_birth", "1949-05-09");
        assertThat(generaliser.yearOfBirth(row)).isEqualTo(1949);
        assertThat(generaliser.ageBand(row)).isEqualTo("75-79");
        assertThat(generaliser.ageBand(StageRows.apc("date_of_birth", "1949-05-11"))).isEqualTo("70-74");
    }
}
