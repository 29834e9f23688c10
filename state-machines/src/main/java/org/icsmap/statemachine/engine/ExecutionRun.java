package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.icsmap.statemachine.ExecutionOptions;
import org.icsmap.statemachine.HistoryEvent;
import org.icsmap.statemachine.Sleeper;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.task.TaskHandler;

/** Everything one execution shares: the task handler, clock and sleeper, randomness, history and context. */
final class ExecutionRun {

    /** AWS stops a standard execution whose history exceeds this many events. */
    static final int MAX_HISTORY_EVENTS = 25_000;

    final TaskHandler tasks;
    final Clock clock;
    final Sleeper sleeper;
    final Random random;
    final int mapConcurrency;
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    private final List<HistoryEvent> history = new ArrayList<>();

    ExecutionRun(TaskHandler tasks, ExecutionOptions options, JsonNode input) {
        this.tasks = tasks;
        this.clock = options.clock();
        this.sleeper = options.sleeper();
        this.mapConcurrency = options.mapConcurrency();
        this.random = options.randomSeed() == null ? new Random() : new Random(options.randomSeed());
        String name = options.executionName() != null ? options.executionName()
                : new UUID(random.nextLong(), random.nextLong()).toString();
        String arnPrefix = "arn:aws:states:" + options.region() + ":" + options.accountId() + ":";
        stateMachineContext = Json.object()
                .put("Id", arnPrefix + "stateMachine:" + options.stateMachineName())
                .put("Name", options.stateMachineName());
        executionContext = Json.object();
        executionContext.put("Id", arnPrefix + "execution:" + options.stateMachineName() + ":" + name);
        executionContext.set("Input", input);
        executionContext.put("Name", name);
        executionContext.put("RoleArn", "arn:aws:iam::" + options.accountId() + ":role/" + options.stateMachineName());
        executionContext.put("StartTime", timestamp(now()));
        executionContext.put("RedriveCount", 0);
    }

    Instant now() {
        return clock.instant();
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    ObjectNode executionContext() {
        return executionContext;
    }

    ObjectNode stateMachineContext() {
        return stateMachineContext;
    }

    /** Appends an event and returns its id. */
    synchronized long record(String type, String stateName, JsonNode details) {
        if (history.size() >= MAX_HISTORY_EVENTS) {
            throw StatesException.of("States.Runtime",
                    "The execution reached the limit of " + MAX_HISTORY_EVENTS + " history events.");
        }
        long id = history.size() + 1L;
        history.add(new HistoryEvent(id, now(), type, stateName, details == null ? Json.object() : details));
        return id;
    }

    /** The closing event, recorded even when the history is full. */
    synchronized void recordFinal(String type, JsonNode details) {
        history.add(new HistoryEvent(history.size() + 1L, now(), type, null, details));
    }

    synchronized List<HistoryEvent> history() {
        return Collections.unmodifiableList(history);
    }
}
