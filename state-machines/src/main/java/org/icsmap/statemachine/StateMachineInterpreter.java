package org.icsmap.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.icsmap.statemachine.engine.Executor;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.task.TaskHandler;

/**
 * Runs Amazon States Language definitions in-process, with Step Functions' semantics.
 *
 * <pre>{@code
 * StateMachine machine = StateMachine.read(Path.of("state-machines/refresh.asl.json"));
 * ExecutionResult result = new StateMachineInterpreter(tasks).execute(machine, input);
 * }</pre>
 *
 * Nothing sleeps: retry delays are recorded in the history, and Wait states hand their time to the
 * execution's {@link Sleeper}, which by default goes straight on. Map iterations and Parallel branches
 * run one after another.
 */
public final class StateMachineInterpreter {

    private final TaskHandler tasks;

    public StateMachineInterpreter(TaskHandler tasks) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
    }

    public ExecutionResult execute(StateMachine machine, JsonNode input) {
        return execute(machine, input, ExecutionOptions.defaults());
    }

    public ExecutionResult execute(StateMachine machine, JsonNode input, ExecutionOptions options) {
        return Executor.execute(machine, input, tasks, options);
    }

    /**
     * Parses and runs a definition; unsupported features give an UNSUPPORTED result.
     *
     * @throws DefinitionException when the definition is not valid ASL
     */
    public ExecutionResult execute(JsonNode definition, JsonNode input, ExecutionOptions options) {
        StateMachine machine;
        try {
            machine = StateMachine.parse(definition);
        } catch (UnsupportedFeatureException e) {
            return new ExecutionResult(ExecutionStatus.UNSUPPORTED, null, null, e.getMessage(), java.util.List.of());
        }
        return execute(machine, input, options);
    }
}
