package org.icsmap.statemachine;

/**
 * A Step Functions error raised while a state runs: it carries the error name and cause AWS would
 * report, and travels through Retry and Catch exactly like a failed task.
 */
public final class StatesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final String cause;
    private final boolean causeNeedsStateContext;

    private StatesException(String error, String cause, boolean causeNeedsStateContext) {
        super(error + (cause == null ? "" : ": " + cause));
        this.error = error;
        this.cause = cause;
        this.causeNeedsStateContext = causeNeedsStateContext;
    }

    /** An error whose name and cause are final, e.g. a failed task or a Fail state. */
    public static StatesException of(String error, String cause) {
        return new StatesException(error, cause, false);
    }

    /**
     * A States.Runtime error. AWS prefixes these causes with the state and the history event it was
     * entered at, which only the executor knows, so the prefix is added there.
     */
    public static StatesException runtime(String detail) {
        return new StatesException(StatesErrors.RUNTIME, detail, true);
    }

    /** An error of the given name whose cause gets the same state prefix as States.Runtime. */
    public static StatesException inState(String error, String detail) {
        return new StatesException(error, detail, true);
    }

    public static StatesException intrinsicFailure(String detail) {
        return new StatesException(StatesErrors.INTRINSIC_FAILURE, detail, true);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** Adds AWS's "An error occurred while executing the state ..." prefix once. */
    public StatesException inStateContext(String stateName, long enteredEventId) {
        if (!causeNeedsStateContext) {
            return this;
        }
        String prefix = "An error occurred while executing the state '" + stateName
                + "' (entered at the event id #" + enteredEventId + ").";
        return new StatesException(error, cause == null ? prefix : prefix + " " + cause, false);
    }
}
