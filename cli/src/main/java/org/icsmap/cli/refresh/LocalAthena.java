package org.icsmap.cli.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.task.TaskHandler;
import org.icsmap.statemachine.task.TaskOutcome;
import org.icsmap.statemachine.task.TaskRequest;

/**
 * Athena's Step Functions integrations, served by the local {@link QueryEngine}: {@code startQueryExecution.sync}
 * runs the statement and returns what {@code GetQueryExecution} would (ResultSelectors written for AWS work
 * unchanged), {@code getQueryResults} returns the rows of an earlier query as Athena's text cells.
 *
 * <p>A statement the engine rejects fails the task as on AWS: error {@code States.TaskFailed}, cause the failed query's
 * execution document with the engine's reason in {@code Status.StateChangeReason}, so the definition's Retry (which
 * retries only throttling) and Catch behave exactly as they do there.
 */
public final class LocalAthena implements TaskHandler {

    public static final String START_QUERY_SYNC = "arn:aws:states:::athena:startQueryExecution.sync";
    public static final String GET_QUERY_RESULTS = "arn:aws:states:::athena:getQueryResults";

    /** How many results are kept for getQueryResults: the refresh reads back only its quality check. */
    private static final int KEPT_RESULTS = 16;

    private final QueryEngine engine;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, QueryEngine.Result> results = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueryEngine.Result> eldest) {
            return size() > KEPT_RESULTS;
        }
    };

    public LocalAthena(QueryEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public TaskOutcome invoke(TaskRequest request) {
        return switch (request.resource()) {
            case START_QUERY_SYNC -> startQuerySync(request.parameters());
            case GET_QUERY_RESULTS -> queryResults(request.parameters());
            default -> TaskOutcome.failure("States.Runtime", "the local Athena does not serve " + request.resource());
        };
    }

    private TaskOutcome startQuerySync(JsonNode parameters) {
        String sql = parameters.path("QueryString").asText("");
        if (sql.isBlank()) {
            return TaskOutcome.failure("Athena.InvalidRequestException", "QueryString is required");
        }
        String id = "local-%08d".formatted(ids.incrementAndGet());
        Instant submitted = Instant.now();
        ObjectNode execution = Json.object();
        execution.put("QueryExecutionId", id);
        execution.put("Query", sql);
        execution.put("StatementType", statementType(sql));
        execution.putObject("QueryExecutionContext").put("Database", parameters.path("QueryExecutionContext").path("Database").asText(""));
        execution.put("WorkGroup", parameters.path("WorkGroup").asText("primary"));
        ObjectNode status = execution.putObject("Status");
        status.put("SubmissionDateTime", submitted.toString());
        try {
            QueryEngine.Result result = engine.execute(SqlScript.of("athena " + id, sql));
            synchronized (results) {
                results.put(id, result);
            }
            status.put("State", "SUCCEEDED");
            status.put("CompletionDateTime", Instant.now().toString());
            ObjectNode statistics = execution.putObject("Statistics");
            statistics.put("DataScannedInBytes", result.statistics().bytesScanned().orElse(0));
            statistics.put("EngineExecutionTimeInMillis", result.statistics().elapsed().toMillis());
            statistics.put("TotalExecutionTimeInMillis", java.time.Duration.between(submitted, Instant.now()).toMillis());
            ObjectNode response = Json.object();
            response.set("QueryExecution", execution);
            return TaskOutcome.success(response);
        } catch (QueryEngine.QueryFailedException e) {
            status.put("State", "FAILED");
            status.put("StateChangeReason", e.engineMessage());
            status.put("CompletionDateTime", Instant.now().toString());
            ObjectNode response = Json.object();
            response.set("QueryExecution", execution);
            return TaskOutcome.failure("States.TaskFailed", Json.write(response));
        }
    }

    private TaskOutcome queryResults(JsonNode parameters) {
        String id = parameters.path("QueryExecutionId").asText("");
        QueryEngine.Result result;
        synchronized (results) {
            result = results.get(id);
        }
        if (result == null) {
            return TaskOutcome.failure("Athena.InvalidRequestException", "Query has not yet finished or has no results: " + id);
        }
        int max = parameters.path("MaxResults").asInt(1000);
        ObjectNode response = Json.object();
        ObjectNode resultSet = response.putObject("ResultSet");
        ArrayNode rows = resultSet.putArray("Rows");
        ArrayNode header = rows.addObject().putArray("Data");
        ArrayNode columnInfo = resultSet.putObject("ResultSetMetadata").putArray("ColumnInfo");
        for (QueryEngine.Column column : result.columns()) {
            header.addObject().put("VarCharValue", column.name());
            columnInfo.addObject().put("Name", column.name()).put("Label", column.name()).put("Type", column.type());
        }
        List<List<Object>> data = result.rows();
        // Athena counts the header row against MaxResults on the first page.
        for (int r = 0; r < data.size() && r + 1 < max; r++) {
            ArrayNode cells = rows.addObject().putArray("Data");
            for (Object value : data.get(r)) {
                ObjectNode cell = cells.addObject();
                if (value != null) {
                    cell.put("VarCharValue", value instanceof BigDecimal d ? d.toPlainString() : value.toString());
                }
            }
        }
        response.put("UpdateCount", 0);
        return TaskOutcome.success(response);
    }

    private static String statementType(String sql) {
        String first = sql.strip().replaceAll("(?s)^(--[^\n]*\n\\s*)+", "").split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        return switch (first) {
            case "SELECT", "WITH", "VALUES", "SHOW", "DESCRIBE", "EXPLAIN" -> "DML";
            default -> "DDL";
        };
    }
}
