package org.icsmap.statemachine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every recorded AWS execution in {@code conformance/asl/cases.jsonl}: a supported case must give
 * exactly AWS's outcome; an unsupported one is reported as aborted with the feature it needs.
 */
class AslConformanceTest {

    private static final ConformanceRunner RUNNER = new ConformanceRunner();

    static List<ConformanceCase> cases() {
        try (Reader reader = new InputStreamReader(
                AslConformanceTest.class.getResourceAsStream("/conformance/asl/cases.jsonl"), StandardCharsets.UTF_8)) {
            return ConformanceRunner.load(reader);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> recordedCases() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            CaseResult result = RUNNER.run(c);
            switch (result.verdict()) {
                case PASSED -> {
                }
                case UNSUPPORTED -> Assumptions.abort("unsupported: " + result.detail());
                case FAILED -> Assertions.fail(result.detail());
            }
        }));
    }

    @Test
    void allCasesAreLoaded() {
        assertThat(cases()).hasSize(701);
    }
}
