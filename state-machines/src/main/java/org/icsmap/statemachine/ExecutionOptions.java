package org.icsmap.statemachine;

import java.time.Clock;

/**
 * Per-execution settings that AWS would supply: names for the context object, the clock, and the
 * seed of the randomness behind States.UUID, States.MathRandom and generated names.
 *
 * @param executionName    {@code $$.Execution.Name}; null generates one from the random seed
 * @param stateMachineName {@code $$.StateMachine.Name}
 * @param region           used in the ARNs of the context object
 * @param accountId        used in the ARNs of the context object
 * @param randomSeed       null for a fresh seed each run
 */
public record ExecutionOptions(
        String executionName, String stateMachineName, String region, String accountId, Clock clock, Long randomSeed) {

    public static ExecutionOptions defaults() {
        return new ExecutionOptions(null, "local", "eu-west-2", "000000000000", Clock.systemUTC(), null);
    }

    public ExecutionOptions withExecutionName(String name) {
        return new ExecutionOptions(name, stateMachineName, region, accountId, clock, randomSeed);
    }

    public ExecutionOptions withStateMachineName(String name) {
        return new ExecutionOptions(executionName, name, region, accountId, clock, randomSeed);
    }

    public ExecutionOptions withClock(Clock newClock) {
        return new ExecutionOptions(executionName, stateMachineName, region, accountId, newClock, randomSeed);
    }

    public ExecutionOptions withRandomSeed(long seed) {
        return new ExecutionOptions(executionName, stateMachineName, region, accountId, clock, seed);
    }
}
