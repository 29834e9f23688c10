package org.icsmap.aws.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.icsmap.fixtures.aws.AwsJsonProtocolServer;
import org.icsmap.statemachine.DefinitionException;
import org.icsmap.statemachine.ExecutionOptions;
import org.icsmap.statemachine.ExecutionResult;
import org.icsmap.statemachine.StateMachineInterpreter;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.task.TaskHandler;

/**
 * Step Functions in-process: a test double speaking the service's real wire protocol (HTTP POST,
 * {@code application/x-amz-json-1.0}, operation in {@code X-Amz-Target: AWSStepFunctions.<Operation>}), whose
 * executions run on the local ASL interpreter with the given task handlers. So the real SDK client, and the
 * {@link StepFunctionsRunner} adapter on it, are exercised on every build, and definitions run exactly as they
 * do locally. It answers {@code CreateStateMachine} (the definition must parse: {@code InvalidDefinition}
 * otherwise), {@code StartExecution} (a name runs once: the same input while it runs joins it, anything else
 * is {@code ExecutionAlreadyExists}) and {@code DescribeExecution}; executions run on their own threads, so a
 * caller sees RUNNING before the end, as on AWS. Signatures are not checked.
 */
public final class FakeStepFunctions extends AwsJsonProtocolServer {

    public static final String REGION = "eu-west-2";
    public static final String ACCOUNT = "111122223333";


    private final StateMachineInterpreter interpreter;
    private final ExecutorService running = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, StateMachine> machines = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();

    private static final class Execution {
        final String arn;
        final String stateMachineArn;
        final String name;
        final String input;
        final Instant started = Instant.now();
        volatile ExecutionResult result;
        volatile Instant stopped;

        Execution(String arn, String stateMachineArn, String name, String input) {
            this.arn = arn;
            this.stateMachineArn = stateMachineArn;
            this.name = name;
            this.input = input;
        }
    }

    private FakeStepFunctions(TaskHandler tasks) throws IOException {
        super("application/x-amz-json-1.0");
        interpreter = new StateMachineInterpreter(tasks);
        serve();
    }

    /** Starts a fake on a free loopback port whose executions call {@code tasks} for every Task state. */
    public static FakeStepFunctions start(TaskHandler tasks) throws IOException {
        return new FakeStepFunctions(tasks);
    }

    @Override
    public void close() {
        super.close();
        running.shutdownNow();
    }

    @Override
    protected ObjectNode answer(String operation, JsonNode request) throws ServiceError {
        return switch (operation) {
            case "CreateStateMachine" -> createStateMachine(request);
            case "StartExecution" -> startExecution(request);
            case "DescribeExecution" -> describeExecution(request);
            default -> throw new ServiceError("UnsupportedOperation", "FakeStepFunctions does not implement " + operation);
        };
    }

    private ObjectNode createStateMachine(JsonNode request) throws ServiceError {
        String name = request.path("name").asText();
        StateMachine machine;
        try {
            machine = StateMachine.parse(request.path("definition").asText());
        } catch (DefinitionException e) {
            throw new ServiceError("InvalidDefinition", "Invalid State Machine Definition: " + e.getMessage());
        }
        String arn = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + name;
        if (machines.putIfAbsent(arn, machine) != null) {
            throw new ServiceError("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
        }
        return JSON.createObjectNode().put("stateMachineArn", arn).put("creationDate", epochSeconds(Instant.now()));
    }

    private ObjectNode startExecution(JsonNode request) throws ServiceError {
        String machineArn = request.path("stateMachineArn").asText();
        StateMachine machine = machines.get(machineArn);
        if (machine == null) {
            throw new ServiceError("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + machineArn + "'");
        }
        String name = request.hasNonNull("name") ? request.get("name").asText() : UUID.randomUUID().toString();
        String input = request.hasNonNull("input") ? request.get("input").asText() : "{}";
        JsonNode inputJson;
        try {
            inputJson = JSON.readTree(input);
        } catch (IOException e) {
            throw new ServiceError("InvalidExecutionInput", "Invalid State Machine Execution Input: " + e.getMessage());
        }
        String arn = machineArn.replace(":stateMachine:", ":execution:") + ":" + name;
        Execution execution = new Execution(arn, machineArn, name, input);
        Execution existing = executions.putIfAbsent(arn, execution);
        if (existing != null) {
            // As Step Functions: idempotent only while the first execution runs and only for the same input.
            if (!existing.input.equals(input) || existing.result != null) {
                throw new ServiceError("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            execution = existing;
        } else {
            Execution started = execution;
            String machineName = machineArn.substring(machineArn.lastIndexOf(':') + 1);
            running.submit(() -> {
                started.result = interpreter.execute(machine, inputJson,
                        ExecutionOptions.defaults().withExecutionName(name).withStateMachineName(machineName));
                started.stopped = Instant.now();
            });
        }
        return JSON.createObjectNode().put("executionArn", execution.arn).put("startDate", epochSeconds(execution.started));
    }

    private ObjectNode describeExecution(JsonNode request) throws ServiceError {
        String arn = request.path("executionArn").asText();
        Execution execution = executions.get(arn);
        if (execution == null) {
            throw new ServiceError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        }
        ObjectNode response = JSON.createObjectNode()
                .put("executionArn", execution.arn)
                .put("stateMachineArn", execution.stateMachineArn)
                .put("name", execution.name)
                .put("startDate", epochSeconds(execution.started))
                .put("input", execution.input);
        ExecutionResult result = execution.result;
        if (result == null) {
            return response.put("status", "RUNNING");
        }
        response.put("stopDate", epochSeconds(execution.stopped));
        switch (result.status()) {
            case SUCCEEDED -> response.put("status", "SUCCEEDED").put("output", result.output().toString());
            case FAILED -> response.put("status", "FAILED").put("error", result.error()).put("cause", result.cause());
            // The interpreter refused a feature: as loud as a failure, and saying so.
            case UNSUPPORTED -> response.put("status", "FAILED").put("error", "icsmap.Unsupported").put("cause", result.cause());
        }
        return response;
    }

    private static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
