package org.icsmap.engine.ingest;

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
     * Receives each record's outcome, in file order. A rejected row's record is complete. An accepted row's record may
     * come without its text ({@code raw} null): its values are the {@link AcceptedRow}'s, and its {@code fields} can be
     * read until the next {@link #endOfBatch()} returns (they are made on demand; reading them later fails). The
     * {@link AcceptedRow} too stays as it is until then, and is reused for a later record after: a sink may gather a
     * batch's accepted rows and work through them together (column by column) at its end; one that keeps a row longer
     * takes its {@link AcceptedRow#copy()}.
     */
    @FunctionalInterface
    public interface Sink {
        void accept(ExtractRecord record, RowOutcome outcome) throws IOException;

        /**
         * Ends a batch: one or more consecutive records (a few dozen at most). Called after the last record of the
         * file too, so every accepted row is followed by a call.
         */
        default void endOfBatch() throws IOException {
        }

        /** Where the feed's columns sit in this file's records, as matched from its header: given once, before the first record. */
        default void layout(ColumnLayout layout) {
        }
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
            sink.layout(layout);
            ExactDuplicates duplicates = new ExactDuplicates();
            Tally tally = new Tally(sink);
            long records = 0;
            int columns = definition.columns().size();
            int[] positions = new int[columns];
            for (int i = 0; i < columns; i++) {
                positions[i] = layout.positionOf(i);
            }
            Batch batch = new Batch(duplicates, reader.header().names().size(), rows, positions);
            for (ExtractRecord record = reader.nextOrSliced(); record != null; record = reader.nextOrSliced()) {
                records++;
                if (record == ExtractReader.SLICED) {
                    // The common case: a plain record, checked with the rest of its batch (see Batch).
                    batch.add(reader);
                    if (batch.full()) {
                        batch.finish(tally);
                    }
                    continue;
                }
                batch.finish(tally); // the rows before this one go first, in file order
                RowOutcome outcome;
                if (record.problem() != ReasonCode.ROW_TOO_LONG && !duplicates.firstSeen(record.raw())) {
                    outcome = RejectedRow.of(ReasonCode.ROW_DUPLICATE, null);
                } else if (record.problem() != null) {
                    outcome = RejectedRow.of(record.problem(), record.detail());
                } else {
                    outcome = rows.validate(layout.canonicalValues(record.fields()));
                }
                tally.accept(record, outcome);
                tally.sink.endOfBatch(); // a record read the slow way is a batch of its own
            }
            batch.finish(tally);
            Map<ReasonCode, Long> reasons = tally.reasons;
            long accepted = tally.accepted;
            long quarantined = tally.quarantined;
            long dropped = tally.dropped;
            return new ExtractSummary(reader.header(), reader.physicalLines(), records, accepted, quarantined, dropped, reasons);
        }
    }

    /** Counts each record's outcome, then hands it to the sink. */
    private static final class Tally {
        final Sink sink;
        final Map<ReasonCode, Long> reasons = new EnumMap<>(ReasonCode.class);
        long accepted;
        long quarantined;
        long dropped;

        Tally(Sink sink) {
            this.sink = sink;
        }

        void accept(ExtractRecord record, RowOutcome outcome) throws IOException {
            if (outcome instanceof AcceptedRow row) {
                accepted++;
                if (!row.flags().isEmpty()) { // most rows have none: no iterator for them
                    for (ReasonCode flag : row.flags()) {
                        reasons.merge(flag, 1L, Long::sum);
                    }
                }
            } else {
                RejectedRow row = (RejectedRow) outcome;
                reasons.merge(row.reason(), 1L, Long::sum);
                if (row.reason().disposition() == Disposition.DROP_DUPLICATE) {
                    dropped++;
                } else {
                    quarantined++;
                }
            }
            sink.accept(record, outcome);
        }
    }

    /**
     * Plain records (see {@link ExtractReader#nextOrSliced()}) read but not yet checked, in file order: the batch is
     * validated a column at a time ({@link RowValidator}), then each row is looked up in the duplicate table and handed
     * on. A row's text is copied out of the reader's buffer (which the next record reuses) so that a duplicate or a
     * rejected row can still be handed on whole.
     */
    private static final class Batch {
        static final int SIZE = 16;

        static final class Row {
            char[] text = new char[256];
            int length;
            final int[] fieldStarts;
            final int[] fieldEnds;
            long number;
            long line;
            int lines;
            long h1;
            long h2;
            RowOutcome outcome;
            /** Filled again for each record this row holds; its slices point into {@link #text}. */
            final AcceptedRow accepted;

            Row(int width, AcceptedRow accepted) {
                fieldStarts = new int[width];
                fieldEnds = new int[width];
                this.accepted = accepted;
            }

            ExtractRecord record() {
                String[] fields = new String[fieldStarts.length];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = new String(text, fieldStarts[i], fieldEnds[i] - fieldStarts[i]);
                }
                return new ExtractRecord(number, line, lines, new String(text, 0, length), false,
                        java.util.Collections.unmodifiableList(java.util.Arrays.asList(fields)), null, null);
            }
        }

        private final ExactDuplicates duplicates;
        private final RowValidator validator;
        /** Where each canonical column sits in the file's records. */
        private final int[] positions;
        private final Row[] rows = new Row[SIZE];
        // The batch's rows as the validator takes them (texts refreshed each batch: a row's text array can grow).
        private final char[][] texts = new char[SIZE][];
        private final int[][] starts = new int[SIZE][];
        private final int[][] ends = new int[SIZE][];
        private final AcceptedRow[] accepted = new AcceptedRow[SIZE];
        private final RowOutcome[] outcomes = new RowOutcome[SIZE];
        private final long[] hash = new long[2];
        private int size;

        Batch(ExactDuplicates duplicates, int width, RowValidator validator, int[] positions) {
            this.duplicates = duplicates;
            this.validator = validator;
            this.positions = positions;
            for (int i = 0; i < SIZE; i++) {
                rows[i] = new Row(width, validator.newRow());
                starts[i] = rows[i].fieldStarts;
                ends[i] = rows[i].fieldEnds;
                accepted[i] = rows[i].accepted;
            }
        }

        /** Copies the reader's sliced record into the next row of the batch and hashes it. */
        void add(ExtractReader reader) {
            Row row = rows[size++];
            int from = reader.recordStart();
            int length = reader.recordEnd() - from;
            if (row.text.length < length) {
                row.text = new char[Math.max(length, row.text.length * 2)];
            }
            System.arraycopy(reader.buffer(), from, row.text, 0, length);
            row.length = length;
            for (int i = 0; i < row.fieldStarts.length; i++) {
                row.fieldStarts[i] = reader.fieldStart(i) - from;
                row.fieldEnds[i] = reader.fieldEnd(i) - from;
            }
            row.number = reader.recordNumber();
            row.line = reader.recordLine();
            row.lines = reader.recordLines();
            ExactDuplicates.hash(row.text, 0, length, hash);
            row.h1 = hash[0];
            row.h2 = hash[1];
        }

        boolean full() {
            return size == SIZE;
        }

        /** Checks the batch's rows, looks them up in the duplicate table and hands each on, in order. */
        void finish(Tally tally) throws IOException {
            if (size == 0) {
                return;
            }
            for (int i = 0; i < size; i++) {
                texts[i] = rows[i].text;
            }
            validator.validate(size, texts, starts, ends, positions, accepted, outcomes);
            for (int i = 0; i < size; i++) {
                rows[i].outcome = outcomes[i];
                outcomes[i] = null;
            }
            for (int i = 0; i < size; i++) {
                Row row = rows[i];
                RowOutcome outcome = duplicates.firstSeen(row.h1, row.h2) ? row.outcome : RejectedRow.of(ReasonCode.ROW_DUPLICATE, null);
                row.outcome = null;
                tally.accept(outcome instanceof AcceptedRow
                        ? new ExtractRecord(row.number, row.line, row.lines, null, false, new Fields(row, row.number), null, null)
                        : row.record(), outcome);
            }
            if (size > 0) {
                tally.sink.endOfBatch();
            }
            size = 0;
        }

        /**
         * An accepted row's fields, made from the batch's copy of its text when asked for — which few sinks do (the
         * cost of an opted-out row): while the sink handles the row, before the batch's row is reused.
         */
        private static final class Fields extends java.util.AbstractList<String> implements java.util.RandomAccess {
            private final Row row;
            private final long number;

            Fields(Row row, long number) {
                this.row = row;
                this.number = number;
            }

            @Override
            public String get(int index) {
                if (row.number != number) {
                    throw new IllegalStateException("an accepted record's fields can be read only while the sink handles it");
                }
                return new String(row.text, row.fieldStarts[index], row.fieldEnds[index] - row.fieldStarts[index]);
            }

            @Override
            public int size() {
                return row.fieldStarts.length;
            }
        }
    }
}
