package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.reference.NationalPracticeList;
import org.junit.jupiter.api.Test;

class ExtractValidatorTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));

    record Seen(ExtractRecord record, RowOutcome outcome) {
    }

    static ExtractValidator edValidator() {
        return new ExtractValidator(Feed.ED.definition(), "RFS", YearMonth.of(2024, 5), CONFIG, NationalPracticeList.shipped());
    }

    @Test
    void aSmallEdFileEndToEnd() throws Exception {
        String header = String.join("|", Feed.ED.definition().header());
        String good = "9434765919|1950-01-01|1|S40 4TF|C81084|RFS|RFS-ED-%d|2024-05-02|1|01|AE|VB03Z|S00.9|W19X|%s|";
        String text = "\uFEFF" + header + "\r\n"
                + good.formatted(1, "\"=cmd|' /C calc'!A0\"") + "\r\n"
                + good.formatted(2, "\"pain after fall\r\nleft wrist\"") + "\r\n"
                + good.formatted(2, "\"pain after fall\r\nleft wrist\"") + "\r\n" // an exact duplicate
                + good.formatted(3, "unwell") + "|EXTRA\r\n"
                + good.formatted(4, "\"unclosed") + "\r\n"
                + good.formatted(5, "ok").replace("|1|S40", "|M|S40") + "\r\n"
                + good.formatted(6, "ok").replace("9434765919", "") + "\r\n";
        List<Seen> seen = new ArrayList<>();
        ExtractSummary summary = edValidator().validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                (record, outcome) -> seen.add(new Seen(record, outcome instanceof AcceptedRow row ? row.copy() : outcome))); // rows are reused

        assertThat(seen).extracting(s -> s.outcome() instanceof RejectedRow r ? r.reason() : null).containsExactly(
                null, null, ReasonCode.ROW_DUPLICATE, ReasonCode.ROW_COLUMN_COUNT, ReasonCode.ROW_MALFORMED_QUOTES, ReasonCode.SEX_INVALID, null);
        assertThat(((AcceptedRow) seen.getLast().outcome()).flags()).containsExactly(ReasonCode.NHS_NUMBER_MISSING);
        assertThat(summary.records()).isEqualTo(7);
        assertThat(summary.accepted()).isEqualTo(3);
        assertThat(summary.quarantined()).isEqualTo(3);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.accepted() + summary.quarantined() + summary.duplicates()).isEqualTo(summary.records());
        assertThat(summary.physicalLines()).isEqualTo(10);
        assertThat(summary.count(ReasonCode.NHS_NUMBER_MISSING)).isEqualTo(1);
        assertThat(summary.header().separator()).isEqualTo('|');
    }

    @Test
    void anAcceptedRowsFieldsCanBeReadWhileTheSinkHandlesIt() throws Exception {
        String header = String.join(",", Feed.ED.definition().header());
        String good = "9434765919,1950-01-01,1,S40 4TF,C81084,RFS,RFS-ED-%d,2024-05-02,1,01,AE,VB03Z,S00.9,W19X,unwell,";
        StringBuilder text = new StringBuilder(header).append('\n');
        for (int i = 1; i <= 40; i++) { // more than one batch of plain records
            text.append(good.formatted(i)).append('\n');
        }
        List<ExtractRecord> accepted = new ArrayList<>();
        edValidator().validate(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), (record, outcome) -> {
            assertThat(outcome).isInstanceOf(AcceptedRow.class);
            assertThat(String.join(",", record.fields())).isEqualTo(good.formatted(record.number()));
            accepted.add(record);
        });
        assertThat(accepted).hasSize(40);
        assertThat(accepted).extracting(ExtractRecord::line).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(2, 41).boxed().toList());
        assertThatThrownBy(() -> accepted.getFirst().fields().get(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHeaderMismatchRejectsTheFile() {
        ExtractRejectedException e = catchThrowableOfType(ExtractRejectedException.class, () -> edValidator().validate(
                new ByteArrayInputStream("nhs_number,sex\n".getBytes(StandardCharsets.UTF_8)), (record, outcome) -> { }));
        assertThat(e.reason()).isEqualTo(ReasonCode.FILE_HEADER_MISMATCH);
    }
}
