package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.Branch;
import org.icsmap.statemachine.model.FailState;
import org.icsmap.statemachine.model.State;

/** Walks a branch from StartAt until a state ends it, recording entered and exited events. */
final class BranchRunner {

    private final ExecutionRun run;
    private final StateExecutor states;

    BranchRunner(ExecutionRun run) {
        this.run = run;
        this.states = new StateExecutor(run, this);
    }

    JsonNode run(Branch branch, JsonNode input, Scope scope) {
        String name = branch.startAt();
        JsonNode data = input;
        while (true) {
            State state = branch.state(name);
            String type = state.common().type();
            long entered = run.record(type + "StateEntered", name, Json.object().set("input", data));
            StateRun stateRun = new StateRun(run, state, data, scope, entered);
            Transition transition;
            try {
                transition = states.execute(stateRun);
            } catch (StatesException e) {
                throw e.inStateContext(name, entered);
            }
            if (!(state instanceof FailState)) {
                run.record(type + "StateExited", name, Json.object().set("output", transition.output()));
            }
            if (transition.next() == null) {
                return transition.output();
            }
            name = transition.next();
            data = transition.output();
        }
    }
}
