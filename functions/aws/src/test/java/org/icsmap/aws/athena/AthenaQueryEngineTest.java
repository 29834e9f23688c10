package org.icsmap.aws.athena;

import org.icsmap.aws.athena.AthenaQueryEngine.Backoff;
import org.icsmap.aws.athena.AthenaQueryEngine.Settings;
import org.icsmap.domain.port.QueryEngine.Column;
import org.icsmap.domain.port.QueryEngine.QueryFailedException;
import org.icsmap.domain.port.QueryEngine.Result;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AthenaQueryEngineTest {

    private static final Backoff POLLING = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2);
    private static final Settings SETTINGS = Settings.of("icsmap-pipeline", "icsmap_derbyshire")
            .withOutputLocation("s3://icsmap-athena-results/pipeline/")
            .withPolling(POLLING)
            .withTimeout(Duration.ofMinutes(5));
    private static final SqlScript COST_BY_PRACTICE = SqlScript.of("marts/cost_by_practice.sql", """
            SELECT practice, episodes, cost, first_seen
            FROM cost_by_practice_${snapshot_id}
            ORDER BY practice;
            """).with("snapshot_id", SqlValue.identifier("s20240301"));

    private FakeAthena fake;
    private AthenaClient client;
    private final List<Duration> sleeps = new ArrayList<>();
    private Instant now = Instant.parse("2024-03-01T02:00:00Z");
    private AthenaQueryEngine engine;

    @BeforeEach
    void startFakeAthena() throws IOException {
        fake = new FakeAthena();
        client = AthenaClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.EU_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create())
                // Only the adapter retries here, so its throttling retries are the ones observed.
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        InstantSource clock = () -> now;
        engine = new AthenaQueryEngine(client, SETTINGS, duration -> {
            sleeps.add(duration);
            now = now.plus(duration);
        }, clock);
    }

    @AfterEach
    void stopFakeAthena() {
        engine.close();
        client.close();
        fake.close();
    }

    @Test
    void aSelectStartsInTheWorkgroupAndDatabaseAndReadsEveryResultPage() {
        fake.respond("StartQueryExecution", "{\"QueryExecutionId\":\"q-1\"}")
                .respond("GetQueryExecution", execution("q-1", "RUNNING", "DML", "SELECT", ""))
                .respond("GetQueryExecution", execution("q-1", "SUCCEEDED", "DML", "SELECT",
                        ",\"Statistics\":{\"DataScannedInBytes\":1234567,\"TotalExecutionTimeInMillis\":2345}"))
                .respond("GetQueryResults", resultsPage("\"NextToken\":\"page-2\",",
                        row("practice", "episodes", "cost", "first_seen"),
                        row("C81001", "12", "1334.97", "2024-01-03"),
                        row("C81002", "3", "0.30", null)))
                .respond("GetQueryResults", resultsPage("",
                        row("C81003", "1", "1000000.00", "2024-02-29")));

        Result result = engine.execute(COST_BY_PRACTICE);

        assertThat(result.columns()).containsExactly(
                new Column("practice", "varchar"), new Column("episodes", "bigint"),
                new Column("cost", "decimal(38,2)"), new Column("first_seen", "date"));
        assertThat(result.rows()).containsExactly(
                List.of("C81001", 12L, new BigDecimal("1334.97"), LocalDate.of(2024, 1, 3)),
                Arrays.asList("C81002", 3L, new BigDecimal("0.30"), null),
                List.of("C81003", 1L, new BigDecimal("1000000.00"), LocalDate.of(2024, 2, 29)));
        assertThat(result.statistics().queryId()).isEqualTo("q-1");
        assertThat(result.statistics().bytesScanned()).hasValue(1234567);
        assertThat(result.statistics().elapsed()).isEqualTo(Duration.ofMillis(2345));
        assertThat(result.statistics().rowsWritten()).isEmpty();

        var start = fake.requests("StartQueryExecution").getFirst().body();
        assertThat(start.path("QueryString").asText()).isEqualTo("""
                SELECT practice, episodes, cost, first_seen
                FROM cost_by_practice_s20240301
                ORDER BY practice""");
        assertThat(start.path("WorkGroup").asText()).isEqualTo("icsmap-pipeline");
        assertThat(start.path("QueryExecutionContext").path("Database").asText()).isEqualTo("icsmap_derbyshire");
        assertThat(start.path("QueryExecutionContext").path("Catalog").asText()).isEqualTo("AwsDataCatalog");
        assertThat(start.path("ResultConfiguration").path("OutputLocation").asText()).isEqualTo("s3://icsmap-athena-results/pipeline/");
        assertThat(start.path("ClientRequestToken").asText()).hasSizeGreaterThanOrEqualTo(32);
        var pages = fake.requests("GetQueryResults");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).body().has("NextToken")).isFalse();
        assertThat(pages.get(1).body().path("NextToken").asText()).isEqualTo("page-2");
        assertThat(pages.get(1).body().path("QueryExecutionId").asText()).isEqualTo("q-1");
    }

    @Test
    void aCtasReportsRowsWrittenAndNoRows() {
        fake.respond("StartQueryExecution", "{\"QueryExecutionId\":\"q-2\"}")
                .respond("GetQueryExecution", execution("q-2", "SUCCEEDED", "DML", "CREATE_TABLE_AS_SELECT",
                        ",\"Statistics\":{\"DataScannedInBytes\":99}"))
                .respond("GetQueryResults", "{\"UpdateCount\":1000,\"ResultSet\":{\"Rows\":[],\"ResultSetMetadata\":{\"ColumnInfo\":[]}}}");

        Result result = engine.execute(SqlScript.of("marts/cost_by_practice_ctas.sql", "CREATE TABLE t AS SELECT 1 AS x"));

        assertThat(result.rows()).isEmpty();
        assertThat(result.columns()).isEmpty();
        assertThat(result.statistics().rowsWritten()).hasValue(1000);
        assertThat(result.statistics().bytesScanned()).hasValue(99);
    }

    @Test
    void ddlNeedsNoResultsAndPartitionsSyncWithMsckRepair() {
        fake.respond("StartQueryExecution", "{\"QueryExecutionId\":\"q-3\"}")
                .respond("GetQueryExecution", execution("q-3", "SUCCEEDED", "DDL", "MSCK_REPAIR_TABLE", ""));

        engine.syncPartitions("apc");

        assertThat(fake.requests("StartQueryExecution").getFirst().body().path("QueryString").asText())
                .isEqualTo("MSCK REPAIR TABLE `apc`");
        assertThat(fake.requests("GetQueryResults")).isEmpty();
    }

    @Test
    void aFailedQueryNamesTheSqlFileAndAthenasReason() {
        String reason = "TABLE_NOT_FOUND: line 2:6: Table 'awsdatacatalog.icsmap_derbyshire.cost_by_practice_s20240301' does not exist";
        fake.respond("StartQueryExecution", "{\"QueryExecutionId\":\"q-4\"}")
                .respond("GetQueryExecution", execution("q-4", "FAILED", "DML", "SELECT",
                        ",\"Status\":{\"State\":\"FAILED\",\"StateChangeReason\":\"" + reason + "\"}"));

        assertThatThrownBy(() -> engine.execute(COST_BY_PRACTICE))
                .isInstanceOfSatisfying(QueryFailedException.class, e -> {
                    assertThat(e.source()).isEqualTo("marts/cost_by_practice.sql");
                    assertThat(e.engineMessage()).isEqualTo(reason);
                    assertThat(e.queryId()).hasValue("q-4");
                })
                .hasMessage("marts/cost_by_practice.sql: " + reason + " (query q-4)");
        assertThat(fake.requests("GetQueryResults")).isEmpty();
    }

    @Test
    void aRefusedStartNamesTheSqlFile() {
        fake.fail("StartQueryExecution", "InvalidRequestException", "WorkGroup icsmap-pipeline is disabled.");

        assertThatThrownBy(() -> engine.execute(COST_BY_PRACTICE))
                .isInstanceOf(QueryFailedException.class)
                .hasMessage("marts/cost_by_practice.sql: WorkGroup icsmap-pipeline is disabled.");
    }

    @Test
    void pollingBacksOffExponentiallyUpToTheCap() {
        fake.respond("StartQueryExecution", "{\"QueryExecutionId\":\"q-5\"}")
                .respond("GetQueryExecution", execution("q-5", "QUEUED", "DDL", "CREATE_VIEW", ""));
        for (int i = 0; i < 5; i++) {
            fake.respond("GetQueryExecution", execution("q-5", "RUNNING", "DDL", "CREATE_VIEW", ""));
        }
        fake.respond("GetQueryExecution", execution("q-5", "SUCCEEDED", "DDL", "CREATE_VIEW", ""));

        engine.execute(SqlScript.of("views/cost_by_practice.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x"));

        assertThat(sleeps).containsExactly(millis(100), millis(200), millis(400), millis(800), millis(1000), millis(1000));
        assertThat(fake.requests("GetQueryExecution")).hasSize(7);
    }

    @Test
    void aQueryStillRunningAtTheTimeoutIsStopped() {
        fake.respond("StartQueryExecution", "{\"QueryExecutionId\":\"q-6\"}")
                .respond("GetQueryExecution", execution("q-6", "RUNNING", "DML", "SELECT", ""))
                .respond("StopQueryExecution", "{}");
        AthenaQueryEngine impatient = new AthenaQueryEngine(client, SETTINGS.withTimeout(Duration.ofSeconds(3)),
                duration -> {
                    sleeps.add(duration);
                    now = now.plus(duration);
                }, () -> now);

        assertThatThrownBy(() -> impatient.execute(COST_BY_PRACTICE))
                .isInstanceOf(QueryFailedException.class)
                .hasMessage("marts/cost_by_practice.sql: did not finish within PT3S; stopped (query q-6)");
        assertThat(sleeps).containsExactly(millis(100), millis(200), millis(400), millis(800), millis(1000));
        assertThat(fake.requests("StopQueryExecution")).singleElement()
                .satisfies(r -> assertThat(r.body().path("QueryExecutionId").asText()).isEqualTo("q-6"));
    }

    @Test
    void throttledCallsAreRetriedWithTheSameRequestToken() {
        fake.fail("StartQueryExecution", "TooManyRequestsException", "Rate exceeded")
                .fail("StartQueryExecution", "TooManyRequestsException", "Rate exceeded")
                .respond("StartQueryExecution", "{\"QueryExecutionId\":\"q-7\"}")
                .fail("GetQueryExecution", "TooManyRequestsException", "Rate exceeded")
                .respond("GetQueryExecution", execution("q-7", "SUCCEEDED", "DDL", "CREATE_VIEW", ""));

        Result result = engine.execute(SqlScript.of("views/cost_by_practice.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x"));

        assertThat(result.statistics().queryId()).isEqualTo("q-7");
        var starts = fake.requests("StartQueryExecution");
        assertThat(starts).hasSize(3);
        assertThat(starts.stream().map(s -> s.body().path("ClientRequestToken").asText()).distinct()).hasSize(1);
        assertThat(fake.requests("GetQueryExecution")).hasSize(2);
        assertThat(sleeps).containsExactly(millis(100), millis(200), millis(100));
    }

    @Test
    void throttlingThatNeverEndsFailsNamingTheSqlFile() {
        fake.fail("StartQueryExecution", "TooManyRequestsException", "Rate exceeded");
        AthenaQueryEngine engineWithThreeAttempts = new AthenaQueryEngine(client,
                new Settings("wg", "AwsDataCatalog", "db", Optional.empty(), POLLING, Duration.ofMinutes(1), 3),
                sleeps::add, () -> now);

        assertThatThrownBy(() -> engineWithThreeAttempts.execute(COST_BY_PRACTICE))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageStartingWith("marts/cost_by_practice.sql: Athena throttled 3 attempts: Rate exceeded");
        assertThat(fake.requests("StartQueryExecution")).hasSize(3);
    }

    @Test
    void athenaTextBecomesThePortsJavaTypes() {
        assertThat(AthenaQueryEngine.toJava("boolean", "true")).isEqualTo(true);
        assertThat(AthenaQueryEngine.toJava("tinyint", "1")).isEqualTo((byte) 1);
        assertThat(AthenaQueryEngine.toJava("smallint", "2")).isEqualTo((short) 2);
        assertThat(AthenaQueryEngine.toJava("integer", "3")).isEqualTo(3);
        assertThat(AthenaQueryEngine.toJava("bigint", "4")).isEqualTo(4L);
        assertThat(AthenaQueryEngine.toJava("real", "1.5")).isEqualTo(1.5f);
        assertThat(AthenaQueryEngine.toJava("double", "2.5")).isEqualTo(2.5d);
        assertThat(AthenaQueryEngine.toJava("decimal", "12.34")).isEqualTo(new BigDecimal("12.34"));
        assertThat(AthenaQueryEngine.toJava("date", "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(AthenaQueryEngine.toJava("timestamp", "2024-02-29 23:59:59.123"))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_000_000));
        assertThat(AthenaQueryEngine.toJava("array", "[1, 2]")).isEqualTo("[1, 2]");
    }

    @Test
    void backoffDelaysGrowAndStopAtTheCap() {
        assertThat(List.of(0, 1, 2, 3, 4, 10).stream().map(POLLING::delay).toList())
                .containsExactly(millis(100), millis(200), millis(400), millis(800), millis(1000), millis(1000));
    }

    private static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }

    private static String execution(String id, String state, String statementType, String substatementType, String extra) {
        String json = "{\"QueryExecution\":{\"QueryExecutionId\":\"" + id + "\",\"StatementType\":\"" + statementType
                + "\",\"SubstatementType\":\"" + substatementType + "\"";
        if (!extra.contains("\"Status\"")) {
            json += ",\"Status\":{\"State\":\"" + state + "\"}";
        }
        return json + extra + "}}";
    }

    private static String row(String... values) {
        StringBuilder json = new StringBuilder("{\"Data\":[");
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "" : ",").append(values[i] == null ? "{}" : "{\"VarCharValue\":\"" + values[i] + "\"}");
        }
        return json.append("]}").toString();
    }

    private static String resultsPage(String nextToken, String... rows) {
        return "{" + nextToken + "\"ResultSet\":{\"ResultSetMetadata\":{\"ColumnInfo\":["
                + "{\"Name\":\"practice\",\"Label\":\"practice\",\"Type\":\"varchar\"},"
                + "{\"Name\":\"episodes\",\"Label\":\"episodes\",\"Type\":\"bigint\"},"
                + "{\"Name\":\"cost\",\"Label\":\"cost\",\"Type\":\"decimal\",\"Precision\":38,\"Scale\":2},"
                + "{\"Name\":\"first_seen\",\"Label\":\"first_seen\",\"Type\":\"date\"}"
                + "]},\"Rows\":[" + String.join(",", rows) + "]}}";
    }
}
