package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.icsmap.statemachine.StatesErrors;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.UnsupportedFeatureException;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.jsonata.JsonataEngine;
import org.icsmap.statemachine.model.Branch;
import org.icsmap.statemachine.model.ChoiceRule;
import org.icsmap.statemachine.model.ChoiceState;
import org.icsmap.statemachine.model.FailState;
import org.icsmap.statemachine.model.MapState;
import org.icsmap.statemachine.model.ParallelState;
import org.icsmap.statemachine.model.PassState;
import org.icsmap.statemachine.model.SucceedState;
import org.icsmap.statemachine.model.TaskState;
import org.icsmap.statemachine.model.WaitState;
import org.icsmap.statemachine.task.TaskOutcome;
import org.icsmap.statemachine.task.TaskRequest;

/** What each kind of state does; data flow is delegated to {@link StateIo}. */
final class StateExecutor {

    private final ExecutionRun run;
    private final BranchRunner branches;

    StateExecutor(ExecutionRun run, BranchRunner branches) {
        this.run = run;
        this.branches = branches;
    }

    Transition execute(StateRun stateRun) {
        return switch (stateRun.state) {
            case PassState pass -> pass(stateRun, pass);
            case TaskState task -> RetryAndCatch.run(stateRun, task.errorHandling(), () -> task(stateRun, task));
            case ChoiceState choice -> choice(stateRun, choice);
            case WaitState wait -> waitState(stateRun, wait);
            case SucceedState succeed -> new Transition(null,
                    StateIo.finishWithoutResult(stateRun, null, succeed.common().output()));
            case FailState fail -> throw fail(stateRun, fail);
            case ParallelState parallel ->
                    RetryAndCatch.run(stateRun, parallel.errorHandling(), () -> parallel(stateRun, parallel));
            case MapState map -> RetryAndCatch.run(stateRun, map.errorHandling(), () -> map(stateRun, map));
        };
    }

    private Transition pass(StateRun stateRun, PassState pass) {
        if (pass.common().isJsonata()) {
            return next(pass.common().next(),
                    StateIo.finishWithoutResult(stateRun, pass.common().assign(), pass.common().output()));
        }
        JsonNode effective = StateIo.effectiveInput(stateRun);
        JsonNode result = pass.result() != null ? pass.result()
                : StateIo.evaluate(stateRun, pass.parameters(), effective, "Parameters");
        return next(pass.common().next(), StateIo.finishWithResult(stateRun, result, pass.resultPath()));
    }

    private Transition task(StateRun stateRun, TaskState task) {
        JsonNode effective = StateIo.effectiveInput(stateRun);
        JsonNode parameters = StateIo.evaluate(stateRun, task.parameters(), effective,
                task.common().isJsonata() ? "Arguments" : "Parameters");
        ObjectNode scheduled = Json.object().put("resource", task.resource());
        scheduled.set("parameters", parameters);
        run.record("TaskScheduled", stateRun.name(), scheduled);
        TaskOutcome outcome;
        try {
            // Handlers get copies: what they do to the request cannot reach the execution's data.
            outcome = Objects.requireNonNull(run.tasks.invoke(new TaskRequest(task.resource(), parameters.deepCopy(),
                    stateRun.name(), stateRun.retryCount, stateRun.contextObject().deepCopy(), task.timeoutSeconds())),
                    "the task handler returned no outcome");
        } catch (StatesException | UnsupportedFeatureException e) {
            throw e;
        } catch (RuntimeException e) {
            // Like a Java Lambda that throws: the error is the exception's class name.
            outcome = TaskOutcome.failure(e.getClass().getName(), e.getMessage());
        }
        return switch (outcome) {
            case TaskOutcome.Failed failed -> {
                run.record("TaskFailed", stateRun.name(),
                        Json.object().put("error", failed.error()).put("cause", failed.cause()));
                throw StatesException.of(failed.error(), failed.cause());
            }
            case TaskOutcome.Succeeded succeeded -> {
                run.record("TaskSucceeded", stateRun.name(), Json.object().set("output", succeeded.output()));
                JsonNode selected = StateIo.selectResult(stateRun, task.resultSelector(), succeeded.output());
                yield next(task.common().next(), StateIo.finishWithResult(stateRun, selected, task.resultPath()));
            }
        };
    }

    private Transition choice(StateRun stateRun, ChoiceState choice) {
        JsonNode effective = StateIo.effectiveInput(stateRun);
        for (ChoiceRule rule : choice.choices()) {
            if (ChoiceEvaluator.matches(stateRun, rule.condition(), effective)) {
                return next(rule.next(), StateIo.finishWithoutResult(stateRun, rule.assign(), rule.output()));
            }
        }
        if (choice.defaultNext() == null) {
            throw StatesException.inState(StatesErrors.NO_CHOICE_MATCHED,
                    "No Choice Rule matched and there was no Default in the Choice state.");
        }
        return next(choice.defaultNext(),
                StateIo.finishWithoutResult(stateRun, choice.common().assign(), choice.common().output()));
    }

    private Transition waitState(StateRun stateRun, WaitState wait) {
        JsonNode effective = StateIo.effectiveInput(stateRun);
        JsonNode value = wait.value();
        if (stateRun.state.common().isJsonata() && JsonataEngine.isExpression(value)) {
            value = StateIo.jsonata(stateRun, value, wait.kind() == WaitState.Kind.SECONDS ? "Seconds" : "Timestamp");
        }
        ObjectNode scheduled = Json.object();
        Duration waitFor = switch (wait.kind()) {
            case SECONDS -> secondsScheduled(scheduled, seconds(value, "Seconds", null));
            case SECONDS_PATH -> {
                String path = value.asText();
                JsonNode found = JsonPathData.find(stateRun, path, effective).orElseThrow(() ->
                        StatesException.runtime("Invalid path '" + path + "' : No results for path: " + path));
                yield secondsScheduled(scheduled, seconds(found, "SecondsPath", path));
            }
            case TIMESTAMP -> timestampScheduled(scheduled, value, timestamp(value, "Timestamp", null));
            case TIMESTAMP_PATH -> {
                String path = value.asText();
                JsonNode found = JsonPathData.find(stateRun, path, effective).orElseThrow(() ->
                        StatesException.runtime("Invalid path '" + path + "' : No results for path: " + path));
                yield timestampScheduled(scheduled, found, timestamp(found, "TimestampPath", path));
            }
        };
        run.record("WaitScheduled", stateRun.name(), scheduled);
        run.sleeper.sleep(waitFor);
        return next(wait.common().next(),
                StateIo.finishWithoutResult(stateRun, wait.common().assign(), wait.common().output()));
    }

    private static Duration secondsScheduled(ObjectNode scheduled, long seconds) {
        scheduled.put("seconds", seconds);
        return Duration.ofSeconds(seconds);
    }

    /** A timestamp already past is no wait at all, as on AWS. */
    private Duration timestampScheduled(ObjectNode scheduled, JsonNode value, String timestamp) {
        scheduled.put("timestamp", timestamp);
        Duration until = Duration.between(run.now(), ChoiceEvaluator.timestamp(value).toInstant());
        return until.isNegative() ? Duration.ZERO : until;
    }

    /** Seconds must be a whole, non-negative number; the texts are AWS's for SecondsPath. */
    private static long seconds(JsonNode value, String field, String path) {
        String shown = path == null ? Json.write(value) : path + " == " + Json.write(value);
        if (!value.isNumber() || value.decimalValue().stripTrailingZeros().scale() > 0 || !value.canConvertToLong()) {
            throw StatesException.runtime("The " + field + " parameter cannot be parsed as a long value: " + shown);
        }
        if (value.asLong() < 0) {
            throw StatesException.runtime("The " + field + " parameter references a negative value: " + shown);
        }
        return value.asLong();
    }

    private static String timestamp(JsonNode value, String field, String path) {
        if (ChoiceEvaluator.timestamp(value) == null) {
            String shown = path == null ? Json.write(value) : path + " == " + Json.write(value);
            throw StatesException.runtime("The " + field
                    + " parameter does not reference a valid ISO-8601 extended offset date-time format string: " + shown);
        }
        return value.asText();
    }

    private StatesException fail(StateRun stateRun, FailState fail) {
        String error = fail.error();
        String cause = fail.cause();
        if (fail.common().isJsonata()) {
            error = jsonataText(stateRun, error, "Error");
            cause = jsonataText(stateRun, cause, "Cause");
        } else {
            if (fail.errorPath() != null) {
                error = textAt(stateRun, fail.errorPath(), "ErrorPath");
            }
            if (fail.causePath() != null) {
                cause = textAt(stateRun, fail.causePath(), "CausePath");
            }
        }
        return StatesException.of(error, cause);
    }

    private static String jsonataText(StateRun stateRun, String field, String name) {
        if (field == null || !JsonataEngine.isExpression(field)) {
            return field;
        }
        JsonNode value = StateIo.jsonata(stateRun, Json.text(field), name);
        if (!value.isTextual()) {
            throw StatesException.inState(StatesErrors.QUERY_EVALUATION_ERROR,
                    "The " + name + " field must evaluate to a string, but was " + value);
        }
        return value.asText();
    }

    private static String textAt(StateRun stateRun, String path, String field) {
        JsonNode value = JsonPathData.dynamicValue(stateRun, field, path, stateRun.rawInput);
        if (!value.isTextual()) {
            throw StatesException.runtime("The " + field + " '" + path + "' must reference a string, but was "
                    + Json.write(value));
        }
        return value.asText();
    }

    private Transition parallel(StateRun stateRun, ParallelState parallel) {
        JsonNode effective = StateIo.effectiveInput(stateRun);
        JsonNode input = StateIo.evaluate(stateRun, parallel.parameters(), effective,
                parallel.common().isJsonata() ? "Arguments" : "Parameters");
        run.record("ParallelStateStarted", stateRun.name(), null);
        ArrayNode results = Json.array();
        try {
            // Branches run one after another: their results and history are deterministic.
            for (Branch branch : parallel.branches()) {
                results.add(branches.run(branch, input, stateRun.scope.child()));
            }
        } catch (StatesException e) {
            run.record("ParallelStateFailed", stateRun.name(), null);
            throw e;
        }
        run.record("ParallelStateSucceeded", stateRun.name(), null);
        JsonNode selected = StateIo.selectResult(stateRun, parallel.resultSelector(), results);
        return next(parallel.common().next(), StateIo.finishWithResult(stateRun, selected, parallel.resultPath()));
    }

    private Transition map(StateRun stateRun, MapState map) {
        JsonNode effective = StateIo.effectiveInput(stateRun);
        JsonNode items;
        if (map.common().isJsonata()) {
            items = map.items() == null ? stateRun.rawInput : StateIo.jsonata(stateRun, map.items(), "Items");
        } else {
            items = JsonPathData.selectPath(stateRun, map.itemsPath(), effective);
        }
        if (!items.isArray()) {
            throw StatesException.runtime("The items of the Map state (" + (map.common().isJsonata() ? "Items"
                    : "ItemsPath '" + map.itemsPath() + "'") + ") must be a JSON array, but were " + Json.write(items));
        }
        run.record("MapStateStarted", stateRun.name(), Json.object().put("length", items.size()));
        int concurrency = Math.min(run.mapConcurrency, map.maxConcurrency() == null || map.maxConcurrency() == 0
                ? Integer.MAX_VALUE : map.maxConcurrency());
        ArrayNode results;
        if (concurrency <= 1 || items.size() <= 1) {
            results = Json.array();
            for (int index = 0; index < items.size(); index++) {
                try {
                    results.add(iterate(stateRun, map, itemInput(stateRun, map, items, effective, index), index));
                } catch (StatesException e) {
                    run.record("MapStateFailed", stateRun.name(), null);
                    throw e;
                }
            }
        } else {
            List<JsonNode> itemInputs = new ArrayList<>();
            for (int index = 0; index < items.size(); index++) {
                itemInputs.add(itemInput(stateRun, map, items, effective, index));
            }
            results = iterateConcurrently(stateRun, map, itemInputs, Math.min(concurrency, items.size()));
        }
        run.record("MapStateSucceeded", stateRun.name(), null);
        JsonNode selected = StateIo.selectResult(stateRun, map.resultSelector(), results);
        return next(map.common().next(), StateIo.finishWithResult(stateRun, selected, map.resultPath()));
    }

    /** An item's input: the item itself, or what the ItemSelector makes of it ({@code $$.Map.Item} is the item). */
    private static JsonNode itemInput(StateRun stateRun, MapState map, JsonNode items, JsonNode effective, int index) {
        if (map.itemSelector() == null) {
            return items.get(index);
        }
        stateRun.mapItem = Json.object().put("Index", index).set("Value", items.get(index));
        try {
            return StateIo.evaluate(stateRun, map.itemSelector(), effective, "ItemSelector");
        } finally {
            stateRun.mapItem = null;
        }
    }

    /**
     * Up to {@code threads} iterations at a time, as Step Functions runs them. The results keep the items' order. When
     * an iteration fails no further one starts, those running finish, and the Map fails with the error of the first
     * failed item in item order (so the outcome does not depend on timing).
     */
    private ArrayNode iterateConcurrently(StateRun stateRun, MapState map, List<JsonNode> itemInputs, int threads) {
        JsonNode[] results = new JsonNode[itemInputs.size()];
        RuntimeException[] failures = new RuntimeException[itemInputs.size()];
        AtomicBoolean failed = new AtomicBoolean();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < itemInputs.size(); i++) {
                int index = i;
                pool.submit(() -> {
                    if (failed.get()) {
                        return;
                    }
                    try {
                        results[index] = iterate(stateRun, map, itemInputs.get(index), index);
                    } catch (RuntimeException e) {
                        failures[index] = e;
                        failed.set(true);
                    }
                });
            }
        }
        for (RuntimeException failure : failures) {
            if (failure != null) {
                if (failure instanceof StatesException) {
                    run.record("MapStateFailed", stateRun.name(), null);
                }
                throw failure;
            }
        }
        ArrayNode ordered = Json.array();
        for (JsonNode result : results) {
            ordered.add(result);
        }
        return ordered;
    }

    private JsonNode iterate(StateRun stateRun, MapState map, JsonNode itemInput, int index) {
        run.record("MapIterationStarted", stateRun.name(), Json.object().put("index", index));
        try {
            JsonNode result = branches.run(map.processor(), itemInput, stateRun.scope.child());
            run.record("MapIterationSucceeded", stateRun.name(), Json.object().put("index", index));
            return result;
        } catch (StatesException e) {
            run.record("MapIterationFailed", stateRun.name(), Json.object().put("index", index));
            throw e;
        }
    }

    private static Transition next(String next, JsonNode output) {
        return new Transition(next, output);
    }
}
