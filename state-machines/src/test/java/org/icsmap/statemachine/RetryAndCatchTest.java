package org.icsmap.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.icsmap.statemachine.Asl.json;
import static org.icsmap.statemachine.Asl.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.task.TaskHandler;
import org.icsmap.statemachine.task.TaskOutcome;
import org.icsmap.statemachine.task.TaskRequest;
import org.junit.jupiter.api.Test;

class RetryAndCatchTest {

    /** Fails with {@code error} for the first {@code failures} attempts, then echoes its parameters. */
    static final class FlakyHandler implements TaskHandler {
        final int failures;
        final String error;
        final List<TaskRequest> requests = new ArrayList<>();

        FlakyHandler(int failures, String error) {
            this.failures = failures;
            this.error = error;
        }

        @Override
        public TaskOutcome invoke(TaskRequest request) {
            requests.add(request);
            if (requests.size() <= failures) {
                return TaskOutcome.failure(error, "attempt " + requests.size() + " failed");
            }
            return TaskOutcome.success(json("{\"ok\": true, \"retryCount\": "
                    + request.context().at("/State/RetryCount").asInt() + "}"));
        }
    }

    private static String task(String retry, String catchers) {
        return """
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-2:000000000000:function:f",
                           "Retry": %s, "Catch": %s, "Next": "Done"},
                  "Done": {"Type": "Succeed"},
                  "Handled": {"Type": "Pass", "End": true},
                  "HandledTimeout": {"Type": "Pass", "Result": "timeout", "End": true},
                  "HandledOther": {"Type": "Pass", "Result": "other", "End": true}
                }}""".formatted(retry, catchers);
    }

    @Test
    void transientFailuresAreRetriedWithExponentialBackoff() {
        FlakyHandler handler = new FlakyHandler(3, "Lambda.ServiceException");
        ExecutionResult result = run(task("""
                [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 3}]""",
                "[]"), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(json("{\"ok\": true, \"retryCount\": 3}"));
        assertThat(result.retryDelays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(18));
        assertThat(handler.requests).extracting(TaskRequest::attempt).containsExactly(0, 1, 2, 3);
    }

    @Test
    void defaultsAreOneSecondDoublingThreeAttempts() {
        FlakyHandler handler = new FlakyHandler(10, "Boom");
        ExecutionResult result = run(task("[{\"ErrorEquals\": [\"Boom\"]}]", "[]"), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("Boom");
        assertThat(result.cause()).isEqualTo("attempt 4 failed");
        assertThat(result.retryDelays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void maxDelaySecondsCapsEachDelayAndFractionalBackoffIsKept() {
        FlakyHandler handler = new FlakyHandler(4, "Boom");
        ExecutionResult result = run(task("""
                [{"ErrorEquals": ["Boom"], "IntervalSeconds": 3, "BackoffRate": 1.5, "MaxAttempts": 4, "MaxDelaySeconds": 6}]""",
                "[]"), "{}", handler);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.retryDelays()).containsExactly(
                Duration.ofSeconds(3), Duration.ofMillis(4500), Duration.ofSeconds(6), Duration.ofSeconds(6));
    }

    @Test
    void maxAttemptsZeroNeverRetries() {
        FlakyHandler handler = new FlakyHandler(1, "Boom");
        ExecutionResult result = run(task("[{\"ErrorEquals\": [\"Boom\"], \"MaxAttempts\": 0}]", "[]"), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(handler.requests).hasSize(1);
        assertThat(result.retryDelays()).isEmpty();
    }

    @Test
    void eachRetrierCountsItsOwnAttempts() {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler alternating = request -> calls.incrementAndGet() <= 4
                ? TaskOutcome.failure(calls.get() % 2 == 1 ? "A" : "B", null)
                : TaskOutcome.success(json("\"done\""));
        ExecutionResult result = run(task("""
                [{"ErrorEquals": ["A"], "MaxAttempts": 2, "IntervalSeconds": 1},
                 {"ErrorEquals": ["B"], "MaxAttempts": 2, "IntervalSeconds": 10}]""", "[]"), "{}", alternating);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.retryDelays()).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    @Test
    void catchPutsTheErrorOutputAtResultPath() {
        FlakyHandler handler = new FlakyHandler(5, "Boom");
        ExecutionResult result = run(task("[]",
                "[{\"ErrorEquals\": [\"Boom\"], \"ResultPath\": \"$.error\", \"Next\": \"Handled\"}]"),
                "{\"feed\": \"apc\"}", handler);

        assertThat(result.output()).isEqualTo(json(
                "{\"feed\": \"apc\", \"error\": {\"Error\": \"Boom\", \"Cause\": \"attempt 1 failed\"}}"));
        assertThat(result.statesEntered()).containsExactly("Call", "Handled");
    }

    @Test
    void catchResultPathDefaultsToReplacingAndNullKeepsTheInput() {
        FlakyHandler replace = new FlakyHandler(1, "Boom");
        ExecutionResult replaced = run(task("[]", "[{\"ErrorEquals\": [\"Boom\"], \"Next\": \"Handled\"}]"),
                "{\"feed\": \"apc\"}", replace);
        assertThat(replaced.output()).isEqualTo(json("{\"Error\": \"Boom\", \"Cause\": \"attempt 1 failed\"}"));

        FlakyHandler discard = new FlakyHandler(1, "Boom");
        ExecutionResult kept = run(task("[]",
                "[{\"ErrorEquals\": [\"Boom\"], \"ResultPath\": null, \"Next\": \"Handled\"}]"), "{\"feed\": \"apc\"}", discard);
        assertThat(kept.output()).isEqualTo(json("{\"feed\": \"apc\"}"));
    }

    @Test
    void retriesComeBeforeCatchAndExhaustedRetriesFallToCatch() {
        FlakyHandler handler = new FlakyHandler(5, "Boom");
        ExecutionResult result = run(task("[{\"ErrorEquals\": [\"Boom\"], \"MaxAttempts\": 2}]",
                "[{\"ErrorEquals\": [\"States.ALL\"], \"ResultPath\": \"$.error\", \"Next\": \"Handled\"}]"), "{}", handler);

        assertThat(handler.requests).hasSize(3);
        assertThat(result.output().at("/error/Cause").asText()).isEqualTo("attempt 3 failed");
    }

    @Test
    void theFirstMatchingCatcherWinsAndStatesAllIsTheLastResort() {
        String catchers = """
                [{"ErrorEquals": ["States.Timeout"], "Next": "HandledTimeout"},
                 {"ErrorEquals": ["Custom.Error", "Other"], "Next": "Handled"},
                 {"ErrorEquals": ["States.ALL"], "Next": "HandledOther"}]""";
        assertThat(run(task("[]", catchers), "{}", new FlakyHandler(1, "States.Timeout")).output())
                .isEqualTo(json("\"timeout\""));
        assertThat(run(task("[]", catchers), "{}", new FlakyHandler(1, "Other")).statesEntered())
                .containsExactly("Call", "Handled");
        assertThat(run(task("[]", catchers), "{}", new FlakyHandler(1, "Lambda.Unknown")).output())
                .isEqualTo(json("\"other\""));
    }

    @Test
    void taskFailedMatchesEverythingButTimeouts() {
        String catchers = "[{\"ErrorEquals\": [\"States.TaskFailed\"], \"Next\": \"HandledOther\"}]";
        assertThat(run(task("[]", catchers), "{}", new FlakyHandler(1, "Lambda.Unknown")).output())
                .isEqualTo(json("\"other\""));
        ExecutionResult timeout = run(task("[]", catchers), "{}", new FlakyHandler(1, "States.Timeout"));
        assertThat(timeout.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(timeout.error()).isEqualTo("States.Timeout");
    }

    @Test
    void statesRuntimeIsNeverRetriedNorCaught() {
        String definition = """
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "r", "Parameters": {"x.$": "$.missing"},
                           "Retry": [{"ErrorEquals": ["States.ALL"]}],
                           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}], "End": true},
                  "Handled": {"Type": "Pass", "End": true}}}""";
        ExecutionResult result = run(definition, "{\"a\": 1}", Asl.ECHO);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).isEqualTo("An error occurred while executing the state 'Call' (entered at the event id #2)."
                + " The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{\"a\":1}'");
        assertThat(result.retryDelays()).isEmpty();
    }

    @Test
    void aThrowingHandlerFailsLikeAJavaLambda() {
        TaskHandler throwing = request -> {
            throw new IllegalStateException("no such feed");
        };
        ExecutionResult result = run(task("[]", "[]"), "{}", throwing);
        assertThat(result.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(result.cause()).isEqualTo("no such feed");
    }

    @Test
    void statesAllMustBeAloneAndLast() {
        assertThatThrownBy(() -> StateMachine.parse(task(
                "[{\"ErrorEquals\": [\"States.ALL\"]}, {\"ErrorEquals\": [\"Boom\"]}]", "[]")))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("States.ALL");
        assertThatThrownBy(() -> StateMachine.parse(task("[]",
                "[{\"ErrorEquals\": [\"States.ALL\", \"Boom\"], \"Next\": \"Handled\"}]")))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("States.ALL");
    }

    @Test
    void parallelAndMapStatesRetryAndCatchToo() {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler flakyOnce = request -> calls.incrementAndGet() == 1
                ? TaskOutcome.failure("Boom", "first") : TaskOutcome.success(request.parameters());
        String definition = """
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", "ItemsPath": "$.items",
                           "ItemProcessor": {"StartAt": "Work", "States": {
                               "Work": {"Type": "Task", "Resource": "r", "End": true}}},
                           "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 5}],
                           "End": true}}}""";
        ExecutionResult result = run(definition, "{\"items\": [1, 2]}", flakyOnce);

        assertThat(result.output()).isEqualTo(json("[1, 2]"));
        assertThat(result.retryDelays()).containsExactly(Duration.ofSeconds(5));
        assertThat(calls).hasValue(3);
    }

    @Test
    void theRetryCatchExampleRetriesTransientErrorsAndReportsTheRest() throws Exception {
        StateMachine machine = StateMachine.read(Path.of(getClass().getResource("/examples/retry-catch.asl.json").toURI()));
        JsonNode input = json("{\"feed\": \"apc\", \"period\": \"2025-02\"}");

        FlakyHandler transientTwice = new FlakyHandler(2, "Lambda.ServiceException");
        ExecutionResult recovered = new StateMachineInterpreter(lambdaInvoke(transientTwice)).execute(machine, input, Asl.OPTIONS);
        assertThat(recovered.output()).isEqualTo(json(
                "{\"feed\": \"apc\", \"period\": \"2025-02\", \"load\": {\"rows\": 120}}"));
        assertThat(recovered.retryDelays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(transientTwice.requests.getFirst().parameters()).isEqualTo(json("""
                {"FunctionName": "load-feed", "Payload": {"feed": "apc", "period": "2025-02", "execution": "exec-1"}}"""));

        FlakyHandler transientForever = new FlakyHandler(99, "Lambda.ServiceException");
        ExecutionResult exhausted = new StateMachineInterpreter(lambdaInvoke(transientForever)).execute(machine, input, Asl.OPTIONS);
        assertThat(exhausted.retryDelays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
        assertThat(exhausted.error()).isEqualTo("FeedLoadFailed");
        assertThat(exhausted.cause()).isEqualTo("feed apc for 2025-02 failed with Lambda.ServiceException");

        FlakyHandler permanent = new FlakyHandler(99, "java.lang.IllegalArgumentException");
        ExecutionResult notRetried = new StateMachineInterpreter(lambdaInvoke(permanent)).execute(machine, input, Asl.OPTIONS);
        assertThat(permanent.requests).hasSize(1);
        assertThat(notRetried.cause()).isEqualTo("feed apc for 2025-02 failed with java.lang.IllegalArgumentException");
    }

    /** Wraps a handler's success in the lambda:invoke response shape. */
    private static TaskHandler lambdaInvoke(FlakyHandler handler) {
        return request -> switch (handler.invoke(request)) {
            case TaskOutcome.Succeeded ignored -> TaskOutcome.success(json("{\"Payload\": {\"rows\": 120}, \"StatusCode\": 200}"));
            case TaskOutcome.Failed failed -> failed;
        };
    }
}
