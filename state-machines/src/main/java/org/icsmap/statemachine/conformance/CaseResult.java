package org.icsmap.statemachine.conformance;

/**
 * The verdict on one case.
 *
 * @param detail for FAILED a one-line reason, for UNSUPPORTED the feature, for PASSED empty
 */
public record CaseResult(String id, Verdict verdict, String detail) {

    public enum Verdict { PASSED, FAILED, UNSUPPORTED }

    /** {@code FAILED <id>: <reason>} or {@code UNSUPPORTED <id>: <feature>}. */
    public String line() {
        return verdict + " " + id + (detail.isEmpty() ? "" : ": " + detail);
    }
}
