package org.icsmap.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icsmap.statemachine.Asl.json;
import static org.icsmap.statemachine.Asl.run;
import static org.icsmap.statemachine.Asl.single;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.task.TaskOutcome;
import org.icsmap.statemachine.task.TaskRequest;
import org.junit.jupiter.api.Test;

class DataFlowTest {

    @Test
    void parametersReadTheContextObject() {
        ExecutionResult result = run(single("""
                {"Type": "Pass", "Parameters": {
                   "name.$": "$$.Execution.Name", "id.$": "$$.Execution.Id", "start.$": "$$.Execution.StartTime",
                   "state.$": "$$.State.Name", "entered.$": "$$.State.EnteredTime", "retries.$": "$$.State.RetryCount",
                   "machine.$": "$$.StateMachine.Name", "original.$": "$$.Execution.Input.feed",
                   "nested": {"fromInput.$": "$.feed", "list": [{"deep.$": "$.period"}, "plain"]}},
                 "End": true}"""), "{\"feed\": \"apc\", \"period\": \"2025-02\"}");

        assertThat(result.output()).isEqualTo(json("""
                {"name": "exec-1", "id": "arn:aws:states:eu-west-2:000000000000:execution:refresh:exec-1",
                 "start": "2025-03-01T09:30:00Z", "state": "S", "entered": "2025-03-01T09:30:00Z", "retries": 0,
                 "machine": "refresh", "original": "apc",
                 "nested": {"fromInput": "apc", "list": [{"deep": "2025-02"}, "plain"]}}"""));
    }

    @Test
    void theWholeContextObjectHasNoTaskToken() {
        ExecutionResult result = run(single("{\"Type\": \"Pass\", \"Parameters\": {\"c.$\": \"$$\"}, \"End\": true}"), "{}");
        assertThat(result.output().get("c").fieldNames()).toIterable()
                .containsExactly("Execution", "State", "StateMachine");
    }

    @Test
    void aTaskSeesItsEffectiveParametersAndContext() {
        AtomicReference<TaskRequest> seen = new AtomicReference<>();
        run(single("""
                {"Type": "Task", "Resource": "arn:aws:states:::athena:startQueryExecution.sync", "InputPath": "$.query",
                 "Parameters": {"QueryString.$": "$.sql", "WorkGroup": "icsmap", "ClientRequestToken.$": "$$.Execution.Name"},
                 "TimeoutSeconds": 300, "End": true}"""), "{\"query\": {\"sql\": \"SELECT 1\"}}", request -> {
            seen.set(request);
            return TaskOutcome.success(json("{}"));
        });
        assertThat(seen.get().resource()).isEqualTo("arn:aws:states:::athena:startQueryExecution.sync");
        assertThat(seen.get().parameters()).isEqualTo(json(
                "{\"QueryString\": \"SELECT 1\", \"WorkGroup\": \"icsmap\", \"ClientRequestToken\": \"exec-1\"}"));
        assertThat(seen.get().stateName()).isEqualTo("S");
        assertThat(seen.get().timeoutSeconds()).isEqualTo(300);
        assertThat(seen.get().context().at("/State/Name").asText()).isEqualTo("S");
    }

    @Test
    void inputPathResultSelectorResultPathAndOutputPathApplyInOrder() {
        ExecutionResult result = run(single("""
                {"Type": "Task", "Resource": "r", "InputPath": "$.request",
                 "ResultSelector": {"value.$": "$.Payload.value", "fixed": 1},
                 "ResultPath": "$.response.selected", "OutputPath": "$.response", "End": true}"""),
                "{\"request\": {\"a\": 1}, \"response\": {\"kept\": true}}",
                request -> TaskOutcome.success(json("{\"Payload\": {\"value\": 1.50}, \"StatusCode\": 200}")));
        assertThat(result.output()).isEqualTo(json("{\"kept\": true, \"selected\": {\"value\": 1.50, \"fixed\": 1}}"));
        assertThat(result.output().at("/selected/value").toString()).isEqualTo("1.50");
    }

    @Test
    void resultPathCreatesMissingObjectsAndNullPathsDiscard() {
        assertThat(run(single("{\"Type\": \"Pass\", \"Result\": 7, \"ResultPath\": \"$.a.b.c\", \"End\": true}"), "{\"x\": 1}")
                .output()).isEqualTo(json("{\"x\": 1, \"a\": {\"b\": {\"c\": 7}}}"));
        assertThat(run(single("{\"Type\": \"Pass\", \"Result\": 7, \"ResultPath\": null, \"End\": true}"), "{\"x\": 1}")
                .output()).isEqualTo(json("{\"x\": 1}"));
        assertThat(run(single("{\"Type\": \"Pass\", \"InputPath\": null, \"End\": true}"), "{\"x\": 1}")
                .output()).isEqualTo(json("{}"));
        assertThat(run(single("{\"Type\": \"Pass\", \"OutputPath\": null, \"End\": true}"), "{\"x\": 1}")
                .output()).isEqualTo(json("{}"));
    }

    @Test
    void resultPathIntoANonObjectIsAResultPathMatchFailure() {
        ExecutionResult result = run(single("{\"Type\": \"Pass\", \"Result\": 7, \"ResultPath\": \"$.a.b\", \"End\": true}"),
                "{\"a\": \"text\"}");
        assertThat(result.error()).isEqualTo("States.ResultPathMatchFailure");
    }

    @Test
    void aMissingInputPathIsAStatesRuntimeErrorWithAwsCause() {
        ExecutionResult result = run(single("{\"Type\": \"Pass\", \"InputPath\": \"$.nope\", \"End\": true}"), "{}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).isEqualTo("An error occurred while executing the state 'S' (entered at the event id #2)."
                + " Invalid path '$.nope' : No results for path: $['nope']");
    }

    @Test
    void numbersKeepTheirForm() {
        ExecutionResult result = run(single("{\"Type\": \"Pass\", \"Parameters\": {\"a.$\": \"$.a\", \"b\": 2.50}, \"End\": true}"),
                "{\"a\": 1.0}");
        assertThat(result.output().toString()).isEqualTo("{\"a\":1.0,\"b\":2.50}");
    }

    @Test
    void jsonPathFiltersSlicesAndWildcardsBehaveAsInStepFunctions() {
        String input = "{\"rows\": [{\"org\": \"A\", \"cost\": 5}, {\"org\": \"B\", \"cost\": 7}, {\"org\": \"A\", \"cost\": 1}]}";
        ExecutionResult result = run(single("""
                {"Type": "Pass", "Parameters": {"a.$": "$.rows[?(@.org == 'A')].cost", "first.$": "$.rows[0].org",
                  "tail.$": "$.rows[1:].org", "all.$": "$..cost", "none.$": "$.missing[*]"}, "End": true}"""), input);
        assertThat(result.output()).isEqualTo(json(
                "{\"a\": [5, 1], \"first\": \"A\", \"tail\": [\"B\", \"A\"], \"all\": [5, 7, 1], \"none\": []}"));
    }

    @Test
    void assignedVariablesAreReadWithDollarNameAndEvaluatedAgainstTheResult() {
        ExecutionResult result = run("""
                {"StartAt": "Load", "States": {
                  "Load": {"Type": "Task", "Resource": "r", "ResultSelector": {"rows.$": "$.count"},
                           "Assign": {"rows.$": "$.rows", "label": "loaded", "state.$": "$$.State.Name"},
                           "ResultPath": null, "Next": "Report"},
                  "Report": {"Type": "Pass", "Parameters": {"rows.$": "$rows", "label.$": "$label", "from.$": "$state",
                             "text.$": "States.Format('{} rows', $rows)"}, "End": true}}}""", "{}",
                request -> TaskOutcome.success(json("{\"count\": 12}")));
        assertThat(result.output()).isEqualTo(json("{\"rows\": 12, \"label\": \"loaded\", \"from\": \"Load\", \"text\": \"12 rows\"}"));
    }

    @Test
    void waitStatesValidateAndTakeTheirTimeOnTheExecutionsClock() {
        VirtualClock clock = new VirtualClock(Asl.START);
        ExecutionResult waited = runOn(clock, single("{\"Type\": \"Wait\", \"Seconds\": 3600, \"End\": true}"), "{\"x\": 1}");
        assertThat(waited.output()).isEqualTo(json("{\"x\": 1}"));
        assertThat(waited.history()).filteredOn(e -> e.type().equals("WaitScheduled"))
                .singleElement().extracting(e -> e.details().get("seconds").asLong()).isEqualTo(3600L);
        // An hour passed on the execution's clock, and only there: what follows the Wait happened an hour later.
        assertThat(clock.instant()).isEqualTo(Asl.START.plusSeconds(3600));
        assertThat(waited.history().getFirst().timestamp()).isEqualTo(Asl.START);
        assertThat(waited.history().getLast().timestamp()).isEqualTo(Asl.START.plusSeconds(3600));
        // Unless a test hands in a sleeper, a Wait goes straight on.
        assertThat(ExecutionOptions.defaults().sleeper()).isSameAs(Sleeper.NONE);

        VirtualClock untilTen = new VirtualClock(Asl.START);
        assertThat(runOn(untilTen, single("{\"Type\": \"Wait\", \"TimestampPath\": \"$.until\", \"End\": true}"),
                "{\"until\": \"2025-03-01T10:00:00Z\"}").succeeded()).isTrue();
        assertThat(untilTen.instant()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        VirtualClock past = new VirtualClock(Asl.START);
        assertThat(runOn(past, single("{\"Type\": \"Wait\", \"Timestamp\": \"2025-03-01T09:00:00Z\", \"End\": true}"), "{}")
                .succeeded()).isTrue();
        assertThat(past.instant()).as("a timestamp already past is no wait").isEqualTo(Asl.START);
        ExecutionResult bad = run(single("{\"Type\": \"Wait\", \"TimestampPath\": \"$.until\", \"End\": true}"),
                "{\"until\": \"tomorrow\"}");
        assertThat(bad.error()).isEqualTo("States.Runtime");
        assertThat(bad.cause()).contains("The TimestampPath parameter does not reference a valid ISO-8601");
    }

    /** Runs on a clock that moves only when a Wait state sleeps on it. */
    private static ExecutionResult runOn(VirtualClock clock, String definition, String input) {
        return new StateMachineInterpreter(Asl.NO_TASKS).execute(StateMachine.parse(definition), json(input),
                Asl.OPTIONS.withClock(clock).withSleeper(clock));
    }

    @Test
    void failStatesTakeErrorAndCauseFromPathsOrIntrinsics() {
        ExecutionResult result = run(single("""
                {"Type": "Fail", "ErrorPath": "$.code", "CausePath": "States.Format('{} rows rejected', $.n)"}"""),
                "{\"code\": \"Rejected\", \"n\": 3}");
        assertThat(result.error()).isEqualTo("Rejected");
        assertThat(result.cause()).isEqualTo("3 rows rejected");
    }

    @Test
    void jsonataStatesUseStatesInputResultAndVariables() {
        ExecutionResult result = run("""
                {"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "r",
                           "Arguments": {"sql": "{% 'SELECT ' & $string($states.input.n) %}"},
                           "Assign": {"total": "{% $states.result.n * 2 %}"},
                           "Output": {"echo": "{% $states.result.sql %}", "name": "{% $states.context.Execution.Name %}"},
                           "Next": "Use"},
                  "Use": {"Type": "Pass", "Output": "{% $merge([$states.input, {'total': $total}]) %}", "End": true}}}""",
                "{\"n\": 21}", request -> TaskOutcome.success(json("{\"sql\": \"" + request.parameters().get("sql").asText()
                        + "\", \"n\": 21}")));
        assertThat(result.output()).isEqualTo(json("{\"echo\": \"SELECT 21\", \"name\": \"exec-1\", \"total\": 42}"));
    }

    @Test
    void theHistoryIsNumberedLikeAws() {
        ExecutionResult result = run("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}""", "{}");
        assertThat(result.history()).extracting(HistoryEvent::id, HistoryEvent::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "ExecutionStarted"),
                org.assertj.core.groups.Tuple.tuple(2L, "PassStateEntered"),
                org.assertj.core.groups.Tuple.tuple(3L, "PassStateExited"),
                org.assertj.core.groups.Tuple.tuple(4L, "SucceedStateEntered"),
                org.assertj.core.groups.Tuple.tuple(5L, "SucceedStateExited"),
                org.assertj.core.groups.Tuple.tuple(6L, "ExecutionSucceeded"));
    }
}
