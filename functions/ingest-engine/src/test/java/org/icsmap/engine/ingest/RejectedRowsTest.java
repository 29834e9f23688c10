package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.icsmap.domain.feed.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectedRowsTest {

    @TempDir
    Path dir;

    private static ExtractRecord record(long number, String raw) {
        return new ExtractRecord(number, number + 1, 1, raw, false, List.of(raw.split(",", -1)), null, null);
    }

    @Test
    void aRejectedRowIsQuarantinedWithItsReasonsMaskedAndADuplicateOnlyDropped() throws IOException {
        Path file = dir.resolve("quarantine.csv");
        try (RejectedRows rejected = new RejectedRows(file, null)) {
            rejected.add(record(1, "9434765919,1950-01-01,x"), new RejectedRow(ReasonCode.DATE_INVALID,
                    List.of(new RowFailure(ReasonCode.DATE_INVALID, "admission_date", null), new RowFailure(ReasonCode.HRG_INVALID, "hrg", null))));
            rejected.add(record(2, "9434765919,1950-01-01,x"), RejectedRow.of(ReasonCode.ROW_DUPLICATE, null));
            assertThat(rejected.quarantined()).isEqualTo(1);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("2,1,DATE_INVALID,admission_date:DATE_INVALID;hrg:HRG_INVALID,")
                .doesNotContain("9434765919").doesNotContain("1950-01-01");
    }
}
