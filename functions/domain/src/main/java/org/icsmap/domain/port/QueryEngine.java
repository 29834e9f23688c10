package org.icsmap.domain.port;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs the project's SQL files, one statement at a time. On AWS: Athena (engine v3); locally: Trino
 * in-process with the Hive connector over files on disk. Both speak the same Trino dialect, so the same
 * files run in both homes (see {@code sql/README.md} for what a file may contain).
 *
 * <p>Tables are resolved against the engine's own catalog and schema (the Glue database on AWS). Storage
 * locations are always written as {@code s3://bucket/key/} URIs, in SQL text or as
 * {@link SqlValue.Location} parameters; the local engine maps them onto its root directory.
 */
public interface QueryEngine extends AutoCloseable {

    /** Runs one statement and waits for it to finish; throws {@link QueryFailedException} if the engine refuses or fails it. */
    Result execute(SqlScript script);

    /**
     * Makes the engine see the partitions that exist under a partitioned table's location (directories
     * named {@code column=value/}), adding new ones and dropping vanished ones.
     */
    void syncPartitions(String table);

    /** Releases the engine (the local one stops Trino); idempotent. */
    @Override
    void close();

    /**
     * What a statement returned. Statements that write (CTAS, INSERT) return no rows and report
     * {@link Statistics#rowsWritten()}; DDL returns neither. Values are {@code null} or one of
     * {@code Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, String, LocalDate,
     * LocalDateTime}, matching the column's SQL type; other types (array, map, row, varbinary, time zones)
     * arrive as the engine's text and are best cast to varchar in the SQL.
     */
    record Result(List<Column> columns, List<List<Object>> rows, Statistics statistics) {
        public Result {
            columns = List.copyOf(columns);
            List<List<Object>> copied = new ArrayList<>(rows.size());
            for (List<Object> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("row has " + row.size() + " values for " + columns.size() + " columns");
                }
                copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
            }
            rows = Collections.unmodifiableList(copied);
            Objects.requireNonNull(statistics, "statistics");
        }

        /** The position of a column by name; throws if there is none. */
        public int columnIndex(String name) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column " + name + " in " + columns.stream().map(Column::name).toList());
        }

        /** The single value of a one-row, one-column result (a count, a total). */
        public Object onlyValue() {
            if (rows.size() != 1 || columns.size() != 1) {
                throw new IllegalStateException("expected one row of one column, got " + rows.size() + " rows of " + columns.size() + " columns");
            }
            return rows.getFirst().getFirst();
        }
    }

    /** A result column: its name and its SQL type as the engine spells it, e.g. {@code decimal(18,2)}. */
    record Column(String name, String type) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * How a statement ran: the engine's query id, wall-clock time, the bytes it read from storage when the
     * engine reports them (Athena's DataScannedInBytes is what a query is billed on), and the rows it
     * wrote for CTAS and INSERT.
     */
    record Statistics(String queryId, Duration elapsed, OptionalLong bytesScanned, OptionalLong rowsWritten) {
        public Statistics {
            Objects.requireNonNull(queryId, "queryId");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(bytesScanned, "bytesScanned");
            Objects.requireNonNull(rowsWritten, "rowsWritten");
        }
    }

    /**
     * The engine refused or failed a statement. The message names the SQL file ({@link SqlScript#source()})
     * and carries the engine's own reason, not the SQL text.
     */
    final class QueryFailedException extends RuntimeException {
        private final String source;
        private final String engineMessage;
        private final String queryId;

        public QueryFailedException(String source, String engineMessage, String queryId, Throwable cause) {
            super(source + ": " + engineMessage + (queryId == null ? "" : " (query " + queryId + ")"), cause);
            this.source = Objects.requireNonNull(source, "source");
            this.engineMessage = Objects.requireNonNull(engineMessage, "engineMessage");
            this.queryId = queryId;
        }

        public QueryFailedException(String source, String engineMessage) {
            this(source, engineMessage, null, null);
        }

        /** The SQL file (or generated statement) that failed, e.g. {@code marts/cost_by_practice.sql}. */
        public String source() {
            return source;
        }

        /** The engine's reason, e.g. Athena's StateChangeReason or Trino's error message. */
        public String engineMessage() {
            return engineMessage;
        }

        /** The engine's query id, when the statement got as far as having one. */
        public Optional<String> queryId() {
            return Optional.ofNullable(queryId);
        }
    }
}
