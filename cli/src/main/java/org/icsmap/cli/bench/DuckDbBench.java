package org.icsmap.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

    private DuckDbBench() {
    }

    static Result run(Path csv, long rows, Path work, int runs) throws IOException, SQLException {
        Files.createDirectories(work);
        Path out = work.resolve("duckdb.parquet");
        String sql = SQL.replace("{in}", literal(csv.toAbsolutePath())).replace("{out}", literal(out.toAbsolutePath()));
        List<Measurements.Run> timed = new ArrayList<>();
        long written = -1;
        String version;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute(SETUP);
            version = single(statement, "SELECT version()");
            String threads = single(statement, "SELECT current_setting('threads')");
            if (!"1".equals(threads)) {
                throw new IllegalStateException("DuckDB did not take SET threads TO 1 (threads = " + threads + ")");
            }
            for (int run = 0; run <= runs; run++) {
                Files.deleteIfExists(out);
                Measurements.Probe probe = Measurements.start(false);
                long count = copy(statement, sql);
                Measurements.Run measured = probe.stop();
                if (run > 0) {
                    timed.add(measured);
                }
                written = count;
            }
            long check = Long.parseLong(single(statement, "SELECT count(*) FROM read_parquet('" + literal(out.toAbsolutePath()) + "')"));
            if (check != written) {
                throw new IllegalStateException("DuckDB said it wrote " + written + " rows but its file holds " + check);
            }
        }
        long outputBytes = Files.size(out);
        Measurements.Engine engine = new Measurements.Engine("duckdb", "CSV -> sha256(nhs_number) -> Parquet zstd; no checks",
                rows, Files.size(csv), timed);
        return new Result(engine, version, SQL.replace("{in}", csv.toAbsolutePath().toString()).replace("{out}", out.toAbsolutePath().toString()),
                written, outputBytes);
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
