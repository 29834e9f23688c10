package org.icsmap.sql.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The refresh-steps function's event contract, one {@code action} per call from {@code refresh.asl.json}, mapped onto
 * {@link RefreshSteps}. The Lambda handler and the local runner both call {@link #handle}; a malformed event is an
 * {@link IllegalArgumentException} naming what is missing.
 *
 * <table>
 *   <caption>Actions</caption>
 *   <tr><th>action</th><th>event</th><th>result</th></tr>
 *   <tr><td>plan</td><td>{@code request} (the execution input; optional {@code snapshotId})</td><td>{@link RefreshSteps.Plan}</td></tr>
 *   <tr><td>render</td><td>{@code snapshotId}, {@code step}</td><td>{@link RefreshSteps.Rendered}</td></tr>
 *   <tr><td>recordStepFailure</td><td>{@code snapshotId}, {@code step}, {@code failure} ({@code Error}, {@code Cause})</td>
 *       <td>{@link RefreshSteps.Failure}</td></tr>
 *   <tr><td>assessQuality</td><td>{@code snapshotId}, {@code rows} (Athena GetQueryResults rows, header first)</td>
 *       <td>{@link RefreshSteps.QualityAssessment}</td></tr>
 *   <tr><td>recordSuccess</td><td>{@code snapshotId}</td><td>{@link RefreshSteps.Success}</td></tr>
 *   <tr><td>recordFailure</td><td>{@code state} (the execution state: {@code plan.snapshotId} if planned, {@code failure})</td>
 *       <td>{@link RefreshSteps.Failure}</td></tr>
 * </table>
 */
public final class RefreshStepsActions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RefreshSteps steps;

    public RefreshStepsActions(RefreshSteps steps) {
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    public JsonNode handle(JsonNode event) {
        String action = text(event, "action");
        Object result = switch (action) {
            case "plan" -> steps.plan(optionalText(event.path("request"), "snapshotId"));
            case "render" -> steps.render(text(event, "snapshotId"), text(event, "step"));
            case "recordStepFailure" -> steps.recordStepFailure(text(event, "snapshotId"), text(event, "step"),
                    optionalText(event.path("failure"), "Error").orElse(null), optionalText(event.path("failure"), "Cause").orElse(null));
            case "assessQuality" -> steps.assessQuality(text(event, "snapshotId"), rows(event.path("rows")));
            case "recordSuccess" -> steps.recordSuccess(text(event, "snapshotId"));
            case "recordFailure" -> {
                JsonNode state = event.path("state");
                yield steps.recordFailure(optionalText(state.path("plan"), "snapshotId"),
                        optionalText(state.path("failure"), "Error").orElse(null), optionalText(state.path("failure"), "Cause").orElse(null));
            }
            default -> throw new IllegalArgumentException("unknown refresh-steps action '" + action
                    + "'; known: plan, render, recordStepFailure, assessQuality, recordSuccess, recordFailure");
        };
        return JSON.valueToTree(result);
    }

    /** Athena's result rows (first the column names) as one map per data row; a SQL NULL has no VarCharValue. */
    static List<Map<String, String>> rows(JsonNode rows) {
        if (!rows.isArray() || rows.isEmpty()) {
            throw new IllegalArgumentException("assessQuality needs rows: Athena GetQueryResults rows, the column names first");
        }
        List<String> header = new ArrayList<>();
        rows.get(0).path("Data").forEach(cell -> header.add(cell.path("VarCharValue").asText()));
        List<Map<String, String>> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            JsonNode data = rows.get(r).path("Data");
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                JsonNode value = data.path(c).path("VarCharValue");
                row.put(header.get(c), value.isMissingNode() || value.isNull() ? null : value.asText());
            }
            out.add(row);
        }
        return out;
    }

    private static String text(JsonNode event, String field) {
        return optionalText(event, field).orElseThrow(() -> new IllegalArgumentException("the refresh-steps event has no '" + field + "'"));
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? Optional.empty() : Optional.of(value.asText());
    }
}
