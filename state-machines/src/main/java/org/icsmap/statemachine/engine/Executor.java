package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.icsmap.statemachine.ExecutionOptions;
import org.icsmap.statemachine.ExecutionResult;
import org.icsmap.statemachine.ExecutionStatus;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.UnsupportedFeatureException;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.task.TaskHandler;

/** Runs one execution to its end. Use {@link org.icsmap.statemachine.StateMachineInterpreter}. */
public final class Executor {

    private Executor() {
    }

    public static ExecutionResult execute(StateMachine machine, JsonNode input, TaskHandler tasks, ExecutionOptions options) {
        ExecutionRun run = new ExecutionRun(tasks, options, input);
        run.record("ExecutionStarted", null, Json.object().set("input", input));
        try {
            JsonNode output = new BranchRunner(run).run(machine.main(), input, new Scope(null));
            run.recordFinal("ExecutionSucceeded", Json.object().set("output", output));
            return new ExecutionResult(ExecutionStatus.SUCCEEDED, output, null, null, run.history());
        } catch (StatesException e) {
            run.recordFinal("ExecutionFailed", Json.object().put("error", e.error()).put("cause", e.cause()));
            return new ExecutionResult(ExecutionStatus.FAILED, null, e.error(), e.cause(), run.history());
        } catch (UnsupportedFeatureException e) {
            run.recordFinal("ExecutionUnsupported", Json.object().put("feature", e.feature()));
            return new ExecutionResult(ExecutionStatus.UNSUPPORTED, null, null, e.getMessage(), run.history());
        }
    }
}
