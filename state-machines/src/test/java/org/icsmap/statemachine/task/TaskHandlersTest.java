package org.icsmap.statemachine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icsmap.statemachine.Asl.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.icsmap.statemachine.Asl;
import org.icsmap.statemachine.ExecutionResult;
import org.icsmap.statemachine.StateMachineInterpreter;
import org.icsmap.statemachine.model.StateMachine;
import org.junit.jupiter.api.Test;

class TaskHandlersTest {

    private static TaskRequest request(String resource, String parameters) {
        return new TaskRequest(resource, json(parameters), "S", 0, json("{}"), null);
    }

    @Test
    void theRouterPrefersExactResourcesThenTheLongestPrefixThenTheFallback() {
        TaskRouter router = TaskRouter.builder()
                .resource("arn:aws:states:::lambda:invoke", r -> TaskOutcome.success(json("\"exact\"")))
                .resourcePrefix("arn:aws:", r -> TaskOutcome.success(json("\"short\"")))
                .resourcePrefix("arn:aws:lambda:", r -> TaskOutcome.success(json("\"long\"")))
                .fallback(r -> TaskOutcome.success(json("\"fallback\"")))
                .build();
        assertThat(router.invoke(request("arn:aws:states:::lambda:invoke", "{}"))).isEqualTo(TaskOutcome.success(json("\"exact\"")));
        assertThat(router.invoke(request("arn:aws:lambda:eu-west-2:1:function:f", "{}")))
                .isEqualTo(TaskOutcome.success(json("\"long\"")));
        assertThat(router.invoke(request("arn:aws:states:::athena:startQueryExecution.sync", "{}")))
                .isEqualTo(TaskOutcome.success(json("\"short\"")));
        assertThat(router.invoke(request("local:thing", "{}"))).isEqualTo(TaskOutcome.success(json("\"fallback\"")));
    }

    @Test
    void lambdaInvokeWrapsThePayloadAndPlainArnsReturnItDirectly() {
        LambdaTaskHandler lambdas = new LambdaTaskHandler(Map.of("double", event -> json("{\"v\": " + event.get("v").asInt() * 2 + "}")));

        TaskOutcome invoked = lambdas.invoke(request(LambdaTaskHandler.INVOKE,
                "{\"FunctionName\": \"arn:aws:lambda:eu-west-2:000000000000:function:double:live\", \"Payload\": {\"v\": 2}}"));
        assertThat(invoked).isEqualTo(TaskOutcome.success(json(
                "{\"ExecutedVersion\": \"$LATEST\", \"Payload\": {\"v\": 4}, \"StatusCode\": 200}")));

        TaskOutcome direct = lambdas.invoke(request("arn:aws:lambda:eu-west-2:000000000000:function:double", "{\"v\": 5}"));
        assertThat(direct).isEqualTo(TaskOutcome.success(json("{\"v\": 10}")));

        assertThat(lambdas.invoke(request(LambdaTaskHandler.INVOKE, "{\"FunctionName\": \"missing\"}")))
                .isInstanceOf(TaskOutcome.Failed.class)
                .extracting(o -> ((TaskOutcome.Failed) o).error()).isEqualTo("Lambda.ResourceNotFoundException");
    }

    @Test
    void aThrowingLambdaFailsWithItsExceptionTypeAndTheRuntimeErrorDocument() {
        LambdaTaskHandler lambdas = new LambdaTaskHandler(Map.of("bad", event -> {
            throw new IllegalArgumentException("unknown feed");
        }));
        String definition = """
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                           "Parameters": {"FunctionName": "bad", "Payload.$": "$"},
                           "Catch": [{"ErrorEquals": ["java.lang.IllegalArgumentException"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "Parameters": {"cause.$": "States.StringToJson($.Cause)"}, "End": true}}}""";
        ExecutionResult result = new StateMachineInterpreter(lambdas).execute(StateMachine.parse(definition), json("{}"), Asl.OPTIONS);
        JsonNode cause = result.output().get("cause");
        assertThat(cause.get("errorMessage").asText()).isEqualTo("unknown feed");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
    }
}
