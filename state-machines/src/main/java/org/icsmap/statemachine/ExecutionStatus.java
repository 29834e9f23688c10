package org.icsmap.statemachine;

/** How an execution ended. UNSUPPORTED means the interpreter refused rather than guessed. */
public enum ExecutionStatus {
    SUCCEEDED,
    FAILED,
    UNSUPPORTED
}
