package org.icsmap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The yardstick: DuckDB, in this JVM through JDBC, limited to one thread, doing the lesser job of
 * reading the same CSV, hashing the NHS number with SHA-256 and writing Parquet with zstd. It validates
 * nothing, checks no dates, codes or duplicates, applies no opt-outs and keeps no vault; a row with an
 * extra field (the generator's malformed-row defect) is skipped rather than quarantined.
 */
final class DuckDbBench {

    /** The statement timed, with {@code {in}} and {@code {out}} for the paths. */
    static final String SQL = "COPY (SELECT sha256(nhs_number) AS person_id, * EXCLUDE (nhs_number) "
            + "FROM read_csv('{in}', header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', ignore_errors = true)) "
            + "TO '{out}' (FORMAT parquet, COMPRESSION zstd)";

    /** Set on the connection before anything runs. */
    static final String SETUP = "SET threads TO 1";

    record Result(Measurements.Engine engine, String version, String sql, long rowsWritten, long outputBytes) {
    }

    private final Path csv;
    private final Path out;
    private final String sql;
    private final Connection connection;
    private final Statement statement;
    private final String version;
    private long written = -1;

    private DuckDbBench(Path csv, Path work) throws IOException, SQLException {
        Files.createDirectories(work);
        this.csv = csv;
        this.out = work.resolve("duckdb.parquet");
        this.sql = SQL.replace("{in}", literal(csv.toAbsolutePath())).replace("{out}", literal(out.toAbsolutePath()));
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        try {
            this.statement = connection.createStatement();
            statement.execute(SETUP);
            version = single(statement, "SELECT version()");
            String threads = single(statement, "SELECT current_setting('threads')");
            if (!"1".equals(threads)) {
                throw new IllegalStateException("DuckDB did not take SET threads TO 1 (threads = " + threads + ")");
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** An in-memory DuckDB, one thread, ready to run the statement on {@code csv}; close it with {@link #finish}. */
    static DuckDbBench open(Path csv, Path work) throws IOException, SQLException {
        return new DuckDbBench(csv, work);
    }

    /** One run of the statement, measured. */
    Measurements.Run once() throws IOException, SQLException {
        Files.deleteIfExists(out);
        Measurements.Probe probe = Measurements.start(false);
        long count = copy(statement, sql);
        Measurements.Run measured = probe.stop();
        written = count;
        return measured;
    }

    /** Checks the last run's file against the count DuckDB gave, closes the connection and sums up the timed runs. */
    Result finish(long rows, List<Measurements.Run> timed) throws IOException, SQLException {
        try (connection; statement) {
            long check = Long.parseLong(single(statement, "SELECT count(*) FROM read_parquet('" + literal(out.toAbsolutePath()) + "')"));
            if (check != written) {
                throw new IllegalStateException("DuckDB said it wrote " + written + " rows but its file holds " + check);
            }
        }
        Measurements.Engine engine = new Measurements.Engine("duckdb", "CSV -> sha256(nhs_number) -> Parquet zstd; no checks",
                rows, Files.size(csv), timed);
        return new Result(engine, version, SQL.replace("{in}", csv.toAbsolutePath().toString()).replace("{out}", out.toAbsolutePath().toString()),
                written, Files.size(out));
    }

    private static long copy(Statement statement, String sql) throws SQLException {
        if (statement.execute(sql)) {
            try (ResultSet result = statement.getResultSet()) {
                return result.next() ? result.getLong(1) : -1;
            }
        }
        return statement.getUpdateCount();
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    /** A path inside a single-quoted SQL string literal. */
    private static String literal(Path path) {
        return path.toString().replace("'", "''");
    }
}
