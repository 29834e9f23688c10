package org.icsmap.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.task.TaskHandler;
import org.icsmap.statemachine.task.TaskOutcome;

/** Test helpers: run a definition written as a text block. */
public final class Asl {

    public static final Instant START = Instant.parse("2025-03-01T09:30:00Z");

    public static final ExecutionOptions OPTIONS = ExecutionOptions.defaults()
            .withExecutionName("exec-1")
            .withStateMachineName("refresh")
            .withClock(Clock.fixed(START, ZoneOffset.UTC))
            .withRandomSeed(42);

    /** A handler for definitions without Task states. */
    public static final TaskHandler NO_TASKS = request -> {
        throw new AssertionError("unexpected task " + request.resource());
    };

    /** A handler that echoes its parameters, like a Lambda returning its event. */
    public static final TaskHandler ECHO = request -> TaskOutcome.success(request.parameters());

    private Asl() {
    }

    public static ExecutionResult run(String definition, String input) {
        return run(definition, input, NO_TASKS);
    }

    public static ExecutionResult run(String definition, String input, TaskHandler tasks) {
        return new StateMachineInterpreter(tasks).execute(StateMachine.parse(definition), Json.parse(input), OPTIONS);
    }

    public static JsonNode json(String text) {
        return Json.parse(text);
    }

    /** A single-state machine around {@code state} (its JSON body), named {@code S}. */
    public static String single(String state) {
        return "{\"StartAt\": \"S\", \"States\": {\"S\": " + state + "}}";
    }
}
