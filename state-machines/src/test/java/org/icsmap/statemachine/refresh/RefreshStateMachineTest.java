package org.icsmap.statemachine.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.icsmap.statemachine.ExecutionOptions;
import org.icsmap.statemachine.ExecutionResult;
import org.icsmap.statemachine.ExecutionStatus;
import org.icsmap.statemachine.StateMachineInterpreter;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.task.LambdaTaskHandler;
import org.icsmap.statemachine.task.TaskHandler;
import org.icsmap.statemachine.task.TaskOutcome;
import org.icsmap.statemachine.task.TaskRequest;
import org.icsmap.statemachine.task.TaskRouter;
import org.junit.jupiter.api.Test;

/** The shipped definition against the contract with the CDK stack and the rules every refresh state follows. */
class RefreshStateMachineTest {

    static final Map<String, String> VALUES = Map.of("AthenaWorkGroup", "icsmap-refresh", "GlueDatabase", "icsmap_qj2",
            "RefreshStepsFunctionArn", "arn:aws:lambda:eu-west-2:123456789012:function:icsmap-refresh-steps");

    @Test
    void usesExactlyThePlaceholdersTheCdkStackSubstitutes() {
        assertThat(RefreshStateMachine.placeholdersIn(RefreshStateMachine.template())).containsExactlyInAnyOrderElementsOf(RefreshStateMachine.PLACEHOLDERS);
        String substituted = RefreshStateMachine.substitute(RefreshStateMachine.template(), VALUES);
        assertThat(substituted).doesNotContain("${").contains("icsmap_qj2", "icsmap-refresh", "function:icsmap-refresh-steps");
        assertThat(RefreshStateMachine.load(VALUES)).isInstanceOf(StateMachine.class);
    }

    @Test
    void aMissingOrUnknownSubstitutionIsRefusedByName() {
        assertThatThrownBy(() -> RefreshStateMachine.substitute(RefreshStateMachine.template(), Map.of("GlueDatabase", "d")))
                .hasMessageContaining("missing [AthenaWorkGroup, RefreshStepsFunctionArn]");
        Map<String, String> extra = new java.util.HashMap<>(VALUES);
        extra.put("Bucket", "b");
        assertThatThrownBy(() -> RefreshStateMachine.substitute(RefreshStateMachine.template(), extra)).hasMessageContaining("not in the definition [Bucket]");
    }

    @Test
    void everyTaskIsARealAwsIntegrationWithRetryOnThrottlingAndACatch() {
        JsonNode definition = Json.parse(RefreshStateMachine.substitute(RefreshStateMachine.template(), VALUES));
        List<String> tasks = new ArrayList<>();
        forEachState(definition, (name, state) -> {
            if (!state.path("Type").asText().equals("Task")) {
                return;
            }
            tasks.add(name);
            String resource = state.path("Resource").asText();
            assertThat(resource).as(name).isIn("arn:aws:states:::lambda:invoke", "arn:aws:states:::athena:startQueryExecution.sync",
                    "arn:aws:states:::athena:getQueryResults");
            List<String> retried = new ArrayList<>();
            state.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));
            if (resource.contains("athena")) {
                assertThat(retried).as(name).contains("Athena.TooManyRequestsException").doesNotContain("States.ALL", "States.TaskFailed");
                if (resource.endsWith("startQueryExecution.sync")) {
                    assertThat(state.path("Parameters").path("WorkGroup").asText()).as(name).isEqualTo("icsmap-refresh");
                    assertThat(state.path("Parameters").path("QueryExecutionContext").path("Database").asText()).as(name).isEqualTo("icsmap_qj2");
                }
            } else {
                assertThat(retried).as(name).contains("Lambda.TooManyRequestsException", "Lambda.ServiceException").doesNotContain("States.ALL");
                assertThat(state.path("Parameters").path("FunctionName").asText()).as(name).endsWith("function:icsmap-refresh-steps");
            }
            assertThat(state.path("Catch")).as(name + " has a Catch").isNotEmpty();
            assertThat(state.path("Catch").get(0).path("ErrorEquals").get(0).asText()).as(name).isEqualTo("States.ALL");
        });
        assertThat(tasks).containsExactlyInAnyOrder("Plan", "RenderStep", "RunStep", "GetQualityCheckResults", "AssessQuality", "RecordStepFailure",
                "RecordSuccess", "RecordFailure");
    }

    @Test
    void aRefreshStepIsDefinedOnce() {
        JsonNode definition = Json.parse(RefreshStateMachine.template());
        Map<String, Integer> uses = new java.util.TreeMap<>();
        List<String> names = new ArrayList<>();
        forEachState(definition, (name, state) -> {
            names.add(name);
            String resource = state.path("Resource").asText();
            String action = state.path("Parameters").path("Payload").path("action").asText();
            if (resource.endsWith("athena:startQueryExecution.sync")) {
                uses.merge("runs a statement", 1, Integer::sum);
            } else if (!action.isEmpty()) {
                uses.merge(action, 1, Integer::sum);
            }
            if (state.path("Type").asText().equals("Fail") && state.path("CausePath").asText().equals("$.stepFailure.message")) {
                uses.merge("fails with the step's cause", 1, Integer::sum);
            }
        });
        // A second copy of the step (render, run, record the failure, fail) for some phase would count twice here.
        assertThat(uses).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("plan", 1, "render", 1, "runs a statement", 1,
                "assessQuality", 1, "recordStepFailure", 1, "fails with the step's cause", 1, "recordSuccess", 1, "recordFailure", 1)));
        // Step Functions refuses a definition that uses one state name twice, even in different Maps.
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void publishingComesOnlyAfterEveryBuildingStageAndTheQualityCheck() {
        JsonNode states = Json.parse(RefreshStateMachine.substitute(RefreshStateMachine.template(), VALUES)).path("States");
        List<String> path = new ArrayList<>();
        String state = "Plan";
        while (state != null && !path.contains(state)) {
            path.add(state);
            state = states.path(state).path("Next").asText(null);
        }
        assertThat(path).containsExactly("Plan", "Phases", "RecordSuccess", "Refreshed");
        assertThat(states.path("Phases").path("ItemsPath").asText()).isEqualTo("$.plan.phases");
        assertThat(states.path("Phases").path("MaxConcurrency").asInt()).isEqualTo(1);
        assertThat(states.path("RefreshFailed").path("Type").asText()).isEqualTo("Fail");
        assertThat(states.path("RecordFailure").path("Next").asText()).isEqualTo("RefreshFailed");

        Refresh refresh = new Refresh(null);
        ExecutionResult result = refresh.run(4);
        assertThat(result.status()).as(result.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().path("published").asBoolean()).isTrue();
        List<String> rendered = refresh.rendered();
        assertThat(rendered).containsExactlyInAnyOrderElementsOf(PLAN_STEPS);
        // Phases one after another; within a chain, its steps in order, whatever runs beside them.
        List<List<String>> phases = List.of(List.of("reference/unit_costs.sql", "reference/practices.sql"),
                List.of("costing/costed_activity.sql", "linkage/person_spine.sql"),
                List.of("marts/cost_by_place.sql", "shared cost_by_place", "marts/cost_by_pcn.sql", "shared cost_by_pcn", "marts/totals_by_organisation.sql",
                        "shared totals_by_organisation"),
                List.of("quality and coverage"), List.of("publish cost_by_place", "publish totals_by_organisation"));
        for (int p = 1; p < phases.size(); p++) {
            int lastOfPrevious = phases.get(p - 1).stream().mapToInt(rendered::indexOf).max().orElseThrow();
            int firstOfThis = phases.get(p).stream().mapToInt(rendered::indexOf).min().orElseThrow();
            assertThat(lastOfPrevious).as(phases.get(p) + " after " + phases.get(p - 1)).isLessThan(firstOfThis);
        }
        assertThat(rendered.stream().filter(s -> s.contains("cost_by_p")).toList()).containsExactly("marts/cost_by_place.sql", "shared cost_by_place",
                "marts/cost_by_pcn.sql", "shared cost_by_pcn", "publish cost_by_place");
        assertThat(rendered.indexOf("costing/costed_activity.sql")).isLessThan(rendered.indexOf("linkage/person_spine.sql"));
        assertThat(refresh.calls()).contains("assessQuality", "recordSuccess").doesNotContain("recordStepFailure", "recordFailure");
    }

    @Test
    void aFailedStepStopsTheRefreshBeforePublishingWithTheStepsCause() {
        Refresh refresh = new Refresh("shared cost_by_pcn");
        ExecutionResult result = refresh.run(4);
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.TaskFailed");
        // The step's own record words the cause; the refresh's record gets it through every Map around the step.
        assertThat(result.cause()).isEqualTo("refresh of s7 failed: step 'shared cost_by_pcn' failed: Athena says no");
        assertThat(refresh.calls()).contains("recordStepFailure shared cost_by_pcn", "recordFailure").doesNotContain("assessQuality", "recordSuccess");
        assertThat(refresh.rendered()).contains("shared cost_by_pcn")
                .doesNotContain("quality and coverage", "publish cost_by_place", "publish totals_by_organisation");
        assertThat(result.statesEntered()).contains("RecordStepFailure", "StepFailed", "RecordFailure", "RefreshFailed").doesNotContain("RecordSuccess");
    }

    @Test
    void aQualityCheckThatDoesNotReconcileIsAFailedStepAndNothingIsPublished() {
        Refresh refresh = new Refresh("quality and coverage");
        ExecutionResult result = refresh.run(1);
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.cause()).isEqualTo("refresh of s7 failed: step 'quality and coverage' failed: the marts do not reconcile");
        assertThat(refresh.rendered()).contains("quality and coverage").doesNotContain("publish cost_by_place", "publish totals_by_organisation");
        assertThat(refresh.calls()).contains("assessQuality", "recordStepFailure quality and coverage").doesNotContain("recordSuccess");
    }

    static final List<String> PLAN_STEPS = List.of("reference/unit_costs.sql", "reference/practices.sql", "costing/costed_activity.sql",
            "linkage/person_spine.sql", "marts/cost_by_place.sql", "shared cost_by_place", "marts/cost_by_pcn.sql", "shared cost_by_pcn",
            "marts/totals_by_organisation.sql", "shared totals_by_organisation", "quality and coverage", "publish cost_by_place",
            "publish totals_by_organisation");

    /**
     * The definition run by the local interpreter with a stand-in refresh-steps function (its plan in the shape the
     * real one gives, and a cause worded from the step and the reason) and a stand-in Athena that fails one step.
     */
    static final class Refresh {
        final String failing;
        final List<String> rendered = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        Refresh(String failing) {
            this.failing = failing;
        }

        List<String> rendered() {
            return List.copyOf(rendered);
        }

        List<String> calls() {
            return List.copyOf(calls);
        }

        ExecutionResult run(int mapConcurrency) {
            TaskHandler tasks = TaskRouter.builder()
                    .resource(LambdaTaskHandler.INVOKE, new LambdaTaskHandler(Map.of("icsmap-refresh-steps", this::function)))
                    .resource("arn:aws:states:::athena:startQueryExecution.sync", this::athena)
                    .resource("arn:aws:states:::athena:getQueryResults", request -> TaskOutcome.success(Json.parse("{\"ResultSet\": {\"Rows\": []}}")))
                    .build();
            return new StateMachineInterpreter(tasks).execute(RefreshStateMachine.load(VALUES), Json.parse("{\"snapshotId\": \"s7\"}"),
                    ExecutionOptions.defaults().withMapConcurrency(mapConcurrency));
        }

        JsonNode function(JsonNode event) {
            String action = event.path("action").asText();
            String step = event.path("step").asText();
            calls.add(step.isEmpty() || !action.equals("recordStepFailure") ? action : action + " " + step);
            return switch (action) {
                case "plan" -> Json.parse("""
                        {"snapshotId": "s7", "steps": 13, "phases": [
                          {"name": "reference", "chains": [["reference/unit_costs.sql"], ["reference/practices.sql"]]},
                          {"name": "linkage and costing", "chains": [["costing/costed_activity.sql", "linkage/person_spine.sql"]]},
                          {"name": "marts", "chains": [
                            ["marts/cost_by_place.sql", "shared cost_by_place", "marts/cost_by_pcn.sql", "shared cost_by_pcn"],
                            ["marts/totals_by_organisation.sql", "shared totals_by_organisation"]]},
                          {"name": "organisation outputs", "chains": []},
                          {"name": "quality and coverage", "chains": [["quality and coverage"]]},
                          {"name": "publish", "chains": [["publish cost_by_place"], ["publish totals_by_organisation"]]}]}""");
                case "render" -> {
                    rendered.add(step);
                    yield Json.object().put("queryString", "SELECT '" + step + "'");
                }
                case "assessQuality" -> {
                    if ("quality and coverage".equals(failing)) {
                        throw new IllegalStateException("the marts do not reconcile");
                    }
                    yield Json.object().put("reconciled", true);
                }
                case "recordStepFailure" -> {
                    String cause = event.path("failure").path("Cause").asText();
                    String reason = cause.startsWith("{") ? Json.parse(cause).path("errorMessage").asText() : cause;
                    yield Json.object().put("error", event.path("failure").path("Error").asText()).put("message", "step '" + step + "' failed: " + reason);
                }
                case "recordFailure" -> Json.object().put("error", event.path("state").path("failure").path("Error").asText())
                        .put("message", "refresh of " + event.path("state").path("plan").path("snapshotId").asText() + " failed: "
                                + event.path("state").path("failure").path("Cause").asText());
                case "recordSuccess" -> Json.object().put("snapshotId", event.path("snapshotId").asText()).put("published", true).put("recorded", true);
                default -> throw new IllegalArgumentException(action);
            };
        }

        TaskOutcome athena(TaskRequest request) {
            String sql = request.parameters().path("QueryString").asText();
            if (failing != null && sql.equals("SELECT '" + failing + "'") && !failing.equals("quality and coverage")) {
                return TaskOutcome.failure("States.TaskFailed", "Athena says no");
            }
            return TaskOutcome.success(Json.parse("{\"QueryExecution\": {\"QueryExecutionId\": \"q\", \"Statistics\": {\"DataScannedInBytes\": 0}}}"));
        }
    }

    static void forEachState(JsonNode branch, BiConsumer<String, JsonNode> visit) {
        branch.path("States").properties().forEach(entry -> {
            visit.accept(entry.getKey(), entry.getValue());
            JsonNode processor = entry.getValue().has("ItemProcessor") ? entry.getValue().get("ItemProcessor") : entry.getValue().get("Iterator");
            if (processor != null) {
                forEachState(processor, visit);
            }
            entry.getValue().path("Branches").forEach(b -> forEachState(b, visit));
        });
    }
}
