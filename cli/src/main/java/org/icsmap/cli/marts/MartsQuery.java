package org.icsmap.cli.marts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.domain.access.MartsLayout;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import org.icsmap.statemachine.json.Json;

/**
 * An analyst's query on the local marts, allowed only if the role may read the storage of every table it touches:
 * the same prefix rule ({@link MartsLayout#mayRead}) the CDK stack turns into each role's IAM policy on AWS. Views are
 * no way round it: Trino's {@code EXPLAIN (TYPE IO)} lists the base tables a query reads through any view, and each
 * table's location is looked up in the metastore.
 */
public final class MartsQuery {

    private static final Pattern LOCATION = Pattern.compile("external_location = '([^']+)'");
    private static final Pattern QUERY_START = Pattern.compile("(?is)^\\s*(?:(?:--[^\\n]*\\n|/\\*.*?\\*/)\\s*)*(SELECT|WITH|VALUES|TABLE)\\b.*");

    private final TrinoLocalQueryEngine engine;
    private final String bucket;
    /** Table → storage key, looked up once per table: a report asks about the same few tables again and again. */
    private final Map<String, Optional<String>> locations = new ConcurrentHashMap<>();

    /** @param bucket the bucket of the marts zone (the zones' directory under the engine's root) */
    public MartsQuery(TrinoLocalQueryEngine engine, String bucket) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** A table a query reads and where it is stored (empty when it has no external location). */
    public record TableRead(String table, Optional<String> key) {
    }

    /** Runs {@code sql} as {@code role}; throws {@link AccessDeniedException} before running it if any table is out of reach. */
    public QueryEngine.Result run(String sql, AnalystRole role) {
        List<TableRead> reads = tablesRead(sql);
        List<String> denied = new ArrayList<>();
        for (TableRead read : reads) {
            if (read.key().isEmpty() || !MartsLayout.mayRead(role, read.key().get())) {
                denied.add(read.table() + " (" + read.key().map(k -> "stored at " + k).orElse("not in the marts zone") + ")");
            }
        }
        if (!denied.isEmpty()) {
            throw new AccessDeniedException("role " + role + " may not read " + String.join(", ", denied) + "; it may read only "
                    + String.join(" and ", MartsLayout.readablePrefixes(role)));
        }
        return engine.execute(SqlScript.of("query", sql));
    }

    /** Every base table {@code sql} reads, with its storage key in the marts bucket. */
    public List<TableRead> tablesRead(String sql) {
        if (!QUERY_START.matcher(sql).matches()) {
            throw new IllegalArgumentException("only queries may be run (SELECT, WITH, VALUES or TABLE), not: "
                    + sql.strip().split("\\s+", 2)[0]);
        }
        if (sql.contains("${")) {
            throw new IllegalArgumentException("'${' has no meaning in a query; write the value itself");
        }
        QueryEngine.Result plan = engine.execute(SqlScript.of("query plan", "EXPLAIN (TYPE IO, FORMAT JSON) " + sql));
        JsonNode io = Json.parse(String.valueOf(plan.onlyValue()));
        Map<String, TableRead> reads = new LinkedHashMap<>();
        for (JsonNode input : io.path("inputTableColumnInfos")) {
            JsonNode table = input.path("table");
            String catalog = table.path("catalog").asText();
            String schema = table.path("schemaTable").path("schema").asText();
            String name = table.path("schemaTable").path("table").asText();
            String qualified = catalog + "." + schema + "." + name;
            if (!catalog.equals(TrinoLocalQueryEngine.CATALOG) || !schema.equals(engine.schema())) {
                reads.putIfAbsent(qualified, new TableRead(qualified, Optional.empty()));
                continue;
            }
            reads.computeIfAbsent(qualified, q -> new TableRead(name, locations.computeIfAbsent(qualified, this::location)));
        }
        return new ArrayList<>(reads.values());
    }

    /** The key, in the marts bucket, of a table's storage; empty for a table elsewhere or without an external location. */
    private Optional<String> location(String qualifiedTable) {
        String ddl = String.valueOf(engine.execute(SqlScript.of("table location", "SHOW CREATE TABLE " + qualifiedTable)).onlyValue());
        Matcher matcher = LOCATION.matcher(ddl);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String uri = matcher.group(1);
        String path = uri.replaceFirst("^(local|s3|file):/+", "");
        String prefix = bucket + "/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String key = path.substring(prefix.length());
        return Optional.of(key.endsWith("/") ? key : key + "/");
    }

    /** The role may not read a table the query touches; nothing was run. */
    public static final class AccessDeniedException extends RuntimeException {
        public AccessDeniedException(String message) {
            super(message);
        }
    }
}
