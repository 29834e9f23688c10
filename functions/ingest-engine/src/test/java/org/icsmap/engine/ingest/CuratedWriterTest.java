package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.engine.curated.CuratedParquet;
import org.icsmap.local.LocalKeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratedWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesPseudonymisedGeneralisedRowsAndNoIdentifier() throws IOException {
        Path file = dir.resolve("data.parquet");
        Generaliser generaliser = new Generaliser(Feed.APC.definition(), YearMonth.of(2024, 5), PostcodeLookup.shipped());
        PersonIds personIds = new PersonIds(new LocalKeyService(dir.resolve("k.p12"), "t".toCharArray()));
        AcceptedRow linked = StageRows.apc("postcode", "s40 1bb", "date_of_birth", "1949-05-09");
        AcceptedRow unlinked = StageRows.apc("nhs_number", "", "postcode", "");
        PersonIds.Pseudonym patient = personIds.of(linked, Feed.APC.definition().indexOf("nhs_number"));
        String personId = patient.text();
        try (CuratedWriter writer = new CuratedWriter(Feed.APC.definition(), "upload-1", generaliser, file)) {
            writer.add(linked, 2, patient);
            writer.add(unlinked, 3, null);
            writer.endOfBatch();
            assertThat(writer.rows()).isEqualTo(2);
        }

        List<Map<String, Object>> rows = new ArrayList<>();
        CuratedParquet.read(Feed.APC, file, rows::add);
        rows.sort(Comparator.comparing(r -> (Integer) r.get(CuratedSchema.SOURCE_RECORD)));
        assertThat(rows).hasSize(2);
        Map<String, Object> first = rows.get(0);
        assertThat(first.get(CuratedSchema.PERSON_ID).toString()).isEqualTo(personId);
        assertThat(first.get(CuratedSchema.NHS_NUMBER_STATUS).toString()).isEqualTo("valid");
        assertThat(first.get(CuratedSchema.LSOA).toString()).isEqualTo("E01990001");
        assertThat(first.get(CuratedSchema.IMD_DECILE)).isEqualTo(6);
        assertThat(first.get(CuratedSchema.YEAR_OF_BIRTH)).isEqualTo(1949);
        assertThat(first.get(CuratedSchema.AGE_BAND).toString()).isEqualTo("75-79");
        assertThat(first.get(CuratedSchema.UPLOAD_ID).toString()).isEqualTo("upload-1");
        assertThat(first.get("cost")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(first.get("episode_end_date")).isEqualTo(LocalDate.of(2024, 5, 10));
        assertThat(first).doesNotContainKeys("nhs_number", "postcode", "date_of_birth");

        Map<String, Object> second = rows.get(1);
        assertThat(second.get(CuratedSchema.PERSON_ID)).isNull();
        assertThat(second.get(CuratedSchema.NHS_NUMBER_STATUS).toString()).isEqualTo("missing");
        assertThat(second.get(CuratedSchema.LSOA)).isNull();
        assertThat(second.get(CuratedSchema.SOURCE_RECORD)).isEqualTo(3);
    }
}
