package org.icsmap.domain.port;

import java.util.Objects;
import java.util.Optional;

/**
 * Runs executions of one state machine (the refresh): Step Functions on AWS, the local ASL interpreter over
 * the same {@code .asl.json} file in the embedded home. An execution is named, and a name runs at most once
 * (Step Functions keeps a name for 90 days), so a scheduler that fires twice does not refresh twice.
 */
public interface StateMachineRunner {

    /** Starts an execution called {@code executionName} with a JSON input, or joins the one of that name, and waits until it ends. */
    Execution run(String executionName, String inputJson);

    /** How an execution ended. {@code output} is there when it succeeded; {@code error} and {@code cause} when it did not. */
    record Execution(String name, Status status, Optional<String> output, Optional<String> error, Optional<String> cause) {
        public Execution {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(cause, "cause");
        }

        public boolean succeeded() {
            return status == Status.SUCCEEDED;
        }
    }

    /** The end states of an execution (Step Functions' names). */
    enum Status {
        SUCCEEDED, FAILED, TIMED_OUT, ABORTED
    }

    /** The runner could not start or follow an execution (not: the execution failed — that is an {@link Execution}). */
    final class StateMachineRunnerException extends RuntimeException {
        public StateMachineRunnerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
