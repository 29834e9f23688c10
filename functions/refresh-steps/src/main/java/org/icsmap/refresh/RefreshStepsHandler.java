package org.icsmap.refresh;

import org.icsmap.sql.refresh.RefreshStepsActions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * The refresh-steps Lambda function: what {@code refresh.asl.json} asks of Java between its Athena queries (plan a
 * snapshot, render one step's SQL, check quality, record the outcome in {@code audit/}). Thin on purpose: the event
 * goes to {@link RefreshStepsActions}, and one JSON line per call goes to the log (action, snapshot, step, outcome and
 * milliseconds; never SQL or data).
 *
 * <p>Handler for CDK: {@code org.icsmap.refresh.RefreshStepsHandler} (method {@code handleRequest}); its environment
 * is described in {@link RefreshStepsEnvironment}. A failing call throws, so the state machine's Catch sees the
 * exception's class name as the error and its message in the cause.
 */
public final class RefreshStepsHandler extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RefreshStepsActions actions;
    private final PrintStream log;

    /** The Lambda runtime's constructor: {@link RefreshStepsFactory} wires the service from the environment, once. */
    public RefreshStepsHandler() {
        super();
        this.actions = getApplicationContext().getBean(RefreshStepsActions.class);
        this.log = System.out;
    }

    /** A handler on the given actions (tests, other hosts): nothing is read from the environment. */
    public RefreshStepsHandler(RefreshStepsActions actions, PrintStream log) {
        super(ApplicationContext.builder().deduceEnvironment(false).build());
        this.actions = Objects.requireNonNull(actions);
        this.log = Objects.requireNonNull(log);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> execute(Map<String, Object> event) {
        long started = System.nanoTime();
        JsonNode input = JSON.valueToTree(event == null ? Map.of() : event);
        String outcome = "ok";
        try {
            return JSON.convertValue(actions.handle(input), Map.class);
        } catch (RuntimeException e) {
            outcome = e.getClass().getSimpleName();
            throw e;
        } finally {
            var line = JSON.createObjectNode()
                    .put("event", "refresh.step")
                    .put("action", input.path("action").asText(null))
                    .put("snapshotId", input.path("snapshotId").asText(input.path("state").path("plan").path("snapshotId").asText(null)))
                    .put("step", input.path("step").asText(null))
                    .put("outcome", outcome)
                    .put("millis", (System.nanoTime() - started) / 1_000_000);
            log.println(line);
        }
    }
}
