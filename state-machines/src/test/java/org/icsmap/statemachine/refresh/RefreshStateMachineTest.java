package org.icsmap.statemachine.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.StateMachine;
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
        assertThat(tasks).hasSizeGreaterThan(10);
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
        assertThat(path).containsExactly("Plan", "Reference", "LinkageAndCosting", "Marts", "OrganisationOutputs", "RenderQualityCheck",
                "RunQualityCheck", "GetQualityCheckResults", "AssessQuality", "Publish", "RecordSuccess", "Refreshed");
        assertThat(states.path("Marts").path("ItemsPath").asText()).isEqualTo("$.plan.marts");
        assertThat(states.path("RefreshFailed").path("Type").asText()).isEqualTo("Fail");
        assertThat(states.path("RecordFailure").path("Next").asText()).isEqualTo("RefreshFailed");
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
