package org.icsmap.refresh;

import org.icsmap.sql.refresh.RefreshSteps;
import org.icsmap.sql.refresh.RefreshStepsActions;
import org.icsmap.sql.refresh.RenderOnlyQueryEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.domain.marts.Marts;
import org.icsmap.sql.refresh.RefreshPipeline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actions refresh.asl.json calls, on the example ICS, with audit records in a directory store. */
class RefreshStepsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final IcsConfig CONFIG = RefreshStepsFactory.loadConfig("classpath:example-ics.yaml");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T06:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;
    DirectoryObjectStore audit;
    RefreshPipeline pipeline;
    List<String> started;
    RefreshStepsActions actions;

    @BeforeEach
    void wire() throws Exception {
        audit = new DirectoryObjectStore(root);
        pipeline = new RefreshPipeline(new RenderOnlyQueryEngine(), CONFIG, "icsmap-qj2-data");
        started = new ArrayList<>();
        actions = new RefreshStepsActions(new RefreshSteps(pipeline, audit, CLOCK, (stage, step) -> started.add(stage + ": " + step)));
    }

    JsonNode call(String json) throws Exception {
        return actions.handle(JSON.readTree(json));
    }

    @Test
    void thePlanNamesEveryStepOnceGroupedAsTheStateMachineRunsThem() throws Exception {
        JsonNode plan = call("{\"action\": \"plan\", \"request\": {}}");
        assertThat(plan.path("snapshotId").asText()).isEqualTo("s20250401_063000");
        Map<String, JsonNode> phases = new LinkedHashMap<>();
        plan.path("phases").forEach(phase -> phases.put(phase.path("name").asText(), phase.path("chains")));
        assertThat(phases.keySet()).containsExactly("reference", "linkage and costing", "marts", "organisation outputs", "quality and coverage", "publish");
        List<String> named = new ArrayList<>();
        List.of("reference", "linkage and costing", "marts", "organisation outputs")
                .forEach(phase -> phases.get(phase).forEach(chain -> chain.forEach(n -> named.add(n.asText()))));
        List<String> expected = pipeline.plan("s20250401_063000").stream().map(RefreshPipeline.Step::name).toList();
        assertThat(named).containsExactlyInAnyOrderElementsOf(expected);
        // Independent steps are a chain each; costing and linkage one chain, in dependency order.
        phases.get("reference").forEach(chain -> assertThat(chain).hasSize(1));
        JsonNode core = phases.get("linkage and costing");
        assertThat(core).hasSize(1);
        assertThat(core.get(0).get(0).asText()).isEqualTo("costing/costed_activity.sql");
        assertThat(core.get(0).get(2).asText()).isEqualTo("linkage/person_spine.sql");
        // The marts nested in cost_by_place (PCN, then practice) run in its chain, after it (so too condition
        // prevalence by practice in by place's): their disclosure control
        // reads their parents' tables, and the chains run side by side.
        JsonNode marts = phases.get("marts");
        assertThat(marts).hasSize((int) Marts.SHARED.stream().filter(m -> m.parent().isEmpty()).count());
        JsonNode places = java.util.stream.StreamSupport.stream(marts.spliterator(), false)
                .filter(chain -> chain.get(0).asText().equals("marts/cost_by_place.sql")).findFirst().orElseThrow();
        assertThat(places).extracting(JsonNode::asText).containsExactly("marts/cost_by_place.sql", "shared cost_by_place",
                "marts/cost_by_pcn.sql", "shared cost_by_pcn", "marts/cost_by_practice.sql", "shared cost_by_practice");
        JsonNode first = marts.get(0);
        assertThat(first.get(0).asText()).isEqualTo("marts/totals_by_organisation.sql");
        assertThat(first.get(1).asText()).isEqualTo("shared totals_by_organisation");
        // The quality check is a phase of its own, between the last building phase and publishing.
        assertThat(phases.get("quality and coverage").toString()).isEqualTo("[[\"" + RefreshSteps.QUALITY_STEP + "\"]]");
        // Every shared mart's view and every organisation output's view switch at publish.
        int views = pipeline.publishSteps("s20250401_063000").size();
        assertThat(views).isGreaterThan(Marts.SHARED.size());
        assertThat(phases.get("publish")).hasSize(views);
        phases.get("publish").forEach(chain -> assertThat(chain).hasSize(1));
        assertThat(plan.path("steps").asInt()).isEqualTo(expected.size() + views + 1);
        // Names only: the plan is small whatever the SQL weighs.
        assertThat(JSON.writeValueAsBytes(plan).length).isLessThan(8 * 1024);
    }

    @Test
    void aRequestedSnapshotIsUsedAndABadOneRefused() throws Exception {
        assertThat(call("{\"action\": \"plan\", \"request\": {\"snapshotId\": \"s7\"}}").path("snapshotId").asText()).isEqualTo("s7");
        assertThatThrownBy(() -> call("{\"action\": \"plan\", \"request\": {\"snapshotId\": \"S7; DROP\"}}"))
                .hasMessageContaining("not a valid identifier");
    }

    @Test
    void eachStepRendersToTheStatementThePipelineWouldRunAndTellsTheListener() throws Exception {
        for (RefreshPipeline.Step step : pipeline.plan("s7")) {
            JsonNode rendered = call("{\"action\": \"render\", \"snapshotId\": \"s7\", \"step\": " + JSON.writeValueAsString(step.name()) + "}");
            assertThat(rendered.path("queryString").asText()).as(step.name()).isEqualTo(step.script().render());
            assertThat(rendered.path("queryString").asText().getBytes(StandardCharsets.UTF_8).length).as(step.name()).isLessThan(262_144);
        }
        JsonNode publish = call("{\"action\": \"render\", \"snapshotId\": \"s7\", \"step\": \"publish cost_by_place\"}");
        assertThat(publish.path("queryString").asText()).isEqualTo("CREATE OR REPLACE VIEW shared_cost_by_place AS SELECT * FROM shared_cost_by_place_s7");
        assertThat(started).contains("costing: costing/costed_activity.sql", "shared_mart: shared cost_by_place", "publish: publish cost_by_place");
        assertThatThrownBy(() -> call("{\"action\": \"render\", \"snapshotId\": \"s7\", \"step\": \"marts/nothing.sql\"}"))
                .hasMessageContaining("no step 'marts/nothing.sql' in the plan of snapshot s7");
        assertThatThrownBy(() -> call("{\"action\": \"render\", \"step\": \"x\"}")).hasMessageContaining("has no 'snapshotId'");
        assertThatThrownBy(() -> call("{\"action\": \"drop\"}")).hasMessageContaining("unknown refresh-steps action 'drop'");
    }

    @Test
    void aStepFailureIsWordedFromAthenasReasonWithoutItsSqlAndAudited() throws Exception {
        String athenaCause = JSON.writeValueAsString(Map.of("QueryExecution", Map.of("QueryExecutionId", "q-1", "Query", "CREATE TABLE secret_sql AS ...",
                "Status", Map.of("State", "FAILED", "StateChangeReason", "TABLE_NOT_FOUND: line 3:6: Table 'x' does not exist"))));
        JsonNode failure = call("{\"action\": \"recordStepFailure\", \"snapshotId\": \"s7\", \"step\": \"marts/cost_by_pcn.sql\", \"failure\": "
                + JSON.writeValueAsString(Map.of("Error", "States.TaskFailed", "Cause", athenaCause)) + "}");
        assertThat(failure.path("error").asText()).isEqualTo("States.TaskFailed");
        assertThat(failure.path("message").asText())
                .isEqualTo("step 'marts/cost_by_pcn.sql' failed: Athena query q-1 failed: TABLE_NOT_FOUND: line 3:6: Table 'x' does not exist")
                .doesNotContain("secret_sql");
        JsonNode recorded = JSON.readTree(Files.readString(root.resolve("audit/refresh/snapshot=s7/failed-step.json")));
        assertThat(recorded.path("step").asText()).isEqualTo("marts/cost_by_pcn.sql");

        JsonNode refresh = call("{\"action\": \"recordFailure\", \"state\": {\"plan\": {\"snapshotId\": \"s7\"}, \"failure\": "
                + JSON.writeValueAsString(Map.of("Error", "States.TaskFailed", "Cause", failure.path("message").asText())) + "}}");
        assertThat(refresh.path("message").asText()).isEqualTo("refresh of snapshot s7 failed, so the previous snapshot stays published: "
                + failure.path("message").asText());
        assertThat(JSON.readTree(Files.readString(root.resolve("audit/refresh/snapshot=s7/outcome.json"))).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(Files.exists(root.resolve("audit/refresh/published.json"))).isFalse();
    }

    @Test
    void aFailedPlanIsRecordedFromTheLambdaErrorDocument() throws Exception {
        String lambdaCause = "{\"errorMessage\": \"the ICS config is broken\", \"errorType\": \"java.lang.IllegalStateException\", \"stackTrace\": []}";
        JsonNode refresh = call("{\"action\": \"recordFailure\", \"state\": {\"failure\": " + JSON.writeValueAsString(Map.of("Error",
                "java.lang.IllegalStateException", "Cause", lambdaCause)) + "}}");
        assertThat(refresh.path("error").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(refresh.path("message").asText()).isEqualTo("refresh failed, so the previous snapshot stays published: the ICS config is broken "
                + "(IllegalStateException)");
    }

    @Test
    void theQualityCheckPassesOnlyWhenTheMartsReconcileToThePenny() throws Exception {
        String header = "{\"Data\": [{\"VarCharValue\": \"costed_activities\"}, {\"VarCharValue\": \"costed_cost\"}, {\"VarCharValue\": \"uncosted_activities\"}, "
                + "{\"VarCharValue\": \"organisation_activities\"}, {\"VarCharValue\": \"organisation_cost\"}, {\"VarCharValue\": \"place_cost\"}, "
                + "{\"VarCharValue\": \"missing_periods\"}]}";
        JsonNode ok = call("{\"action\": \"assessQuality\", \"snapshotId\": \"s7\", \"rows\": [" + header + ", " + row("120", "1000.50", "1000.50") + "]}");
        assertThat(ok.path("reconciled").asBoolean()).isTrue();
        assertThat(ok.path("cost").decimalValue()).isEqualByComparingTo("1000.50");
        assertThat(ok.path("missingPeriods").asLong()).isEqualTo(2);
        JsonNode success = call("{\"action\": \"recordSuccess\", \"snapshotId\": \"s7\"}");
        assertThat(success.path("published").asBoolean()).isTrue();
        JsonNode published = JSON.readTree(Files.readString(root.resolve("audit/refresh/published.json")));
        assertThat(published.path("snapshotId").asText()).isEqualTo("s7");
        assertThat(published.path("quality").toString()).as("the assessment the check recorded").isEqualTo(ok.toString());

        assertThatThrownBy(() -> call("{\"action\": \"assessQuality\", \"snapshotId\": \"s8\", \"rows\": [" + header + ", "
                + row("120", "1000.50", "1000.49") + "]}"))
                .isInstanceOf(RefreshSteps.QualityCheckFailedException.class)
                .hasMessage("snapshot s8 does not reconcile: cost_by_place costs £1000.49, costed activity £1000.50");
        assertThat(JSON.readTree(Files.readString(root.resolve("audit/refresh/snapshot=s8/quality.json"))).path("assessment").path("reconciled")
                .asBoolean()).isFalse();
    }

    static String row(String activities, String cost, String placeCost) {
        return "{\"Data\": [{\"VarCharValue\": \"" + activities + "\"}, {\"VarCharValue\": \"" + cost + "\"}, {\"VarCharValue\": \"0\"}, {\"VarCharValue\": \""
                + activities + "\"}, {\"VarCharValue\": \"" + cost + "\"}, {\"VarCharValue\": \"" + placeCost + "\"}, {\"VarCharValue\": \"2\"}]}";
    }

    @Test
    void theLambdaHandlerDelegatesAndLogsOneLineWithoutSql() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (RefreshStepsHandler handler = new RefreshStepsHandler(actions, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            Map<String, Object> event = new HashMap<>(Map.of("action", "render", "snapshotId", "s7", "step", "costing/costed_activity.sql"));
            Map<String, Object> result = handler.execute(event);
            assertThat((String) result.get("queryString")).startsWith(pipeline.step("costing/costed_activity.sql", "s7").render().substring(0, 20));
            assertThatThrownBy(() -> handler.execute(Map.of("action", "render", "snapshotId", "s7", "step", "nope")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("action").asText()).isEqualTo("render");
        assertThat(first.path("outcome").asText()).isEqualTo("ok");
        assertThat(JSON.readTree(lines.get(1)).path("outcome").asText()).isEqualTo("IllegalArgumentException");
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("SELECT", "CREATE");
    }

    @Test
    void theEnvironmentNamesEveryMissingVariable() {
        assertThatThrownBy(() -> RefreshStepsEnvironment.from(Map.of())).hasMessageContaining("ICSMAP_BUCKET, AWS_REGION");
        RefreshStepsEnvironment environment = RefreshStepsEnvironment.from(Map.of("ICSMAP_BUCKET", "b", "AWS_REGION", "eu-west-2"));
        assertThat(environment.auditBucket()).isEqualTo("b");
        assertThat(environment.configLocation()).isEqualTo("classpath:ics.yaml");
        assertThat(environment.sseKmsKeyId()).isEqualTo(Optional.empty());
    }
}
