package org.icsmap.statemachine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceRunnerTest {

    private static final String PASSING = """
            {"id": "ok", "definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1.0, "End": true}}},
             "input": {}, "expected": {"status": "SUCCEEDED", "output": 1.0}}""".replace("\n", "");
    private static final String FAILING = """
            {"id": "wrong", "definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": true}}},
             "input": {}, "expected": {"status": "SUCCEEDED", "output": 1.0}}""".replace("\n", "");
    private static final String UNSUPPORTED = """
            {"id": "callback", "definition": {"StartAt": "T", "States": {"T": {"Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}},
             "input": {}, "expected": {"status": "SUCCEEDED", "output": {}}}""".replace("\n", "");
    private static final String REPLAYED = """
            {"id": "replay", "definition": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "<runtime:Fn>",
              "Retry": [{"ErrorEquals": ["Lambda.ServiceException"]}], "ResultSelector": {"v.$": "$.Payload"}, "End": true}}},
             "input": {"a": 1}, "expected": {"status": "SUCCEEDED", "output": {"v": 2}},
             "task_results": {"T": [{"status": "FAILED", "error": "Lambda.ServiceException", "cause": "busy", "parameters": {"a": 1}},
                                    {"status": "SUCCEEDED", "output": {"Payload": 2}, "parameters": {"a": 1}}]}}""".replace("\n", "");

    @Test
    void checkPrintsFailingCasesThenTheTotals(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cases.jsonl");
        Files.writeString(file, String.join("\n", PASSING, FAILING, "", UNSUPPORTED, REPLAYED) + "\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ConformanceReport report = new ConformanceRunner().check(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "FAILED wrong: output 1 instead of 1.0",
                "2 passed, 1 failed, 1 unsupported");
        assertThat(report.passed()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.unsupported()).isEqualTo(1);
        assertThat(report.results()).filteredOn(r -> r.id().equals("callback")).singleElement()
                .satisfies(r -> assertThat(r.detail()).startsWith("callback task"));
    }
}
