package org.icsmap.aws.sfn;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import org.icsmap.domain.port.StateMachineRunner;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@link StateMachineRunner} on Step Functions (standard workflows): {@code StartExecution} under the given
 * name, then {@code DescribeExecution} polled with exponential backoff until the execution leaves RUNNING.
 * A name that already ran is joined rather than started again (Step Functions refuses a second start with
 * different input, and the same input means the same refresh).
 */
public final class StepFunctionsRunner implements StateMachineRunner {

    /** Waits between polls; tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Poll from {@code initial}, growing by {@code multiplier} up to {@code max}, giving up after {@code timeout}. */
    public record Polling(Duration initial, Duration max, double multiplier, Duration timeout) {
        public Polling {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1 || timeout.isNegative()) {
                throw new IllegalArgumentException("polling needs 0 < initial <= max, multiplier >= 1 and a timeout");
            }
        }

        /** A refresh takes minutes: start at one second, back off to 30 s, give up after two hours. */
        public static Polling forRefresh() {
            return new Polling(Duration.ofSeconds(1), Duration.ofSeconds(30), 2, Duration.ofHours(2));
        }

        Duration delay(int attempt) {
            double millis = initial.toMillis() * Math.pow(multiplier, attempt);
            return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
        }
    }

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final Polling polling;
    private final Sleeper sleeper;
    private final InstantSource clock;

    public StepFunctionsRunner(SfnClient sfn, String stateMachineArn) {
        this(sfn, stateMachineArn, Polling.forRefresh(), duration -> Thread.sleep(duration), InstantSource.system());
    }

    public StepFunctionsRunner(SfnClient sfn, String stateMachineArn, Polling polling, Sleeper sleeper, InstantSource clock) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        this.polling = Objects.requireNonNull(polling, "polling");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Execution run(String executionName, String inputJson) {
        String executionArn = start(executionName, inputJson);
        Instant giveUp = clock.instant().plus(polling.timeout());
        for (int attempt = 0; ; attempt++) {
            DescribeExecutionResponse described = describe(executionName, executionArn);
            if (described.status() != ExecutionStatus.RUNNING && described.status() != ExecutionStatus.PENDING_REDRIVE) {
                return outcome(executionName, described);
            }
            if (clock.instant().isAfter(giveUp)) {
                throw new StateMachineRunnerException("execution " + executionName + " still " + described.statusAsString()
                        + " after " + polling.timeout() + " (it keeps running; follow it in the console: " + executionArn + ")", null);
            }
            try {
                sleeper.sleep(polling.delay(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateMachineRunnerException("interrupted while waiting for execution " + executionName, e);
            }
        }
    }

    private String start(String executionName, String inputJson) {
        try {
            return sfn.startExecution(request -> request.stateMachineArn(stateMachineArn).name(executionName).input(inputJson))
                    .executionArn();
        } catch (ExecutionAlreadyExistsException alreadyRan) {
            return executionArn(executionName);
        } catch (SdkException e) {
            throw new StateMachineRunnerException("Step Functions StartExecution failed for " + executionName + " on "
                    + stateMachineArn + ": " + describe(e), e);
        }
    }

    private DescribeExecutionResponse describe(String executionName, String executionArn) {
        try {
            return sfn.describeExecution(request -> request.executionArn(executionArn));
        } catch (SdkException e) {
            throw new StateMachineRunnerException("Step Functions DescribeExecution failed for " + executionName + ": " + describe(e), e);
        }
    }

    /** An execution's ARN: the state machine's with {@code stateMachine} → {@code execution} and the name appended. */
    String executionArn(String executionName) {
        int marker = stateMachineArn.indexOf(":stateMachine:");
        if (marker < 0) {
            throw new IllegalStateException("not a state machine ARN: " + stateMachineArn);
        }
        return stateMachineArn.substring(0, marker) + ":execution:" + stateMachineArn.substring(marker + ":stateMachine:".length())
                + ":" + executionName;
    }

    private static Execution outcome(String name, DescribeExecutionResponse described) {
        Status status = switch (described.status()) {
            case SUCCEEDED -> Status.SUCCEEDED;
            case TIMED_OUT -> Status.TIMED_OUT;
            case ABORTED -> Status.ABORTED;
            default -> Status.FAILED;
        };
        return new Execution(name, status, Optional.ofNullable(described.output()), Optional.ofNullable(described.error()),
                Optional.ofNullable(described.cause()));
    }

    private static String describe(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }
}
