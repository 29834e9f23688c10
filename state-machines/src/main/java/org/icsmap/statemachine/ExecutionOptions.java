package org.icsmap.statemachine;

import java.time.Clock;
import java.util.Objects;

/**
 * Per-execution settings that AWS would supply: names for the context object, the clock and how Wait states
 * pass time on it, and the seed of the randomness behind States.UUID, States.MathRandom and generated names.
 *
 * @param executionName    {@code $$.Execution.Name}; null generates one from the random seed
 * @param stateMachineName {@code $$.StateMachine.Name}
 * @param region           used in the ARNs of the context object
 * @param accountId        used in the ARNs of the context object
 * @param clock            the time of every history event and of the context object
 * @param sleeper          what a Wait state does with its time; {@link Sleeper#NONE} by default
 * @param randomSeed       null for a fresh seed each run
 * @param mapConcurrency   how many iterations of a Map state run at a time locally, at most (and never more than the
 *                         state's MaxConcurrency); 1, the default, runs them one after another, which keeps the history's
 *                         order deterministic
 */
public record ExecutionOptions(
        String executionName, String stateMachineName, String region, String accountId, Clock clock, Sleeper sleeper,
        Long randomSeed, int mapConcurrency) {

    public ExecutionOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        if (mapConcurrency < 1) {
            throw new IllegalArgumentException("mapConcurrency must be at least 1, not " + mapConcurrency);
        }
    }

    public ExecutionOptions(String executionName, String stateMachineName, String region, String accountId, Clock clock, Long randomSeed) {
        this(executionName, stateMachineName, region, accountId, clock, Sleeper.NONE, randomSeed, 1);
    }

    public static ExecutionOptions defaults() {
        return new ExecutionOptions(null, "local", "eu-west-2", "000000000000", Clock.systemUTC(), null);
    }

    /** Iterations of a Map state run up to {@code concurrency} at a time (bounded by the state's MaxConcurrency). */
    public ExecutionOptions withMapConcurrency(int concurrency) {
        return new ExecutionOptions(executionName, stateMachineName, region, accountId, clock, sleeper, randomSeed, concurrency);
    }

    public ExecutionOptions withExecutionName(String name) {
        return new ExecutionOptions(name, stateMachineName, region, accountId, clock, sleeper, randomSeed, mapConcurrency);
    }

    public ExecutionOptions withStateMachineName(String name) {
        return new ExecutionOptions(executionName, name, region, accountId, clock, sleeper, randomSeed, mapConcurrency);
    }

    public ExecutionOptions withClock(Clock newClock) {
        return new ExecutionOptions(executionName, stateMachineName, region, accountId, newClock, sleeper, randomSeed, mapConcurrency);
    }

    /** Wait states hand their time to {@code newSleeper}: with a clock it moves, they take virtual time. */
    public ExecutionOptions withSleeper(Sleeper newSleeper) {
        return new ExecutionOptions(executionName, stateMachineName, region, accountId, clock, newSleeper, randomSeed, mapConcurrency);
    }

    public ExecutionOptions withRandomSeed(long seed) {
        return new ExecutionOptions(executionName, stateMachineName, region, accountId, clock, sleeper, seed, mapConcurrency);
    }
}
