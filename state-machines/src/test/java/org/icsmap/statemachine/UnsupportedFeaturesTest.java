package org.icsmap.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icsmap.statemachine.Asl.json;
import static org.icsmap.statemachine.Asl.single;

import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.task.TaskRouter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the interpreter refuses ends as UNSUPPORTED with an {@code unsupported: ...} cause, never silently. */
class UnsupportedFeaturesTest {

    private static ExecutionResult run(String definition) {
        return new StateMachineInterpreter(Asl.ECHO).execute(Json.parse(definition), json("{}"), Asl.OPTIONS);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\", \"End\": true}`"
                + " | callback task",
        "`{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:eu-west-2:000000000000:activity:review\", \"End\": true}`"
                + " | activity task",
        "`{\"Type\": \"Map\", \"ItemProcessor\": {\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\"}, \"StartAt\": \"P\","
                + " \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}, \"End\": true}` | Distributed Map",
        "`{\"Type\": \"Map\", \"ItemReader\": {\"Resource\": \"arn:aws:states:::s3:getObject\"}, \"ItemProcessor\":"
                + " {\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}, \"End\": true}` | ItemReader",
        "`{\"Type\": \"Map\", \"ToleratedFailurePercentage\": 5, \"ItemProcessor\":"
                + " {\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}, \"End\": true}` | ToleratedFailurePercentage",
        "`{\"Type\": \"Task\", \"Resource\": \"r\", \"Credentials\": {\"RoleArn\": \"x\"}, \"End\": true}` | Credentials",
        "`{\"Type\": \"Pass\", \"Frobnicate\": 1, \"End\": true}` | field 'Frobnicate'",
    })
    void unsupportedFeaturesEndTheExecutionAsUnsupported(String state, String feature) {
        ExecutionResult result = run(single(state));
        assertThat(result.status()).isEqualTo(ExecutionStatus.UNSUPPORTED);
        assertThat(result.cause()).startsWith("unsupported: ").contains(feature);
        assertThat(result.output()).isNull();
    }

    @org.junit.jupiter.api.Test
    void aResourceWithoutAHandlerIsUnsupported() {
        TaskRouter router = TaskRouter.builder().resource("arn:aws:states:::lambda:invoke", Asl.ECHO).build();
        ExecutionResult result = new StateMachineInterpreter(router).execute(json(single(
                "{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::glue:startJobRun.sync\", \"End\": true}")),
                json("{}"), Asl.OPTIONS);
        assertThat(result.status()).isEqualTo(ExecutionStatus.UNSUPPORTED);
        assertThat(result.cause()).isEqualTo(
                "unsupported: no task handler for resource 'arn:aws:states:::glue:startJobRun.sync' (state 'S')");
        assertThat(result.history().getLast().type()).isEqualTo("ExecutionUnsupported");
    }
}
