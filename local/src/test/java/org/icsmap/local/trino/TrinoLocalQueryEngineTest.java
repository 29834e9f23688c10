package org.icsmap.local.trino;

import org.icsmap.domain.port.QueryEngine.Column;
import org.icsmap.domain.port.QueryEngine.QueryFailedException;
import org.icsmap.domain.port.QueryEngine.Result;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One Trino for the whole class: it takes seconds to start. Each test uses its own tables and locations. */
class TrinoLocalQueryEngineTest {

    private static final SqlValue.Location CURATED_APC = SqlValue.location("icsmap-test-curated", "curated/feed=apc/");
    private static final SqlValue.Location MARTS = SqlValue.location("icsmap-test-marts", "marts/");

    @TempDir
    static Path root;

    private static TrinoLocalQueryEngine engine;
    private static PrintStream stdoutBeforeStart;

    @BeforeAll
    static void startTrinoAndWriteCuratedApc() {
        stdoutBeforeStart = System.out;
        engine = TrinoLocalQueryEngine.start(root);
        engine.execute(createApc("apc"));
        Result inserted = engine.execute(SqlScript.of("insert apc", """
                INSERT INTO apc VALUES
                    ('p1', DATE '2024-01-03', 100.10, 'RX1', '2024-01'),
                    ('p2', DATE '2024-01-09', 0.10, 'RX1', '2024-01'),
                    ('p3', DATE '2024-01-31', 0.20, 'RX1', '2024-01'),
                    ('p1', DATE '2024-02-01', 1234.56, 'RX1', '2024-02'),
                    ('p4', DATE '2024-02-29', 0.01, 'RX1', '2024-02'),
                    ('p1', DATE '2024-01-15', 99.99, 'RY2', '2024-01'),
                    ('p5', DATE '2024-01-16', 0.30, 'RY2', '2024-01'),
                    ('p2', DATE '2024-01-17', 1000000.00, 'RY2', '2024-01')
                """));
        assertThat(inserted.statistics().rowsWritten()).hasValue(8);
    }

    @Test
    void finding14_trinoLogsNothingOfItsOwnByDefault() {
        assertThat(java.util.logging.Logger.getLogger("io.trino.execution.SqlTaskManager").isLoggable(java.util.logging.Level.SEVERE))
                .as("Trino's errors without --verbose").isFalse();
    }

    @Test
    void trinosWarningsAreShownWhenAskedFor() {
        try {
            TrinoLocalQueryEngine.logWarnings(true);

            assertThat(java.util.logging.Logger.getLogger("io.trino.execution.SqlTaskManager").isLoggable(java.util.logging.Level.WARNING)).isTrue();
        } finally {
            TrinoLocalQueryEngine.logWarnings(false);
        }
    }

    @AfterAll
    static void stopTrino() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void writesPartitionedParquetUnderTheRootWhereTheS3LocationPoints() throws IOException {
        Path table = engine.localPath(CURATED_APC);
        assertThat(table).isEqualTo(root.resolve("icsmap-test-curated/curated/feed=apc/"));
        assertThat(table.resolve("provider=RX1/period=2024-01")).isDirectory();
        assertThat(table.resolve("provider=RX1/period=2024-02")).isDirectory();
        assertThat(table.resolve("provider=RY2/period=2024-01")).isDirectory();
        try (Stream<Path> files = Files.list(table.resolve("provider=RY2/period=2024-01"))) {
            assertThat(files.filter(f -> !f.getFileName().toString().startsWith("."))).isNotEmpty();
        }
        assertThat(root.resolve(TrinoLocalQueryEngine.METASTORE_DIRECTORY)).isDirectory();
        assertThat(root.resolve(TrinoLocalQueryEngine.SERVER_DIRECTORY)).isDirectory();
    }

    @Test
    void snapshotCtasAndViewGiveExactTotalsToThePenny() {
        SqlValue.Location snapshot = MARTS.resolve("snapshot=s20240301/cost_by_provider/");
        Result written = engine.execute(SqlScript.fromResource("engine_test/cost_by_provider.sql")
                .with("snapshot_id", SqlValue.identifier("s20240301"))
                .with("location", snapshot));
        assertThat(written.rows()).isEmpty();
        assertThat(written.statistics().rowsWritten()).hasValue(2);
        assertThat(written.statistics().bytesScanned()).isPresent();
        assertThat(engine.localPath(snapshot)).isDirectory();

        engine.execute(SqlScript.fromResource("engine_test/cost_by_provider_view.sql")
                .with("snapshot_id", SqlValue.identifier("s20240301")));

        Result marts = engine.execute(SqlScript.of("read view", "SELECT * FROM cost_by_provider ORDER BY provider"));
        assertThat(marts.columns()).containsExactly(
                new Column("provider", "varchar"),
                new Column("episodes", "bigint"),
                new Column("patients", "bigint"),
                new Column("costly_episodes", "bigint"),
                new Column("cost", "decimal(38,2)"));
        assertThat(marts.rows()).containsExactly(
                List.of("RX1", 5L, 4L, 1L, new BigDecimal("1334.97")),
                List.of("RY2", 3L, 3L, 1L, new BigDecimal("1000100.29")));
        Object total = engine.execute(SqlScript.of("total", "SELECT sum(cost) FROM cost_by_provider")).onlyValue();
        assertThat(total).isEqualTo(new BigDecimal("1001435.26"));
    }

    @Test
    void ctasIntoANonEmptyLocationFailsNamingTheSqlFile() {
        SqlValue.Location taken = MARTS.resolve("snapshot=s20240302/cost_by_provider/");
        SqlScript first = SqlScript.fromResource("engine_test/cost_by_provider.sql")
                .with("snapshot_id", SqlValue.identifier("s20240302"))
                .with("location", taken);
        engine.execute(first);

        SqlScript again = first.with("snapshot_id", SqlValue.identifier("s20240302_again"));
        assertThatThrownBy(() -> engine.execute(again))
                .isInstanceOfSatisfying(QueryFailedException.class, e -> {
                    assertThat(e.source()).isEqualTo("engine_test/cost_by_provider.sql");
                    assertThat(e.engineMessage()).contains("already exists");
                    assertThat(e.queryId()).isPresent();
                })
                .hasMessageStartingWith("engine_test/cost_by_provider.sql: ");
    }

    @Test
    void aSyntaxErrorNamesTheSqlFileAndTheEnginesReason() {
        assertThatThrownBy(() -> engine.execute(SqlScript.of("marts/broken.sql", "SELEC 1")))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageStartingWith("marts/broken.sql: line 1:1: mismatched input 'SELEC'");
    }

    @Test
    void athenaHiveDdlIsRefusedSoSqlFilesStayInTheSharedDialect() {
        assertThatThrownBy(() -> engine.execute(SqlScript.of("hive_ddl.sql", "MSCK REPAIR TABLE apc")))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageStartingWith("hive_ddl.sql: ");
    }

    @Test
    void partitionsWrittenElsewhereAreSeenOnlyOnceSynced() {
        engine.execute(createApc("apc_synced"));
        assertThat(count("apc_synced")).isZero();

        engine.syncPartitions("apc_synced");

        assertThat(count("apc_synced")).isEqualTo(8L);
        assertThat(engine.execute(SqlScript.of("partitions", "SELECT provider, period FROM \"apc_synced$partitions\" ORDER BY 1, 2")).rows())
                .containsExactly(List.of("RX1", "2024-01"), List.of("RX1", "2024-02"), List.of("RY2", "2024-01"));
    }

    @Test
    void aSinglePartitionCanBeRegisteredAtItsLocation() {
        engine.execute(createApc("apc_registered"));
        LinkedHashMap<String, String> partition = new LinkedHashMap<>();
        partition.put("provider", "RX1");
        partition.put("period", "2024-02");

        engine.registerPartition("apc_registered", partition, CURATED_APC.resolve("provider=RX1/period=2024-02/"));

        assertThat(engine.execute(SqlScript.of("registered", "SELECT person_id, cost FROM apc_registered ORDER BY person_id")).rows())
                .containsExactly(List.of("p1", new BigDecimal("1234.56")), List.of("p4", new BigDecimal("0.01")));
    }

    @Test
    void sessionTimeZoneIsUtc() {
        Result result = engine.execute(SqlScript.of("time zone", """
                SELECT current_timezone(), CAST(from_iso8601_timestamp('2024-03-31T01:30:00Z') AS timestamp)"""));
        assertThat(result.rows()).containsExactly(List.of("UTC", LocalDateTime.of(2024, 3, 31, 1, 30)));
    }

    @Test
    void functionsTheSqlRelieOnBehaveAsOnAthena() {
        Result result = engine.execute(SqlScript.of("functions", """
                SELECT
                    person_id,
                    rank() OVER (ORDER BY sum(cost) DESC) AS cost_rank,
                    date_diff('day', min(activity_date), max(activity_date)) AS span_days,
                    to_hex(hmac_sha256(to_utf8(person_id), to_utf8('key'))) AS keyed
                FROM apc
                GROUP BY person_id
                ORDER BY cost_rank
                LIMIT 2"""));
        assertThat(result.rows()).hasSize(2);
        assertThat(result.rows().get(0).subList(0, 3)).containsExactly("p2", 1L, 8L);
        assertThat(result.rows().get(1).subList(0, 3)).containsExactly("p1", 2L, 29L);
        assertThat((String) result.rows().get(0).get(3)).matches("[0-9A-F]{64}");
    }

    @Test
    void valuesArriveAsThePortsJavaTypes() {
        Result result = engine.execute(SqlScript.of("types", """
                SELECT true, TINYINT '1', SMALLINT '2', 3, BIGINT '4', REAL '1.5', DOUBLE '2.5', DECIMAL '12.34',
                       'text', DATE '2024-02-29', TIMESTAMP '2024-02-29 23:59:59.123', CAST(NULL AS varchar), ARRAY[1, 2]"""));
        assertThat(result.rows().getFirst()).containsExactly(
                true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.5d, new BigDecimal("12.34"),
                "text", LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_000_000), null, "[1, 2]");
    }

    @Test
    void aFreshEngineOverTheSameRootSeesTheSameWarehouse() {
        TrinoLocalQueryEngine second = TrinoLocalQueryEngine.start(root);
        try {
            assertThat(second.execute(SqlScript.of("total", "SELECT count(*), sum(cost) FROM apc")).rows())
                    .containsExactly(List.of(8L, new BigDecimal("1001435.26")));
        } finally {
            second.close();
        }
        second.close();
        assertThatThrownBy(() -> second.execute(SqlScript.of("closed", "SELECT 1")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startingTrinoLeavesStandardOutputAlone() {
        assertThat(System.out).isSameAs(stdoutBeforeStart);
    }

    @Test
    void s3LiteralsAreRewrittenToTheLocalFileSystemAndNothingElseIs() {
        assertThat(TrinoLocalQueryEngine.toLocal("SELECT 's3://b/k/' AS l, 'xs3://' AS m, \"s3://\" FROM t"))
                .isEqualTo("SELECT 'local:///b/k/' AS l, 'xs3://' AS m, \"s3://\" FROM t");
    }

    @Test
    void aStatementsLocalEngineHintsSetItsSessionAndNoOtherStatements() {
        Result hinted = engine.execute(SqlScript.of("hinted", """
                -- A planner hint for this engine only (Athena ignores comments):
                -- local engine: task_concurrency = 1
                --local engine:icsmap.parquet_writer_batch_size=5000
                SHOW SESSION"""));
        assertThat(sessionValue(hinted, "task_concurrency")).isEqualTo("1");
        assertThat(sessionValue(hinted, "icsmap.parquet_writer_batch_size")).isEqualTo("5000");

        Result plain = engine.execute(SqlScript.of("plain", "SHOW SESSION"));
        assertThat(sessionValue(plain, "task_concurrency")).isNotEqualTo("1");
        assertThat(sessionValue(plain, "icsmap.parquet_writer_batch_size")).isEqualTo("10000");
    }

    @Test
    void anUnknownLocalEngineHintFailsTheStatementNamingIt() {
        assertThatThrownBy(() -> engine.execute(SqlScript.of("marts/typo.sql", """
                -- local engine: prefer_partial_aggregaton = false
                SELECT 1""")))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("marts/typo.sql")
                .hasMessageContaining("prefer_partial_aggregaton");
    }

    private static String sessionValue(Result showSession, String name) {
        return showSession.rows().stream()
                .filter(row -> row.getFirst().equals(name))
                .map(row -> (String) row.get(1))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + showSession.rows()));
    }

    /** Another table over the same curated files, as Glue tables are defined apart from the writes. */
    private static SqlScript createApc(String table) {
        return SqlScript.fromResource("engine_test/create_apc.sql")
                .with("table", SqlValue.identifier(table))
                .with("location", CURATED_APC);
    }

    private static long count(String table) {
        return (Long) engine.execute(SqlScript.of("count", "SELECT count(*) FROM " + new SqlValue.Identifier(table).name())).onlyValue();
    }
}
