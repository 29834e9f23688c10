package org.icsmap.statemachine.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.icsmap.statemachine.UnsupportedFeatureException;

/**
 * A {@link TaskHandler} that dispatches on the {@code Resource}: an exact resource first, then the
 * longest matching prefix (e.g. {@code arn:aws:lambda:} for plain Lambda ARNs), then the fallback.
 * A resource nobody handles ends the execution as unsupported.
 *
 * <pre>{@code
 * TaskHandler tasks = TaskRouter.builder()
 *         .resource("arn:aws:states:::lambda:invoke", lambdas)
 *         .resource("arn:aws:states:::athena:startQueryExecution.sync", athena)
 *         .resourcePrefix("arn:aws:lambda:", legacyLambdas)
 *         .build();
 * }</pre>
 */
public final class TaskRouter implements TaskHandler {

    private final Map<String, TaskHandler> exact;
    private final List<Map.Entry<String, TaskHandler>> prefixes;
    private final TaskHandler fallback;

    private TaskRouter(Builder builder) {
        this.exact = Map.copyOf(builder.exact);
        List<Map.Entry<String, TaskHandler>> sorted = new ArrayList<>(builder.prefixes.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
        this.prefixes = List.copyOf(sorted);
        this.fallback = builder.fallback;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TaskOutcome invoke(TaskRequest request) {
        TaskHandler handler = exact.get(request.resource());
        if (handler == null) {
            for (Map.Entry<String, TaskHandler> prefix : prefixes) {
                if (request.resource().startsWith(prefix.getKey())) {
                    handler = prefix.getValue();
                    break;
                }
            }
        }
        if (handler == null) {
            handler = fallback;
        }
        if (handler == null) {
            throw new UnsupportedFeatureException("no task handler for resource '" + request.resource()
                    + "' (state '" + request.stateName() + "')");
        }
        return handler.invoke(request);
    }

    public static final class Builder {

        private final Map<String, TaskHandler> exact = new LinkedHashMap<>();
        private final Map<String, TaskHandler> prefixes = new LinkedHashMap<>();
        private TaskHandler fallback;

        private Builder() {
        }

        public Builder resource(String resource, TaskHandler handler) {
            exact.put(resource, handler);
            return this;
        }

        public Builder resourcePrefix(String prefix, TaskHandler handler) {
            prefixes.put(prefix, handler);
            return this;
        }

        public Builder fallback(TaskHandler handler) {
            this.fallback = handler;
            return this;
        }

        public TaskRouter build() {
            return new TaskRouter(this);
        }
    }
}
