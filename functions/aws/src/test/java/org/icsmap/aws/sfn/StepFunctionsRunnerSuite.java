package org.icsmap.aws.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import org.icsmap.aws.backend.Backend;
import org.icsmap.aws.backend.SfnEndpoint;
import org.icsmap.domain.port.StateMachineRunner.Execution;
import org.icsmap.domain.port.StateMachineRunner.StateMachineRunnerException;
import org.icsmap.domain.port.StateMachineRunner.Status;
import org.junit.jupiter.api.BeforeEach;
import org.icsmap.statemachine.refresh.RefreshStateMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;

/**
 * The Step Functions adapter ({@link StepFunctionsRunner}) and the ASL behaviours the refresh relies on, on every
 * {@link Backend}: a failing task is retried as its Retry says and then caught by error name; an uncaught
 * failure ends the execution FAILED with the Fail state's error and cause; an execution name runs once; an
 * invalid definition is refused when the state machine is created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StepFunctionsRunnerSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A function that does not exist: both backends fail the task with Lambda.ResourceNotFoundException. */
    private static final String MISSING_FUNCTION = "arn:aws:lambda:eu-west-2:000000000000:function:icsmap-it-missing";

    private SfnEndpoint endpoint;

    /** The backend this run of the suite is on. */
    protected abstract Backend backend();

    @BeforeAll
    void openBackend() {
        if (backend().available()) {
            endpoint = SfnEndpoint.open(backend());
        }
    }

    @AfterAll
    void closeBackend() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    @BeforeEach
    void useBackend() {
        backend().assumeAvailable();
    }

    @Test
    void aFailingTaskIsRetriedThenCaughtByItsErrorName() throws Exception {
        int attemptsBefore = endpoint.taskAttempts().orElse(0);
        StepFunctionsRunner runner = runner(create("""
                {"StartAt": "Link",
                 "States": {
                   "Link": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {"FunctionName": "%s", "Payload": {"step.$": "$.step"}},
                            "Retry": [{"ErrorEquals": ["Lambda.ResourceNotFoundException"], "IntervalSeconds": 1,
                                       "MaxAttempts": 2, "BackoffRate": 1}],
                            "Catch": [{"ErrorEquals": ["Lambda.ResourceNotFoundException"], "ResultPath": "$.failure",
                                       "Next": "Recorded"}],
                            "End": true},
                   "Recorded": {"Type": "Pass", "Parameters": {"step.$": "$.step", "error.$": "$.failure.Error"}, "End": true}
                 }}""".formatted(MISSING_FUNCTION)));

        Execution execution = runner.run(name(), "{\"step\": \"costing/costed_activity.sql\"}");

        assertThat(execution.status()).isEqualTo(Status.SUCCEEDED);
        JsonNode output = JSON.readTree(execution.output().orElseThrow());
        assertThat(output.path("step").asText()).isEqualTo("costing/costed_activity.sql");
        assertThat(output.path("error").asText()).isEqualTo("Lambda.ResourceNotFoundException");
        endpoint.taskAttempts().ifPresent(after -> assertThat(after - attemptsBefore).as("first try and two retries").isEqualTo(3));
    }

    @Test
    void anUncaughtFailureEndsFailedWithTheFailStatesErrorAndCause() {
        StepFunctionsRunner runner = runner(create("""
                {"StartAt": "Costing",
                 "States": {
                   "Costing": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                               "Parameters": {"FunctionName": "%s", "Payload": {}},
                               "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "RefreshFailed"}],
                               "End": true},
                   "RefreshFailed": {"Type": "Fail", "Error": "icsmap.RefreshFailed", "CausePath": "$.failure.Error"}
                 }}""".formatted(MISSING_FUNCTION)));

        Execution execution = runner.run(name(), "{}");

        assertThat(execution.status()).isEqualTo(Status.FAILED);
        assertThat(execution.error()).contains("icsmap.RefreshFailed");
        assertThat(execution.cause()).contains("Lambda.ResourceNotFoundException");
        assertThat(execution.output()).isEmpty();
    }

    /**
     * The real {@code refresh.asl.json}, placeholders substituted as the CDK stack does: the service accepts the
     * definition, and with no refresh-steps function to call, the plan fails, recording the failure fails too,
     * and the execution ends in the definition's last-resort Fail state carrying the plan's error.
     */
    @Test
    void theRefreshDefinitionIsAcceptedAndAFailedPlanEndsItFailed() {
        String definition = RefreshStateMachine.substitute(RefreshStateMachine.template(), Map.of(
                RefreshStateMachine.ATHENA_WORK_GROUP, "icsmap-it-refresh",
                RefreshStateMachine.GLUE_DATABASE, "icsmap_it",
                RefreshStateMachine.REFRESH_STEPS_FUNCTION_ARN, MISSING_FUNCTION));

        Execution execution = runner(create(definition)).run(name(), "{}");

        assertThat(execution.status()).isEqualTo(Status.FAILED);
        assertThat(execution.error()).contains("Lambda.ResourceNotFoundException");
        assertThat(execution.cause()).isPresent();
        assertThat(execution.output()).isEmpty();
    }

    @Test
    void anExecutionNameRunsOnceAndIsJoinedAfterwards() throws Exception {
        StepFunctionsRunner runner = runner(create("""
                {"StartAt": "Snapshot", "States": {"Snapshot": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Name"}, "End": true}}}"""));
        String name = name();

        Execution first = runner.run(name, "{\"period\": \"2024-04\"}");
        Execution again = runner.run(name, "{\"period\": \"2024-04\"}");

        assertThat(first.succeeded()).isTrue();
        assertThat(JSON.readTree(first.output().orElseThrow()).path("id").asText()).isEqualTo(name);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void anInvalidDefinitionIsRefusedWhenTheStateMachineIsCreated() {
        assertThatThrownBy(() -> create("""
                {"StartAt": "Nowhere", "States": {"Somewhere": {"Type": "Succeed"}}}"""))
                .isInstanceOf(InvalidDefinitionException.class);
    }

    @Test
    void anUnknownStateMachineIsARunnerErrorNamingTheCall() {
        StepFunctionsRunner runner = runner("arn:aws:states:eu-west-2:000000000000:stateMachine:icsmap-it-absent");

        assertThatThrownBy(() -> runner.run(name(), "{}"))
                .isInstanceOf(StateMachineRunnerException.class)
                .hasMessageContaining("StartExecution")
                .hasMessageContaining("StateMachineDoesNotExist");
    }

    private String create(String definition) {
        return endpoint.create("icsmap-it-" + UUID.randomUUID().toString().substring(0, 8), definition);
    }

    private StepFunctionsRunner runner(String stateMachineArn) {
        return new StepFunctionsRunner(endpoint.sfn(), stateMachineArn,
                new StepFunctionsRunner.Polling(Duration.ofMillis(50), Duration.ofMillis(500), 2, Duration.ofMinutes(2)),
                duration -> Thread.sleep(duration), InstantSource.system());
    }

    private static String name() {
        return "it-" + UUID.randomUUID();
    }
}
