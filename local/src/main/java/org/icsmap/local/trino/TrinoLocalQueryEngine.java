package org.icsmap.local.trino;

import io.airlift.log.Level;
import io.airlift.log.Logging;
import io.trino.Session;
import io.trino.plugin.hive.HivePlugin;
import io.trino.spi.type.SqlDate;
import io.trino.spi.type.SqlDecimal;
import io.trino.spi.type.SqlTimestamp;
import io.trino.spi.type.TimeZoneKey;
import io.trino.spi.type.Type;
import io.trino.sql.SqlFormatter;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateTableAsSelect;
import io.trino.sql.tree.Statement;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.StandaloneQueryRunner;
import io.trino.testing.TestingDirectTrinoClient;
import io.trino.testing.TestingSession;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The local home of {@link QueryEngine}: Trino in-process (one node, no network use beyond a loopback
 * HTTP port Trino opens for itself) with the Hive connector over Parquet files under one root directory.
 *
 * <p>Everything lives under {@code root}: the "buckets" ({@code s3://bucket/key} is
 * {@code root/bucket/key}), the file metastore ({@code root/_metastore}) and Trino's working directory
 * ({@code root/_trino}); no S3 bucket name can start with {@code _}.
 * Deleting the root deletes the warehouse. The SQL text is the same as on Athena; before running it, every
 * string literal that starts with {@code s3://} becomes {@code local:///} (Trino's local file system).
 *
 * <p>Start-up takes a few seconds, so share one engine: it is safe to use from several threads.
 */
public final class TrinoLocalQueryEngine implements QueryEngine {

    /** The Hive catalog's name; SQL files never name it (Athena's is {@code AwsDataCatalog}). */
    public static final String CATALOG = "icsmap";
    /** The schema unqualified table names resolve to unless another is given (on AWS: the Glue database). */
    public static final String DEFAULT_SCHEMA = "icsmap";
    /** Where the file metastore keeps table definitions, under the root. */
    static final String METASTORE_DIRECTORY = "_metastore";
    /** Trino's own working directory, under the root. */
    static final String SERVER_DIRECTORY = "_trino";

    private static final Pattern S3_LITERAL = Pattern.compile("'s3://");
    private static final String EMPTY_CTAS_FAILURE = "External table location does not exist";
    private static final Pattern EXTERNAL_LOCATION = Pattern.compile("(?i)external_location\\s*=\\s*'(s3://[^']*)'");
    private static final Pattern CTAS_PROPERTIES = Pattern.compile("(?is)\\bWITH\\s*\\((.*?)\\)\\s*AS\\b");
    private static final AtomicBoolean LOGGING_ROUTED = new AtomicBoolean();
    private static final Pattern LOCAL_ENGINE_HINT = Pattern.compile("(?m)^--\\s*local engine:\\s*([a-z_]+(?:\\.[a-z_]+)?)\\s*=\\s*(\\S+)\\s*$");

    private final Path root;
    private final String schema;
    private final Session session;
    private final StandaloneQueryRunner trino;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TrinoLocalQueryEngine(Path root, String schema) {
        this.root = root;
        this.schema = schema;
        Session.SessionBuilder sessionBuilder = TestingSession.testSessionBuilder()
                .setCatalog(CATALOG)
                .setSchema(schema)
                .setTimeZoneKey(TimeZoneKey.UTC_KEY);
        // The testing server runs four drivers per pipeline whatever the machine; a production worker runs about one
        // per core, which on a laptop or a 2-core CI machine means less switching between drivers for the same work.
        sessionBuilder.setSystemProperty("task_concurrency",
                Integer.toString(Math.clamp(Integer.highestOneBit(Runtime.getRuntime().availableProcessors()), 2, 16)));
        overrides("icsmap.trino.session.").forEach(sessionBuilder::setSystemProperty);
        this.session = sessionBuilder.build();
        routeTrinoLogging();
        // Trino's own working directory, under the root too (by default it leaves an empty TrinoTest* in /tmp).
        // A query may use 60 % of the heap rather than Trino's default 30 %: the engine is alone in its JVM (apart from
        // the caller), has no other query to leave room for, and a refresh of a 1,000,000-person ICS needs more than
        // 30 % of a default heap for the person spine's window functions and aggregations. Trino keeps its own 30 %
        // headroom besides.
        String queryMemory = (Runtime.getRuntime().maxMemory() * 6 / 10 >> 20) + "MB";
        StandaloneQueryRunner runner = new StandaloneQueryRunner(session, server -> {
            server.setBaseDataDir(Optional.of(root.resolve(SERVER_DIRECTORY)))
                    .addProperty("query.max-memory-per-node", queryMemory)
                    .addProperty("query.max-memory", queryMemory);
            overrides("icsmap.trino.server.").forEach(server::addProperty);
        });
        try {
            runner.installPlugin(new HivePlugin());
            Map<String, String> catalog = new java.util.HashMap<>(Map.of(
                    "hive.metastore", "file",
                    "hive.metastore.catalog.dir", "local:///" + METASTORE_DIRECTORY,
                    "fs.local.enabled", "true",
                    "local.location", root.toString(),
                    "hive.non-managed-table-writes-enabled", "true",
                    "hive.allow-register-partition-procedure", "true",
                    // The class path has parquet-mr 1.18.1 (parquet-floor's) while Trino 483 is built on 1.17.1, whose
                    // ColumnIndexFilter.calculateRowRanges signature 1.18 changed: a query whose predicate reaches a
                    // file with column indexes (the curated files have them) fails with NoSuchMethodError. Column
                    // indexes only skip pages, so reading without them gives the same rows.
                    "parquet.use-column-index", "false",
                    // Trino's default for files it writes is GZIP (as is Athena's for CTAS), and deflating is most of the
                    // CPU time of a CTAS that writes every activity: Snappy writes the same Parquet three times faster.
                    // These tables are the local engine's own; compression does not change a value read back.
                    "hive.compression-codec", "SNAPPY",
                    // Athena computes no column statistics when it runs a CTAS and no statement here asks the metastore
                    // for any; Trino's default computes them (a HyperLogLog per column of every row written).
                    "hive.collect-column-statistics-on-write", "false"));
            catalog.putAll(overrides("icsmap.trino.catalog."));
            runner.createCatalog(CATALOG, "hive", catalog);
            runner.execute(session, "CREATE SCHEMA IF NOT EXISTS " + CATALOG + "." + schema);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
        this.trino = runner;
    }

    /**
     * Trino server, session or Hive catalog properties given as Java system properties
     * ({@code -Dicsmap.trino.session.task_concurrency=2},
     * {@code -Dicsmap.trino.catalog.hive.compression-codec=ZSTD}): for tuning the local engine to a machine without a rebuild.
     */
    private static Map<String, String> overrides(String prefix) {
        Map<String, String> overrides = new java.util.TreeMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                overrides.put(key.substring(prefix.length()), System.getProperty(key));
            }
        }
        return overrides;
    }

    /** Starts Trino over {@code root} (created if missing) with the {@link #DEFAULT_SCHEMA}. */
    public static TrinoLocalQueryEngine start(Path root) {
        return start(root, DEFAULT_SCHEMA);
    }

    /** Starts Trino over {@code root} (created if missing); unqualified tables live in {@code schema}. */
    public static TrinoLocalQueryEngine start(Path root, String schema) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.resolve(SERVER_DIRECTORY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local warehouse root " + absolute, e);
        }
        return new TrinoLocalQueryEngine(absolute, new SqlValue.Identifier(schema).name());
    }

    @Override
    public Result execute(SqlScript script) {
        String sql = script.render();
        try {
            return run(script.source(), toLocal(sql));
        } catch (QueryFailedException e) {
            if (!e.engineMessage().contains(EMPTY_CTAS_FAILURE)) {
                throw e;
            }
            return createEmptyTable(script.source(), sql, e);
        }
    }

    /**
     * On S3 every prefix "exists", so Athena creates the table of a CTAS that selects no rows. Trino's file
     * metastore insists an external table's directory exists, and a CTAS that writes no rows creates none, so
     * the statement fails at commit. Do what Athena does: create the (empty) directory and the table, with the
     * column names and types the query has, and the same table properties.
     */
    private Result createEmptyTable(String source, String sql, QueryFailedException failure) {
        Statement statement;
        try {
            statement = new SqlParser().createStatement(sql);
        } catch (RuntimeException e) {
            throw failure;
        }
        Matcher location = EXTERNAL_LOCATION.matcher(sql);
        Matcher properties = CTAS_PROPERTIES.matcher(sql);
        if (!(statement instanceof CreateTableAsSelect ctas) || !location.find() || !properties.find()) {
            throw failure;
        }
        try {
            Files.createDirectories(localPath(new SqlValue.Location(location.group(1))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local directory of " + location.group(1), e);
        }
        Result shape = run(source, toLocal("SELECT * FROM (" + SqlFormatter.formatSql(ctas.getQuery()) + ") LIMIT 0"));
        String columns = shape.columns().stream().map(c -> "\"" + c.name().replace("\"", "\"\"") + "\" " + c.type())
                .collect(Collectors.joining(", "));
        run(source, toLocal("CREATE TABLE " + ctas.getName() + " (" + columns + ") WITH (" + properties.group(1) + ")"));
        return new Result(List.of(), List.of(), new Statistics(shape.statistics().queryId(), shape.statistics().elapsed(),
                OptionalLong.empty(), OptionalLong.of(0)));
    }

    @Override
    public void syncPartitions(String table) {
        String sql = "CALL system.sync_partition_metadata(schema_name => %s, table_name => %s, mode => 'FULL')"
                .formatted(nameLiteral(schema), nameLiteral(table));
        run("sync partitions of " + table, sql);
    }

    /**
     * Registers one partition of a partitioned table at a location (Athena's {@code ALTER TABLE … ADD
     * PARTITION}, which Trino does not parse). {@code partition} maps each partition column, in the table's
     * order, to its value.
     */
    public void registerPartition(String table, SequencedMap<String, String> partition, SqlValue.Location location) {
        String columns = partition.sequencedKeySet().stream()
                .map(TrinoLocalQueryEngine::nameLiteral)
                .collect(Collectors.joining(", "));
        String values = partition.sequencedValues().stream()
                .map(v -> new SqlValue.Text(v).render())
                .collect(Collectors.joining(", "));
        String sql = ("CALL system.register_partition(schema_name => %s, table_name => %s, partition_columns => ARRAY[%s], "
                + "partition_values => ARRAY[%s], location => %s)").formatted(
                nameLiteral(schema), nameLiteral(table), columns, values, location.render());
        run("register partition of " + table, toLocal(sql));
    }

    /** The directory that holds an {@code s3://bucket/key} location locally. */
    public Path localPath(SqlValue.Location location) {
        return root.resolve(location.uri().substring("s3://".length()));
    }

    /** The warehouse root every location and the metastore live under. */
    public Path root() {
        return root;
    }

    /** The schema unqualified table names resolve to. */
    public String schema() {
        return schema;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            trino.close();
        }
    }

    /** Rewrites each {@code 's3://…'} literal to {@code 'local:///…'}: {@code s3://b/k} is then {@code root/b/k}. */
    static String toLocal(String sql) {
        return S3_LITERAL.matcher(sql).replaceAll(Matcher.quoteReplacement("'local:///"));
    }

    private Result run(String source, String sql) {
        if (closed.get()) {
            throw new IllegalStateException("the local query engine is closed");
        }
        long started = System.nanoTime();
        String queryId = null;
        MaterializedResult materialized;
        try {
            TestingDirectTrinoClient.Result result = trino.executeWithoutResults(sessionFor(sql), sql);
            queryId = result.queryId().toString();
            materialized = result.result().get();
        } catch (io.trino.testing.QueryFailedException e) {
            throw new QueryFailedException(source, engineMessage(e), e.getQueryId().toString(), e);
        } catch (RuntimeException e) {
            throw new QueryFailedException(source, engineMessage(e), queryId, e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        OptionalLong bytesScanned = materialized.getStatementStats()
                .map(stats -> OptionalLong.of(stats.getPhysicalInputBytes()))
                .orElse(OptionalLong.empty());
        if (materialized.getUpdateType().isPresent()) {
            // CTAS, INSERT, CREATE VIEW, CALL …: no rows, as on Athena; writes report their count.
            return new Result(List.of(), List.of(),
                    new Statistics(queryId, elapsed, bytesScanned, materialized.getUpdateCount()));
        }
        List<Type> types = materialized.getTypes();
        List<String> names = types.isEmpty() ? List.of() : materialized.getColumnNames();
        List<Column> columns = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            columns.add(new Column(names.get(i), types.get(i).getDisplayName()));
        }
        List<List<Object>> rows = new ArrayList<>(materialized.getRowCount());
        for (MaterializedRow row : materialized.getMaterializedRows()) {
            List<Object> values = new ArrayList<>(row.getFieldCount());
            for (Object field : row.getFields()) {
                values.add(toJava(field));
            }
            rows.add(values);
        }
        return new Result(columns, rows, new Statistics(queryId, elapsed, bytesScanned, OptionalLong.empty()));
    }

    /**
     * The session a statement runs in: the engine's, with the statement's own local engine hints, comment lines
     * {@code -- local engine: <property> = <value>} (a system session property, or {@code <catalog>.<property>}).
     * They steer this engine's plan where it has no statistics to choose by (Athena ignores comments, and
     * plans with its own); they never change a result, only how it is computed.
     */
    private Session sessionFor(String sql) {
        Matcher hint = LOCAL_ENGINE_HINT.matcher(sql);
        if (!hint.find()) {
            return session;
        }
        Session.SessionBuilder builder = Session.builder(session);
        do {
            String property = hint.group(1);
            int dot = property.indexOf('.');
            if (dot < 0) {
                builder.setSystemProperty(property, hint.group(2));
            } else {
                builder.setCatalogSessionProperty(property.substring(0, dot), property.substring(dot + 1), hint.group(2));
            }
        } while (hint.find());
        return builder.build();
    }

    /** Trino's client-side values as the port promises them (the same Java types the Athena adapter gives). */
    static Object toJava(Object value) {
        return switch (value) {
            case null -> null;
            case Boolean _, Byte _, Short _, Integer _, Long _, Float _, Double _, String _ -> value;
            case SqlDecimal decimal -> decimal.toBigDecimal();
            case SqlDate date -> LocalDate.ofEpochDay(date.getDays());
            case SqlTimestamp timestamp -> timestamp.toLocalDateTime();
            default -> value.toString();
        };
    }

    /** A validated identifier as the string literal Trino's procedures take. */
    private static String nameLiteral(String identifier) {
        return new SqlValue.Text(new SqlValue.Identifier(identifier).name()).render();
    }

    private static String engineMessage(RuntimeException e) {
        return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    }

    private static final List<String> TRINO_LOGGERS = List.of("io.airlift", "io.trino", "org.eclipse.jetty", "org.glassfish", "org.hibernate",
            "org.apache", "com.google");
    private static volatile boolean logWarnings;
    private static volatile Logging logging;

    /**
     * Whether Trino's own warnings and errors (with their stack traces, on stderr) are shown: only when the user asked
     * for them ({@code --verbose}). A failed statement reaches the caller as an exception with its message anyway; the
     * engine's log lines beside it are for whoever debugs the engine. Off by default; applies to engines already started.
     */
    public static void logWarnings(boolean show) {
        logWarnings = show;
        if (logging != null) {
            applyLevels(logging);
        }
    }

    /**
     * Trino's logging (airlift) takes over {@code System.out} and {@code System.err} and logs start-up at
     * INFO. Give the streams back and keep a command's own output clean: nothing, or warnings with {@link #logWarnings}.
     */
    private static void routeTrinoLogging() {
        if (!LOGGING_ROUTED.compareAndSet(false, true)) {
            return;
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        java.util.logging.Logger.getLogger(Logging.class.getName()).setLevel(java.util.logging.Level.WARNING);
        Logging initialized = Logging.initialize();
        System.setOut(out);
        System.setErr(err);
        applyLevels(initialized);
        logging = initialized;
    }

    private static void applyLevels(Logging logging) {
        for (String noisy : TRINO_LOGGERS) {
            logging.setLevel(noisy, logWarnings ? Level.WARN : Level.OFF);
        }
        // With statements running side by side, Trino sometimes logs "Error collecting query catalog metadata metrics:
        // Already finished" with a stack trace for a procedure call that succeeded: its statistics race the end of the
        // catalog transaction. Failed statements reach the caller as exceptions, not through this logger.
        logging.setLevel("io.trino.execution.QueryStateMachine", Level.OFF);
    }
}
