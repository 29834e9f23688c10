package org.icsmap.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icsmap.statemachine.Asl.json;
import static org.icsmap.statemachine.Asl.run;

import java.util.ArrayList;
import java.util.List;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.task.TaskHandler;
import org.icsmap.statemachine.task.TaskOutcome;
import org.junit.jupiter.api.Test;

class MapAndParallelTest {

    @Test
    void mapRunsTheProcessorForEachItemShapedByItemSelector() {
        List<String> calls = new ArrayList<>();
        TaskHandler cost = request -> {
            calls.add(request.parameters().toString());
            int rows = request.parameters().get("rows").asInt();
            return TaskOutcome.success(json("{\"feed\": \"" + request.parameters().get("feed").asText()
                    + "\", \"cost\": " + rows * 2 + "}"));
        };
        String definition = """
                {"StartAt": "EachFeed", "States": {
                  "EachFeed": {"Type": "Map", "ItemsPath": "$.feeds", "MaxConcurrency": 4,
                    "ItemSelector": {"feed.$": "$$.Map.Item.Value.name", "rows.$": "$$.Map.Item.Value.rows",
                                     "index.$": "$$.Map.Item.Index", "period.$": "$.period"},
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Cost", "States": {
                        "Cost": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
                    "ResultSelector": {"costs.$": "$[*].cost", "count.$": "States.ArrayLength($)"},
                    "ResultPath": "$.result", "End": true}}}""";
        ExecutionResult result = run(definition,
                "{\"period\": \"2025-02\", \"feeds\": [{\"name\": \"apc\", \"rows\": 10}, {\"name\": \"op\", \"rows\": 3}]}",
                cost);

        assertThat(result.output().get("result")).isEqualTo(json("{\"costs\": [20, 6], \"count\": 2}"));
        assertThat(calls).containsExactly(
                "{\"feed\":\"apc\",\"rows\":10,\"index\":0,\"period\":\"2025-02\"}",
                "{\"feed\":\"op\",\"rows\":3,\"index\":1,\"period\":\"2025-02\"}");
        assertThat(result.history()).extracting(HistoryEvent::type).contains(
                "MapStateEntered", "MapStateStarted", "MapIterationStarted", "MapIterationSucceeded", "MapStateSucceeded");
    }

    @Test
    void legacyIteratorAndParametersWorkAndAnEmptyListGivesAnEmptyResult() {
        String definition = """
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "ItemsPath": "$.xs", "Parameters": {"x.$": "$$.Map.Item.Value"},
                    "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": "$.x", "End": true}}},
                    "End": true}}}""";
        assertThat(run(definition, "{\"xs\": [\"a\", \"b\"]}").output()).isEqualTo(json("[\"a\", \"b\"]"));
        assertThat(run(definition, "{\"xs\": []}").output()).isEqualTo(json("[]"));
    }

    @Test
    void aFailingIterationFailsTheMapAndCanBeCaught() {
        String definition = """
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map",
                    "ItemProcessor": {"StartAt": "Check", "States": {
                        "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericLessThan": 0, "Next": "Bad"}],
                                  "Default": "Good"},
                        "Bad": {"Type": "Fail", "Error": "NegativeItem", "Cause": "items must be >= 0"},
                        "Good": {"Type": "Succeed"}}},
                    "Catch": [{"ErrorEquals": ["NegativeItem"], "ResultPath": "$.error", "Next": "Recover"}],
                    "ResultPath": "$.ok", "End": true},
                  "Recover": {"Type": "Pass", "End": true}}}""";
        assertThat(run(definition, "[1, 2]").status()).isEqualTo(ExecutionStatus.FAILED); // ResultPath needs an object
        ExecutionResult caught = run(definition.replace("\"ResultPath\": \"$.error\"", "\"ResultPath\": null"), "[1, -2, 3]");
        assertThat(caught.output()).isEqualTo(json("[1, -2, 3]"));
        assertThat(caught.history()).extracting(HistoryEvent::type).contains("MapIterationFailed", "MapStateFailed");
    }

    @Test
    void mapIterationsRunSideBySideUpToTheLowerOfMapConcurrencyAndMaxConcurrencyAndKeepTheirOrder() {
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger widest = new java.util.concurrent.atomic.AtomicInteger();
        TaskHandler slow = request -> {
            widest.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            int x = request.parameters().asInt();
            return x < 0 ? TaskOutcome.failure("Negative" + x, "item " + x) : TaskOutcome.success(json(Integer.toString(x * 10)));
        };
        String definition = """
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "MaxConcurrency": 3,
                    "ItemProcessor": {"StartAt": "T", "States": {
                        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
                    "End": true}}}""";
        ExecutionResult result = new StateMachineInterpreter(slow).execute(StateMachine.parse(definition), json("[1, 2, 3, 4, 5, 6, 7]"), Asl.OPTIONS.withMapConcurrency(8));
        assertThat(result.output()).isEqualTo(json("[10, 20, 30, 40, 50, 60, 70]"));
        assertThat(widest.get()).isEqualTo(3);
        assertThat(result.history()).extracting(HistoryEvent::type).filteredOn("MapIterationSucceeded"::equals).hasSize(7);

        widest.set(0);
        assertThat(new StateMachineInterpreter(slow).execute(StateMachine.parse(definition.replace("\"MaxConcurrency\": 3", "\"MaxConcurrency\": 0")),
                json("[1, 2, 3, 4, 5]"), Asl.OPTIONS.withMapConcurrency(2)).output()).isEqualTo(json("[10, 20, 30, 40, 50]"));
        assertThat(widest.get()).isEqualTo(2);

        // Two items fail: the Map fails with the first in item order, whichever finished first.
        ExecutionResult failed = new StateMachineInterpreter(slow).execute(StateMachine.parse(definition), json("[1, -2, 3, -4, 5]"), Asl.OPTIONS.withMapConcurrency(3));
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("Negative-2");
        assertThat(failed.history()).extracting(HistoryEvent::type).contains("MapIterationFailed").containsOnlyOnce("MapStateFailed");
    }

    @Test
    void itemsPathMustSelectAnArray() {
        ExecutionResult result = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.x",
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}""",
                "{\"x\": {\"not\": \"a list\"}}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("must be a JSON array");
    }

    @Test
    void parallelGivesEachBranchTheInputAndCollectsTheOutputsInOrder() {
        String definition = """
                {"StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", "Parameters": {"n.$": "$.n"},
                    "Branches": [
                      {"StartAt": "Double", "States": {"Double": {"Type": "Pass",
                          "Parameters": {"v.$": "States.MathAdd($.n, $.n)"}, "OutputPath": "$.v", "End": true}}},
                      {"StartAt": "Wait", "States": {
                          "Wait": {"Type": "Wait", "Seconds": 30, "Next": "Say"},
                          "Say": {"Type": "Pass", "Parameters": {"said.$": "States.Format('n is {}', $.n)"}, "End": true}}}],
                    "ResultSelector": {"double.$": "$[0]", "said.$": "$[1].said"},
                    "ResultPath": "$.both", "Next": "Done"},
                  "Done": {"Type": "Succeed"}}}""";
        ExecutionResult result = run(definition, "{\"n\": 21}");

        assertThat(result.output()).isEqualTo(json("{\"n\": 21, \"both\": {\"double\": 42, \"said\": \"n is 21\"}}"));
        assertThat(result.history()).extracting(HistoryEvent::type)
                .contains("ParallelStateStarted", "WaitScheduled", "ParallelStateSucceeded");
    }

    @Test
    void aFailingBranchFailsTheParallelStateWithTheBranchError() {
        String definition = """
                {"StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", "Branches": [
                      {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
                      {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "BranchBroke", "Cause": "no"}}}],
                    "End": true}}}""";
        ExecutionResult result = run(definition, "{}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("BranchBroke");
        assertThat(result.cause()).isEqualTo("no");
    }

    @Test
    void variablesAreReadableInsideBranchesButAssignmentsStayThere() {
        String definition = """
                {"StartAt": "Set", "States": {
                  "Set": {"Type": "Pass", "Assign": {"feed": "apc", "count": 1}, "Next": "Each"},
                  "Each": {"Type": "Map", "ItemsPath": "$.xs",
                    "ItemProcessor": {"StartAt": "Use", "States": {
                        "Use": {"Type": "Pass", "Assign": {"count": 99},
                                "Parameters": {"feed.$": "$feed", "x.$": "$"}, "End": true}}},
                    "ResultPath": "$.items", "Next": "After"},
                  "After": {"Type": "Pass", "Parameters": {"count.$": "$count", "items.$": "$.items"}, "End": true}}}""";
        assertThat(run(definition, "{\"xs\": [1]}").output()).isEqualTo(json(
                "{\"count\": 1, \"items\": [{\"feed\": \"apc\", \"x\": 1}]}"));
    }
}
