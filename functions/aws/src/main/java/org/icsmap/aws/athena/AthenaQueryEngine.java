package org.icsmap.aws.athena;

import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.ResultSet;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StatementType;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The AWS home of {@link QueryEngine}: Athena (engine v3) in one workgroup, with unqualified tables
 * resolved in one Glue database. SQL runs exactly as written (locations stay {@code s3://}).
 *
 * <p>A statement is started with a fresh client request token (so a retried start never runs twice),
 * then polled with exponential backoff until it finishes or {@link Settings#timeout()} passes, when it
 * is stopped. Throttling ({@code TooManyRequestsException}) on any call is retried on the same backoff,
 * up to {@link Settings#throttledAttempts()} attempts, on top of whatever retries the client itself makes.
 */
public final class AthenaQueryEngine implements QueryEngine {

    /** Waits between polls and throttled retries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Delay before poll (or retry) {@code n}: {@code initial × multiplier^n}, never more than {@code max}. */
    public record Backoff(Duration initial, Duration max, double multiplier) {
        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max and multiplier >= 1");
            }
        }

        public Duration delay(int attempt) {
            double millis = initial.toMillis() * Math.pow(multiplier, attempt);
            return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
        }
    }

    /**
     * Where and how queries run. {@code outputLocation} may be empty when the workgroup enforces its own
     * result location (as icsmap's workgroups do).
     */
    public record Settings(String workGroup, String catalog, String database, Optional<String> outputLocation,
                           Backoff polling, Duration timeout, int throttledAttempts) {
        public static final String DEFAULT_CATALOG = "AwsDataCatalog";

        public Settings {
            Objects.requireNonNull(workGroup, "workGroup");
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(outputLocation, "outputLocation");
            Objects.requireNonNull(polling, "polling");
            Objects.requireNonNull(timeout, "timeout");
            if (throttledAttempts < 1) {
                throw new IllegalArgumentException("throttledAttempts must be at least 1");
            }
        }

        /**
         * The defaults: the Glue Data Catalog, the workgroup's own result location, polls after 200 ms
         * doubling to at most 5 s, a 30-minute limit per statement (Athena's default DML timeout), and 8
         * attempts at a throttled call.
         */
        public static Settings of(String workGroup, String database) {
            return new Settings(workGroup, DEFAULT_CATALOG, database, Optional.empty(),
                    new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 2), Duration.ofMinutes(30), 8);
        }

        public Settings withOutputLocation(String s3Uri) {
            return new Settings(workGroup, catalog, database, Optional.of(s3Uri), polling, timeout, throttledAttempts);
        }

        public Settings withPolling(Backoff backoff) {
            return new Settings(workGroup, catalog, database, outputLocation, backoff, timeout, throttledAttempts);
        }

        public Settings withTimeout(Duration limit) {
            return new Settings(workGroup, catalog, database, outputLocation, polling, limit, throttledAttempts);
        }
    }

    private static final int PAGE_SIZE = 1000;

    private final AthenaClient athena;
    private final Settings settings;
    private final Sleeper sleeper;
    private final InstantSource clock;

    public AthenaQueryEngine(AthenaClient athena, Settings settings) {
        this(athena, settings, duration -> Thread.sleep(duration), InstantSource.system());
    }

    public AthenaQueryEngine(AthenaClient athena, Settings settings, Sleeper sleeper, InstantSource clock) {
        this.athena = Objects.requireNonNull(athena, "athena");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result execute(SqlScript script) {
        return run(script.source(), script.render());
    }

    /** Athena reads the partition directories itself: {@code MSCK REPAIR TABLE} (Hive DDL, which Athena accepts). */
    @Override
    public void syncPartitions(String table) {
        String name = new SqlValue.Identifier(table).name();
        run("sync partitions of " + name, "MSCK REPAIR TABLE `" + name + "`");
    }

    /** The client belongs to whoever built it; nothing to release here. */
    @Override
    public void close() {
    }

    private Result run(String source, String sql) {
        Instant started = clock.instant();
        StartQueryExecutionRequest.Builder start = StartQueryExecutionRequest.builder()
                .queryString(sql)
                .clientRequestToken(UUID.randomUUID().toString())
                .workGroup(settings.workGroup())
                .queryExecutionContext(c -> c.catalog(settings.catalog()).database(settings.database()));
        settings.outputLocation().ifPresent(location -> start.resultConfiguration(r -> r.outputLocation(location)));
        StartQueryExecutionRequest request = start.build();
        String queryId = call(source, null, () -> athena.startQueryExecution(request)).queryExecutionId();

        QueryExecution execution = awaitCompletion(source, queryId, started);
        QueryExecutionState state = execution.status().state();
        if (state != QueryExecutionState.SUCCEEDED) {
            String reason = Optional.ofNullable(execution.status().stateChangeReason())
                    .orElse("query " + state.toString().toLowerCase(Locale.ROOT));
            throw new QueryFailedException(source, reason, queryId, null);
        }

        QueryExecutionStatistics statistics = execution.statistics();
        Duration elapsed = statistics != null && statistics.totalExecutionTimeInMillis() != null
                ? Duration.ofMillis(statistics.totalExecutionTimeInMillis())
                : Duration.between(started, clock.instant());
        OptionalLong bytesScanned = statistics != null && statistics.dataScannedInBytes() != null
                ? OptionalLong.of(statistics.dataScannedInBytes())
                : OptionalLong.empty();

        Statistics ran = new Statistics(queryId, elapsed, bytesScanned, OptionalLong.empty());
        return execution.statementType() == StatementType.DDL
                ? new Result(List.of(), List.of(), ran)
                : readResults(source, execution, ran);
    }

    private QueryExecution awaitCompletion(String source, String queryId, Instant started) {
        Instant deadline = started.plus(settings.timeout());
        for (int poll = 0; ; poll++) {
            QueryExecution execution = call(source, queryId,
                    () -> athena.getQueryExecution(r -> r.queryExecutionId(queryId))).queryExecution();
            switch (execution.status().state()) {
                case SUCCEEDED, FAILED, CANCELLED -> {
                    return execution;
                }
                default -> {
                    Duration delay = settings.polling().delay(poll);
                    if (!clock.instant().plus(delay).isBefore(deadline)) {
                        stopQuietly(queryId);
                        throw new QueryFailedException(source,
                                "did not finish within " + settings.timeout() + "; stopped", queryId, null);
                    }
                    pause(source, queryId, delay);
                }
            }
        }
    }

    /**
     * Reads every page. For a SELECT, Athena's first row repeats the column names; a write (CTAS, INSERT,
     * UNLOAD) returns no rows but an update count, reported as rows written.
     */
    private Result readResults(String source, QueryExecution execution, Statistics ran) {
        String queryId = ran.queryId();
        boolean select = execution.statementType() != StatementType.DML
                || execution.substatementType() == null
                || execution.substatementType().equalsIgnoreCase("SELECT");
        List<Column> columns = null;
        List<ColumnInfo> columnInfo = List.of();
        List<List<Object>> rows = new ArrayList<>();
        Long updateCount = null;
        String nextToken = null;
        do {
            String token = nextToken;
            GetQueryResultsResponse page = call(source, queryId, () -> athena.getQueryResults(r -> r
                    .queryExecutionId(queryId).maxResults(PAGE_SIZE).nextToken(token)));
            ResultSet resultSet = page.resultSet() == null ? ResultSet.builder().build() : page.resultSet();
            if (columns == null) {
                columnInfo = resultSet.resultSetMetadata() == null ? List.of() : resultSet.resultSetMetadata().columnInfo();
                columns = columnInfo.stream().map(AthenaQueryEngine::column).toList();
                updateCount = page.updateCount();
            }
            List<Row> pageRows = resultSet.rows();
            int first = token == null && execution.statementType() == StatementType.DML && isHeader(pageRows, columnInfo) ? 1 : 0;
            for (Row row : pageRows.subList(first, pageRows.size())) {
                rows.add(values(row, columnInfo));
            }
            nextToken = page.nextToken();
        } while (nextToken != null);

        if (!select) {
            OptionalLong written = updateCount == null ? OptionalLong.empty() : OptionalLong.of(updateCount);
            return new Result(List.of(), List.of(), new Statistics(queryId, ran.elapsed(), ran.bytesScanned(), written));
        }
        return new Result(columns, rows, ran);
    }

    private static boolean isHeader(List<Row> rows, List<ColumnInfo> columns) {
        if (rows.isEmpty() || rows.getFirst().data().size() != columns.size()) {
            return false;
        }
        List<Datum> first = rows.getFirst().data();
        for (int i = 0; i < columns.size(); i++) {
            if (!Objects.equals(first.get(i).varCharValue(), columns.get(i).label())) {
                return false;
            }
        }
        return true;
    }

    private static Column column(ColumnInfo info) {
        String type = info.type().toLowerCase(Locale.ROOT);
        if (type.equals("decimal") && info.precision() != null) {
            type = "decimal(" + info.precision() + "," + Objects.requireNonNullElse(info.scale(), 0) + ")";
        }
        return new Column(info.name(), type);
    }

    private static List<Object> values(Row row, List<ColumnInfo> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            String text = i < row.data().size() ? row.data().get(i).varCharValue() : null;
            values.add(text == null ? null : toJava(columns.get(i).type(), text));
        }
        return values;
    }

    /** Athena returns every value as text; the port promises the Java type of the column's SQL type. */
    static Object toJava(String athenaType, String text) {
        return switch (athenaType.toLowerCase(Locale.ROOT)) {
            case "boolean" -> Boolean.parseBoolean(text);
            case "tinyint" -> Byte.parseByte(text);
            case "smallint" -> Short.parseShort(text);
            case "integer", "int" -> Integer.parseInt(text);
            case "bigint" -> Long.parseLong(text);
            case "real", "float" -> Float.parseFloat(text);
            case "double" -> Double.parseDouble(text);
            case "decimal" -> new BigDecimal(text);
            case "date" -> LocalDate.parse(text);
            case "timestamp" -> LocalDateTime.parse(text.replace(' ', 'T'));
            default -> text;
        };
    }

    /** One Athena call, retried on throttling; other refusals become {@link QueryFailedException}. */
    private <T> T call(String source, String queryId, Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (TooManyRequestsException e) {
                if (attempt >= settings.throttledAttempts()) {
                    throw new QueryFailedException(source,
                            "Athena throttled " + attempt + " attempts: " + message(e), queryId, e);
                }
                pause(source, queryId, settings.polling().delay(attempt - 1));
            } catch (AthenaException e) {
                throw new QueryFailedException(source, message(e), queryId, e);
            } catch (SdkException e) {
                throw new QueryFailedException(source, "could not reach Athena: " + e.getMessage(), queryId, e);
            }
        }
    }

    private void pause(String source, String queryId, Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (queryId != null) {
                stopQuietly(queryId);
            }
            throw new QueryFailedException(source, "interrupted while waiting for Athena; stopped", queryId, e);
        }
    }

    private void stopQuietly(String queryId) {
        try {
            athena.stopQueryExecution(r -> r.queryExecutionId(queryId));
        } catch (SdkException e) {
            // The query is abandoned either way; Athena's own timeout ends it if the stop did not.
        }
    }

    private static String message(AthenaException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage()
                : e.getMessage();
    }
}
