package org.icsmap.cli.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.sql.refresh.RefreshSteps;
import org.icsmap.sql.refresh.RefreshStepsActions;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import org.icsmap.sql.refresh.RefreshPipeline;
import org.icsmap.statemachine.ExecutionOptions;
import org.icsmap.statemachine.ExecutionResult;
import org.icsmap.statemachine.StateMachineInterpreter;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.StateMachine;
import org.icsmap.statemachine.refresh.RefreshStateMachine;
import org.icsmap.statemachine.task.LambdaTaskHandler;
import org.icsmap.statemachine.task.TaskHandler;
import org.icsmap.statemachine.task.TaskRouter;

/**
 * A refresh on the local home, through {@code refresh.asl.json} exactly as Step Functions runs it on AWS: the ASL
 * interpreter executes the definition, the refresh-steps function is {@link RefreshSteps} in-process, and Athena is
 * {@link LocalAthena} over the in-process Trino.
 *
 * <p>One step has no state of its own: making newly ingested partitions visible. On AWS the Glue tables use partition
 * projection, so there is nothing to do; locally {@link RefreshPipeline#prepare} does it before the execution starts.
 */
public final class LocalRefresh {

    /** The Lambda function name {@code ${RefreshStepsFunctionArn}} stands for locally. */
    public static final String FUNCTION_NAME = "icsmap-refresh-steps";
    public static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-2:000000000000:function:" + FUNCTION_NAME;
    public static final String WORK_GROUP = "local";

    /** What the person running a refresh is told. */
    public interface Progress {
        void planned(String snapshotId, int steps);

        void stepStarting(String stage, String step);

        Progress NONE = new Progress() {
            @Override
            public void planned(String snapshotId, int steps) {
            }

            @Override
            public void stepStarting(String stage, String step) {
            }
        };
    }

    /** How an execution ended: the interpreter's result, the snapshot it planned (if it got that far), how long it took. */
    public record Outcome(ExecutionResult execution, Optional<String> snapshotId, Duration elapsed) {
        public boolean succeeded() {
            return execution.succeeded();
        }
    }

    private final IcsConfig config;
    private final TrinoLocalQueryEngine engine;
    private final ObjectStore audit;
    private final String bucket;
    private final Clock clock;

    /**
     * @param engine the local engine over the home (its root holds the bucket's directory)
     * @param audit  the store audit records go to (the home's zones)
     * @param bucket the bucket every location in the SQL names (the zones' directory under the engine's root)
     */
    public LocalRefresh(IcsConfig config, TrinoLocalQueryEngine engine, ObjectStore audit, String bucket, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs a refresh into {@code snapshotId}, or a new snapshot named after the time when empty. */
    public Outcome run(Optional<String> snapshotId, Progress progress) {
        return run(snapshotId, progress, UnaryOperator.identity());
    }

    /**
     * As {@link #run(Optional, Progress)}, with the Athena integration passed through {@code athena} first: tests use it
     * to throttle or fail a statement the way AWS would.
     */
    public Outcome run(Optional<String> snapshotId, Progress progress, UnaryOperator<TaskHandler> athena) {
        long started = System.nanoTime();
        RefreshPipeline pipeline = new RefreshPipeline(engine, config, bucket);
        pipeline.prepare();
        RefreshStepsActions actions = new RefreshStepsActions(new RefreshSteps(pipeline, audit, clock, progress::stepStarting));
        AtomicReference<String> planned = new AtomicReference<>();
        LambdaTaskHandler.Function function = event -> {
            JsonNode result = actions.handle(event);
            if ("plan".equals(event.path("action").asText())) {
                planned.set(result.path("snapshotId").asText());
                progress.planned(planned.get(), result.path("steps").asInt());
            }
            return result;
        };
        TaskHandler localAthena = athena.apply(new LocalAthena(engine));
        TaskHandler tasks = TaskRouter.builder()
                .resource(LambdaTaskHandler.INVOKE, new LambdaTaskHandler(Map.of(FUNCTION_NAME, function)))
                .resource(LocalAthena.START_QUERY_SYNC, localAthena)
                .resource(LocalAthena.GET_QUERY_RESULTS, localAthena)
                .build();
        StateMachine machine = RefreshStateMachine.load(substitutions(engine.schema()));
        ObjectNode input = Json.object();
        snapshotId.ifPresent(id -> input.put("snapshotId", id));
        String executionName = "refresh-" + clock.instant().toString().replaceAll("[^0-9]", "").substring(0, 14);
        // A phase's chains run as many at a time as there are processors (within the Map's MaxConcurrency), as Step
        // Functions would run them side by side: most of those statements are small, and one at a time would leave a
        // core idle while the other plans and commits.
        ExecutionResult result = new StateMachineInterpreter(tasks).execute(machine, input,
                ExecutionOptions.defaults().withStateMachineName("icsmap-refresh").withExecutionName(executionName).withClock(clock)
                        .withMapConcurrency(Math.max(1, Runtime.getRuntime().availableProcessors())));
        return new Outcome(result, Optional.ofNullable(planned.get()), Duration.ofNanos(System.nanoTime() - started));
    }

    /** The local values of the definition's placeholders. */
    public static Map<String, String> substitutions(String database) {
        return Map.of(RefreshStateMachine.ATHENA_WORK_GROUP, WORK_GROUP, RefreshStateMachine.GLUE_DATABASE, database,
                RefreshStateMachine.REFRESH_STEPS_FUNCTION_ARN, FUNCTION_ARN);
    }
}
