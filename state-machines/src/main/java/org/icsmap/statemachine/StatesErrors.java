package org.icsmap.statemachine;

import java.util.List;

/** Step Functions' predefined error names and how Retry and Catch match them. */
public final class StatesErrors {

    public static final String ALL = "States.ALL";
    public static final String RUNTIME = "States.Runtime";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String PERMISSIONS = "States.Permissions";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";

    private StatesErrors() {
    }

    /**
     * Whether an {@code ErrorEquals} list of a retrier or catcher covers {@code error}.
     *
     * <p>AWS documents two wildcards: {@code States.ALL} matches every error, and
     * {@code States.TaskFailed} every error except {@code States.Timeout}. Neither reaches
     * {@code States.Runtime} or {@code States.DataLimitExceeded}: those are terminal and always fail
     * the execution, even when named explicitly.
     */
    public static boolean matches(List<String> errorEquals, String error) {
        if (!isCatchable(error)) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(error) || name.equals(ALL)
                    || (name.equals(TASK_FAILED) && !error.equals(TIMEOUT))) {
                return true;
            }
        }
        return false;
    }

    public static boolean isCatchable(String error) {
        return !RUNTIME.equals(error) && !DATA_LIMIT_EXCEEDED.equals(error);
    }
}
