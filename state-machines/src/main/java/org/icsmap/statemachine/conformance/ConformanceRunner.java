package org.icsmap.statemachine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.icsmap.statemachine.DefinitionException;
import org.icsmap.statemachine.ExecutionOptions;
import org.icsmap.statemachine.ExecutionResult;
import org.icsmap.statemachine.ExecutionStatus;
import org.icsmap.statemachine.StateMachineInterpreter;
import org.icsmap.statemachine.UnsupportedFeatureException;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.json.JsonValues;
import org.icsmap.statemachine.model.StateMachine;

/**
 * Checks the interpreter against recorded Step Functions executions in the jsonl format of
 * {@code shared/conformance/asl/cases.jsonl}: one case per line with {@code id}, {@code definition},
 * {@code input}, {@code expected} and, for Task states, {@code task_results} to replay.
 *
 * <p>This is what {@code icsmap asl-check FILE.jsonl} runs: {@link #check(Path, PrintStream)}.
 */
public final class ConformanceRunner {

    private static final int MAX_REASON_LENGTH = 400;

    private final ExecutionOptions options;

    /** Runs with a fixed clock, names and random seed, so results repeat. */
    public ConformanceRunner() {
        this(ExecutionOptions.defaults()
                .withExecutionName("conformance")
                .withStateMachineName("conformance")
                .withClock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
                .withRandomSeed(0));
    }

    public ConformanceRunner(ExecutionOptions options) {
        this.options = Objects.requireNonNull(options);
    }

    /** Runs every case of {@code casesFile}, prints one line per failing case, then the totals line. */
    public ConformanceReport check(Path casesFile, PrintStream out) {
        ConformanceReport report = run(load(casesFile));
        for (CaseResult result : report.results()) {
            if (result.verdict() == CaseResult.Verdict.FAILED) {
                out.println(result.line());
            }
        }
        out.println(report.summaryLine());
        return report;
    }

    public ConformanceReport run(Path casesFile) {
        return run(load(casesFile));
    }

    public ConformanceReport run(List<ConformanceCase> cases) {
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (ConformanceCase c : cases) {
            results.add(run(c));
        }
        return new ConformanceReport(results);
    }

    public CaseResult run(ConformanceCase c) {
        try {
            StateMachine machine = StateMachine.parse(c.definition());
            ExecutionResult actual = new StateMachineInterpreter(new ReplayTaskHandler(c.taskResults()))
                    .execute(machine, c.input(), options);
            return judge(c, actual);
        } catch (UnsupportedFeatureException e) {
            return new CaseResult(c.id(), CaseResult.Verdict.UNSUPPORTED, e.feature());
        } catch (DefinitionException e) {
            return failed(c, "the definition was rejected: " + e.getMessage());
        } catch (RuntimeException e) {
            return failed(c, "the interpreter crashed: " + e);
        }
    }

    private static CaseResult judge(ConformanceCase c, ExecutionResult actual) {
        JsonNode expected = c.expected();
        String expectedStatus = expected.path("status").asText();
        if (actual.status() == ExecutionStatus.UNSUPPORTED) {
            return new CaseResult(c.id(), CaseResult.Verdict.UNSUPPORTED, actual.cause().replaceFirst("^unsupported: ", ""));
        }
        if (!expectedStatus.equals(actual.status().name())) {
            return failed(c, "expected " + describe(expected) + " but got " + actual);
        }
        if (actual.status() == ExecutionStatus.SUCCEEDED) {
            if (!JsonValues.sameJson(expected.get("output"), actual.output())) {
                return failed(c, "output " + Json.write(actual.output()) + " instead of " + Json.write(expected.get("output")));
            }
        } else {
            String error = textOrNull(expected.get("error"));
            String cause = textOrNull(expected.get("cause"));
            if (!Objects.equals(error, actual.error()) || !Objects.equals(cause, actual.cause())) {
                return failed(c, "expected " + describe(expected) + " but got " + actual);
            }
        }
        return new CaseResult(c.id(), CaseResult.Verdict.PASSED, "");
    }

    private static String describe(JsonNode expected) {
        String status = expected.path("status").asText();
        return status.equals("SUCCEEDED") ? "SUCCEEDED " + Json.write(expected.get("output"))
                : status + " error=" + textOrNull(expected.get("error")) + " cause=" + textOrNull(expected.get("cause"));
    }

    private static CaseResult failed(ConformanceCase c, String reason) {
        String line = reason.replace("\r", "\\r").replace("\n", "\\n");
        if (line.length() > MAX_REASON_LENGTH) {
            line = line.substring(0, MAX_REASON_LENGTH) + "...";
        }
        return new CaseResult(c.id(), CaseResult.Verdict.FAILED, line);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Reads a cases file: one JSON object per line, blank lines ignored. */
    public static List<ConformanceCase> load(Path casesFile) {
        try (Reader reader = Files.newBufferedReader(casesFile, StandardCharsets.UTF_8)) {
            return load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ConformanceCase> load(Reader reader) {
        List<ConformanceCase> cases = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        try {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    cases.add(ConformanceCase.fromJson(Json.parse(line)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
