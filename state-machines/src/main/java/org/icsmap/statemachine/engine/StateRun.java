package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.State;

/** One visit of a state: its raw input, variables, and what the context object says about it. */
final class StateRun {

    final ExecutionRun run;
    final State state;
    final JsonNode rawInput;
    final Scope scope;
    final Instant enteredTime;
    final long enteredEventId;
    int retryCount;
    /** {@code {"Index": i, "Value": item}} while a Map state evaluates its ItemSelector, else null. */
    JsonNode mapItem;

    StateRun(ExecutionRun run, State state, JsonNode rawInput, Scope scope, long enteredEventId) {
        this.run = run;
        this.state = state;
        this.rawInput = rawInput;
        this.scope = scope;
        this.enteredTime = run.now();
        this.enteredEventId = enteredEventId;
    }

    String name() {
        return state.name();
    }

    /** The context object {@code $$} as this state sees it now. */
    ObjectNode contextObject() {
        ObjectNode context = Json.object();
        context.set("Execution", run.executionContext());
        ObjectNode stateInfo = context.putObject("State");
        stateInfo.put("EnteredTime", ExecutionRun.timestamp(enteredTime));
        stateInfo.put("Name", name());
        stateInfo.put("RetryCount", retryCount);
        context.set("StateMachine", run.stateMachineContext());
        if (mapItem != null) {
            context.putObject("Map").set("Item", mapItem);
        }
        return context;
    }
}
