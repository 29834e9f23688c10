package org.icsmap.engine.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.icsmap.domain.curated.CuratedColumn;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Column;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.Handling;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.engine.curated.CuratedParquet;

/**
 * Writes the curated rows of one upload: each kept column as validated, the patient's pseudonym in place of their NHS
 * number, and the generalised columns ({@link Generaliser}) in place of the postcode and date of birth.
 *
 * <p>Rows are gathered for one batch of the validator ({@link ExtractValidator.Sink#endOfBatch()}) and written a
 * column at a time: each column's source is decided once a file, and its writer goes through the batch's values in
 * one loop.
 */
final class CuratedWriter implements Closeable {

    /** Where a curated column's value comes from. */
    private enum Source { COPY, PERSON_ID, NHS_NUMBER_STATUS, YEAR_OF_BIRTH, AGE_BAND, LSOA, IMD_DECILE, SOURCE_RECORD, UPLOAD_ID }

    private static final int HEX = PersonIds.Pseudonym.HEX;

    private final CuratedParquet.Writer out;
    private final Generaliser generaliser;
    private final String uploadId;
    private final Source[] sources;
    /** For a copied column, its canonical column. */
    private final int[] copyOf;
    private final boolean hasArea;

    private AcceptedRow[] rows = new AcceptedRow[32];
    private long[] lines = new long[32];
    private boolean[] pseudonymised = new boolean[32];
    private byte[] personIds = new byte[32 * HEX];
    private PostcodeLookup.Area[] areas = new PostcodeLookup.Area[32];
    private int size;
    private long written;

    CuratedWriter(FeedDefinition definition, String uploadId, Generaliser generaliser, Path file) throws IOException {
        this.generaliser = generaliser;
        this.uploadId = uploadId;
        List<CuratedColumn> columns = CuratedSchema.columns(definition.feed());
        sources = new Source[columns.size()];
        copyOf = new int[columns.size()];
        boolean area = false;
        for (int i = 0; i < sources.length; i++) {
            String name = columns.get(i).name();
            copyOf[i] = -1;
            for (int c = 0; c < definition.columns().size(); c++) {
                Column column = definition.columns().get(c);
                if (column.handling() == Handling.KEEP && CuratedSchema.curatedName(column).equals(name)) {
                    copyOf[i] = c;
                }
            }
            sources[i] = copyOf[i] >= 0 ? Source.COPY : switch (name) {
                case CuratedSchema.PERSON_ID -> Source.PERSON_ID;
                case CuratedSchema.NHS_NUMBER_STATUS -> Source.NHS_NUMBER_STATUS;
                case CuratedSchema.YEAR_OF_BIRTH -> Source.YEAR_OF_BIRTH;
                case CuratedSchema.AGE_BAND -> Source.AGE_BAND;
                case CuratedSchema.LSOA -> Source.LSOA;
                case CuratedSchema.IMD_DECILE -> Source.IMD_DECILE;
                case CuratedSchema.SOURCE_RECORD -> Source.SOURCE_RECORD;
                case CuratedSchema.UPLOAD_ID -> Source.UPLOAD_ID;
                default -> throw new IllegalStateException("no source for curated column " + name);
            };
            area |= sources[i] == Source.LSOA || sources[i] == Source.IMD_DECILE;
        }
        this.hasArea = area;
        this.out = CuratedParquet.write(definition.feed(), file);
    }

    /**
     * Adds a row to the batch: {@code line} is its line in the uploaded file, {@code patient} its pseudonym (null when it
     * has no valid NHS number), copied now. The row itself is read at {@link #endOfBatch()}.
     */
    void add(AcceptedRow row, long line, PersonIds.Pseudonym patient) {
        if (size == rows.length) {
            int more = size * 2;
            rows = Arrays.copyOf(rows, more);
            lines = Arrays.copyOf(lines, more);
            pseudonymised = Arrays.copyOf(pseudonymised, more);
            personIds = Arrays.copyOf(personIds, more * HEX);
            areas = Arrays.copyOf(areas, more);
        }
        rows[size] = row;
        lines[size] = line;
        pseudonymised[size] = patient != null;
        if (patient != null) {
            System.arraycopy(patient.hex, 0, personIds, size * HEX, HEX);
        }
        size++;
    }

    /** Writes the rows added since the last call, before the validator reuses them. */
    void endOfBatch() throws IOException {
        int n = size;
        if (n == 0) {
            return;
        }
        if (hasArea) {
            for (int r = 0; r < n; r++) {
                areas[r] = generaliser.area(rows[r]);
            }
        }
        for (int i = 0; i < sources.length; i++) {
            switch (sources[i]) {
                case COPY -> copy(i, copyOf[i], n);
                case PERSON_ID -> {
                    for (int r = 0; r < n; r++) {
                        if (pseudonymised[r]) {
                            out.ascii(i, personIds, r * HEX, HEX);
                        } else {
                            out.absent(i);
                        }
                    }
                }
                case NHS_NUMBER_STATUS -> {
                    for (int r = 0; r < n; r++) {
                        out.text(i, rows[r].flagged(ReasonCode.NHS_NUMBER_MISSING) ? "missing"
                                : rows[r].flagged(ReasonCode.NHS_NUMBER_INVALID) ? "invalid" : "valid");
                    }
                }
                case YEAR_OF_BIRTH -> {
                    for (int r = 0; r < n; r++) {
                        out.number(i, generaliser.yearOfBirth(rows[r]));
                    }
                }
                case AGE_BAND -> {
                    for (int r = 0; r < n; r++) {
                        out.text(i, generaliser.ageBand(rows[r]));
                    }
                }
                case LSOA -> {
                    for (int r = 0; r < n; r++) {
                        if (areas[r] == null) {
                            out.absent(i);
                        } else {
                            out.text(i, areas[r].lsoa(), areas[r].lsoaId());
                        }
                    }
                }
                case IMD_DECILE -> {
                    for (int r = 0; r < n; r++) {
                        if (areas[r] == null) {
                            out.absent(i);
                        } else {
                            out.number(i, areas[r].imdDecile());
                        }
                    }
                }
                case SOURCE_RECORD -> {
                    for (int r = 0; r < n; r++) {
                        out.number(i, (int) lines[r]);
                    }
                }
                case UPLOAD_ID -> {
                    for (int r = 0; r < n; r++) {
                        out.text(i, uploadId);
                    }
                }
            }
        }
        out.endRows(n);
        Arrays.fill(rows, 0, n, null);
        Arrays.fill(areas, 0, n, null);
        written += n;
        size = 0;
    }

    private void copy(int column, int canonical, int n) throws IOException {
        for (int r = 0; r < n; r++) {
            AcceptedRow row = rows[r];
            if (!row.present(canonical)) {
                out.absent(column);
            } else {
                switch (row.shape(canonical)) {
                    case TEXT -> out.text(column, row.text(canonical), row.textId(canonical));
                    case SLICE -> out.ascii(column, row.chars(canonical), row.start(canonical), row.end(canonical));
                    case DATE, WHOLE_NUMBER, MONEY -> out.number(column, row.number(canonical));
                    case DROPPED -> out.absent(column);
                }
            }
        }
    }

    /** Rows written so far. */
    long rows() {
        return written + size;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
