package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.icsmap.statemachine.StatesErrors;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.Catcher;
import org.icsmap.statemachine.model.ErrorHandling;
import org.icsmap.statemachine.model.Retrier;

/**
 * Retry and Catch around a Task, Parallel or Map state.
 *
 * <p>The first retrier whose ErrorEquals matches decides: while its own attempt count is below
 * MaxAttempts the state runs again (each retrier counts separately); once it is exhausted the
 * catchers are tried, first match wins, and an uncaught error leaves the state. Delays are computed
 * and recorded (event {@code RetryScheduled}) but never slept.
 */
final class RetryAndCatch {

    private RetryAndCatch() {
    }

    static Transition run(StateRun run, ErrorHandling handling, Supplier<Transition> attempt) {
        List<Retrier> retriers = handling.retriers();
        int[] attemptsPerRetrier = new int[retriers.size()];
        while (true) {
            try {
                return attempt.get();
            } catch (StatesException raised) {
                StatesException error = raised.inStateContext(run.name(), run.enteredEventId);
                int index = firstMatch(retriers.stream().map(Retrier::errorEquals).toList(), error.error());
                if (index >= 0 && attemptsPerRetrier[index] < retriers.get(index).maxAttempts()) {
                    Duration delay = retriers.get(index).delayBefore(attemptsPerRetrier[index]);
                    attemptsPerRetrier[index]++;
                    run.retryCount++;
                    ObjectNode details = Json.object()
                            .put("error", error.error())
                            .put("cause", error.cause())
                            .put("retrier", index)
                            .put("retry", run.retryCount)
                            .put("delayMillis", delay.toMillis());
                    run.run.record("RetryScheduled", run.name(), details);
                    continue;
                }
                int catcherIndex = firstMatch(handling.catchers().stream().map(Catcher::errorEquals).toList(), error.error());
                if (catcherIndex < 0) {
                    throw error;
                }
                Catcher catcher = handling.catchers().get(catcherIndex);
                ObjectNode errorOutput = Json.object().put("Error", error.error());
                if (error.cause() != null) {
                    errorOutput.put("Cause", error.cause());
                }
                return new Transition(catcher.next(), StateIo.caught(run, catcher, errorOutput));
            }
        }
    }

    private static int firstMatch(List<List<String>> errorEquals, String error) {
        for (int i = 0; i < errorEquals.size(); i++) {
            if (StatesErrors.matches(errorEquals.get(i), error)) {
                return i;
            }
        }
        return -1;
    }
}
