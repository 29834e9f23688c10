package org.icsmap.domain.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.feed.Disposition;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.reference.NationalPracticeList;

/**
 * Reads and validates one extract end to end, streaming: header, structure, exact duplicates, values.
 * Each record's outcome goes to a {@link Sink} as it is decided; the caller must treat what it
 * received as provisional until {@link #validate} returns, because a whole-file rejection (a gzip
 * truncated near its end, an invalid byte) can come after many rows.
 *
 * <p>Order of checks per record: a ROW_TOO_LONG record is rejected as such (only a prefix of it is
 * known, so it cannot be compared); any other record that is an exact copy of an earlier one is a
 * ROW_DUPLICATE, whatever else is wrong with it (its original carries the reason); then the
 * structural problem, if any; then the values.
 */
public final class ExtractValidator {

    /**
     * Receives each record's outcome, in file order. The record of an accepted row carries its place in the file
     * (number, line, line count) but not its text ({@code raw} is null, {@code fields} empty): its values are the
     * {@link AcceptedRow}'s. A rejected row's record is complete.
     */
    @FunctionalInterface
    public interface Sink {
        void accept(ExtractRecord record, RowOutcome outcome) throws IOException;
    }

    private final FeedDefinition definition;
    private final String provider;
    private final IcsConfig config;
    private final RowValidator rows;

    public ExtractValidator(FeedDefinition definition, String provider, YearMonth period, IcsConfig config,
                            NationalPracticeList nationalPractices) {
        this.definition = definition;
        this.provider = provider;
        this.config = config;
        this.rows = new RowValidator(definition, provider, period, config, nationalPractices);
    }

    /** Validates the extract in {@code in} (closed on return) and gives every record's outcome to {@code sink}. */
    public ExtractSummary validate(InputStream in, Sink sink) throws IOException, ExtractRejectedException {
        try (ExtractReader reader = ExtractReader.open(in, definition.maxLineLength())) {
            ColumnLayout layout = HeaderMatcher.match(reader.header().names(), definition, config, provider);
            ExactDuplicates duplicates = new ExactDuplicates();
            Map<ReasonCode, Long> reasons = new EnumMap<>(ReasonCode.class);
            long records = 0;
            long accepted = 0;
            long quarantined = 0;
            long dropped = 0;
            int columns = definition.columns().size();
            int[] starts = new int[columns];
            int[] ends = new int[columns];
            int[] positions = new int[columns];
            for (int i = 0; i < columns; i++) {
                positions[i] = layout.positionOf(i);
            }
            for (ExtractRecord record = reader.nextOrSliced(); record != null; record = reader.nextOrSliced()) {
                records++;
                RowOutcome outcome;
                if (record == ExtractReader.SLICED) {
                    // The common case, read in place: the record's text and fields are slices of the reader's buffer.
                    // The row is checked while the duplicate table's slot is fetched; a duplicate's check is then thrown away.
                    char[] chars = reader.buffer();
                    duplicates.prepare(chars, reader.recordStart(), reader.recordEnd() - reader.recordStart());
                    for (int i = 0; i < columns; i++) {
                        starts[i] = reader.fieldStart(positions[i]);
                        ends[i] = reader.fieldEnd(positions[i]);
                    }
                    outcome = rows.validate(chars, starts, ends);
                    if (!duplicates.firstSeenPrepared()) {
                        outcome = RejectedRow.of(ReasonCode.ROW_DUPLICATE, null);
                    }
                    record = outcome instanceof AcceptedRow ? reader.slicedPosition() : reader.slicedRecord();
                } else if (record.problem() != ReasonCode.ROW_TOO_LONG && !duplicates.firstSeen(record.raw())) {
                    outcome = RejectedRow.of(ReasonCode.ROW_DUPLICATE, null);
                } else if (record.problem() != null) {
                    outcome = RejectedRow.of(record.problem(), record.detail());
                } else {
                    outcome = rows.validate(layout.canonicalValues(record.fields()));
                }
                switch (outcome) {
                    case AcceptedRow row -> {
                        accepted++;
                        if (!row.flags().isEmpty()) { // most rows have none: no iterator for them
                            for (ReasonCode flag : row.flags()) {
                                reasons.merge(flag, 1L, Long::sum);
                            }
                        }
                    }
                    case RejectedRow row -> {
                        reasons.merge(row.reason(), 1L, Long::sum);
                        if (row.reason().disposition() == Disposition.DROP_DUPLICATE) {
                            dropped++;
                        } else {
                            quarantined++;
                        }
                    }
                }
                sink.accept(record, outcome);
            }
            return new ExtractSummary(reader.header(), reader.physicalLines(), records, accepted, quarantined, dropped, reasons);
        }
    }
}
