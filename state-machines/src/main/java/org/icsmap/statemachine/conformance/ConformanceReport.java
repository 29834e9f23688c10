package org.icsmap.statemachine.conformance;

import java.util.List;

/** Per-case results of a conformance run and their totals. */
public record ConformanceReport(List<CaseResult> results) {

    public ConformanceReport {
        results = List.copyOf(results);
    }

    public int passed() {
        return count(CaseResult.Verdict.PASSED);
    }

    public int failed() {
        return count(CaseResult.Verdict.FAILED);
    }

    public int unsupported() {
        return count(CaseResult.Verdict.UNSUPPORTED);
    }

    /** {@code N passed, N failed, N unsupported}. */
    public String summaryLine() {
        return passed() + " passed, " + failed() + " failed, " + unsupported() + " unsupported";
    }

    private int count(CaseResult.Verdict verdict) {
        return (int) results.stream().filter(r -> r.verdict() == verdict).count();
    }
}
