package org.icsmap.sql.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import org.icsmap.sql.refresh.RefreshPipeline;
import org.icsmap.sql.refresh.RefreshPipeline.Stage;
import org.icsmap.sql.refresh.RefreshPipeline.Step;

/**
 * What the refresh state machine asks of Java, between its Athena queries: the plan of a snapshot (step names by
 * phase), one step's SQL just before it runs, the quality and coverage check, and the audit record of how the refresh
 * ended. The refresh-steps Lambda serves these on AWS; the local runner calls the same object in-process.
 *
 * <p>Steps are passed around by name only, so the execution's state stays far below Step Functions' 256 KiB limit
 * whatever the SQL weighs; each step's SQL is rendered from {@link RefreshPipeline#plan} again when it is due.
 */
public final class RefreshSteps {

    /**
     * The name of the quality and coverage check: a step of its own, and a phase of its own after the marts and before
     * publishing. The state machine knows it by this name (it reads the check's result back and has it assessed).
     */
    public static final String QUALITY_STEP = "quality and coverage";
    /** Where refresh outcomes are written, in the audit zone. */
    public static final String AUDIT_PREFIX = "audit/refresh/";

    private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("'s'yyyyMMdd'_'HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_MESSAGE = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told when a step's SQL is handed out, e.g. to show progress locally. */
    @FunctionalInterface
    public interface Listener {
        void stepStarting(String stage, String step);

        Listener NONE = (stage, step) -> { };
    }

    private final RefreshPipeline pipeline;
    private final ObjectStore audit;
    private final Clock clock;
    private final Listener listener;

    public RefreshSteps(RefreshPipeline pipeline, ObjectStore audit, Clock clock, Listener listener) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * One phase of a refresh, which starts only when the phase before it has ended: its chains run side by side, each
     * chain's steps one after another (a chain is the steps that depend on each other, e.g. a family of marts).
     */
    public record Phase(String name, List<List<String>> chains) {
        public Phase {
            chains = chains.stream().map(List::copyOf).toList();
        }

        /** Steps that do not depend on each other: a chain each. */
        static Phase sideBySide(String name, List<String> steps) {
            return new Phase(name, steps.stream().map(List::of).toList());
        }

        /** Steps that depend on the ones before them: one chain (none when there are no steps). */
        static Phase inOrder(String name, List<String> steps) {
            return new Phase(name, steps.isEmpty() ? List.of() : List.of(steps));
        }
    }

    /**
     * A refresh's steps by name, in the phases the state machine runs one after another: reference, linkage and
     * costing, marts, organisation outputs, quality and coverage, and publish, which is reached only when every step
     * before it succeeded.
     *
     * @param steps how many statements the refresh runs in all, publishing and the check included
     */
    public record Plan(String snapshotId, List<Phase> phases, int steps) {
        public Plan {
            phases = List.copyOf(phases);
        }
    }

    /** Plans snapshot {@code requested}, or a new snapshot named after the current time (UTC) when none is given. */
    public Plan plan(Optional<String> requested) {
        String snapshotId = requested.filter(s -> !s.isBlank()).orElseGet(() -> SNAPSHOT_TIME.format(clock.instant()));
        new SqlValue.Identifier(snapshotId);
        List<String> reference = new ArrayList<>();
        List<String> core = new ArrayList<>();
        // Each family of marts is a chain: each mart, then its disclosure-controlled shared copy, parents before the
        // marts nested in them, whose disclosure control reads the parents' tables.
        Map<String, List<String>> marts = new LinkedHashMap<>();
        Set<String> built = new HashSet<>();
        List<String> organisation = new ArrayList<>();
        List<String> publish = new ArrayList<>();
        List<Step> plan = pipeline.plan(snapshotId);
        for (Step step : plan) {
            switch (step.stage()) {
                case REFERENCE -> reference.add(step.name());
                case LINKAGE, COSTING -> core.add(step.name());
                case MART, SHARED_MART -> {
                    if (step.mart() == null) {
                        throw new IllegalStateException("the plan's step '" + step.name() + "' builds a mart but names none");
                    }
                    List<String> steps = marts.computeIfAbsent(pipeline.family(step.mart()), m -> new ArrayList<>());
                    if (step.stage() == Stage.MART) {
                        built.add(step.mart());
                    } else if (!built.contains(step.mart())) {
                        throw new IllegalStateException("the plan shares mart " + step.mart() + " before building it");
                    }
                    steps.add(step.name());
                }
                case ORGANISATION_OUTPUT -> organisation.add(step.name());
                case PUBLISH -> publish.add(step.name());
            }
        }
        List<Step> publishing = pipeline.publishSteps(snapshotId);
        publishing.forEach(step -> publish.add(step.name()));
        List<Phase> phases = List.of(
                Phase.sideBySide("reference", reference),
                Phase.inOrder("linkage and costing", core),
                new Phase("marts", List.copyOf(marts.values())),
                Phase.sideBySide("organisation outputs", organisation),
                Phase.inOrder(QUALITY_STEP, List.of(QUALITY_STEP)),
                Phase.sideBySide("publish", publish));
        return new Plan(snapshotId, phases, plan.size() + publishing.size() + 1);
    }

    /** A step's SQL, ready for Athena's StartQueryExecution (at most 256 KiB). */
    public record Rendered(String step, String stage, String queryString) {
    }

    /** The SQL of one step of snapshot {@code snapshotId}. */
    public Rendered render(String snapshotId, String stepName) {
        new SqlValue.Identifier(snapshotId);
        String stage;
        SqlScript script;
        if (QUALITY_STEP.equals(stepName)) {
            stage = "quality";
            script = qualityCheck(snapshotId);
        } else {
            Step step = findStep(snapshotId, stepName);
            stage = step.stage().name().toLowerCase(java.util.Locale.ROOT);
            script = step.script();
        }
        listener.stepStarting(stage, stepName);
        String sql = script.render();
        if (sql.getBytes(StandardCharsets.UTF_8).length > 262_144) {
            throw new IllegalStateException("step '" + stepName + "' is over Athena's 256 KiB query limit");
        }
        return new Rendered(stepName, stage, sql);
    }

    private Step findStep(String snapshotId, String stepName) {
        List<Step> all = new ArrayList<>(pipeline.plan(snapshotId));
        all.addAll(pipeline.publishSteps(snapshotId));
        return all.stream().filter(s -> s.name().equals(stepName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step '" + stepName + "' in the plan of snapshot " + snapshotId));
    }

    /**
     * The quality and coverage check: the marts' totals against the costed activity they were built from, and how
     * many agreed provider-feed-months sent nothing. One row; read back by {@link #assessQuality}.
     */
    SqlScript qualityCheck(String snapshotId) {
        return SqlScript.of("generated: quality and coverage check", """
                SELECT
                    (SELECT count(*) FROM costed_activity_${snapshot_id}) AS costed_activities,
                    (SELECT CAST(coalesce(sum(cost), 0) AS varchar) FROM costed_activity_${snapshot_id}) AS costed_cost,
                    (SELECT count_if(cost_source = 'uncosted') FROM costed_activity_${snapshot_id}) AS uncosted_activities,
                    (SELECT activities FROM totals_by_organisation_${snapshot_id} WHERE organisation = 'TOTAL') AS organisation_activities,
                    (SELECT CAST(cost AS varchar) FROM totals_by_organisation_${snapshot_id} WHERE organisation = 'TOTAL') AS organisation_cost,
                    (SELECT CAST(cost AS varchar) FROM cost_by_place_${snapshot_id} WHERE place = 'TOTAL') AS place_cost,
                    (SELECT count(*) FROM data_quality_coverage_${snapshot_id} WHERE status = 'missing') AS missing_periods
                """).with("snapshot_id", SqlValue.identifier(snapshotId));
    }

    /** What the quality and coverage check found; a refresh whose totals do not reconcile is never published. */
    public record QualityAssessment(long activities, BigDecimal cost, long uncostedActivities, long missingPeriods, boolean reconciled) {
    }

    /**
     * Reads the check's one row (Athena's GetQueryResults rows: a header, then the values, as text) and fails with
     * {@link QualityCheckFailedException} unless the marts reconcile with the costed activity to the penny.
     */
    public QualityAssessment assessQuality(String snapshotId, List<Map<String, String>> rows) {
        if (rows.size() != 1) {
            throw new QualityCheckFailedException("the quality and coverage check of " + snapshotId + " returned " + rows.size() + " rows, not 1");
        }
        Map<String, String> row = rows.getFirst();
        long activities = whole(row, "costed_activities");
        BigDecimal cost = money(row, "costed_cost");
        List<String> problems = new ArrayList<>();
        if (whole(row, "organisation_activities") != activities) {
            problems.add("totals_by_organisation counts " + row.get("organisation_activities") + " activities, costed activity " + activities);
        }
        if (money(row, "organisation_cost").compareTo(cost) != 0) {
            problems.add("totals_by_organisation costs £" + row.get("organisation_cost") + ", costed activity £" + cost.toPlainString());
        }
        if (money(row, "place_cost").compareTo(cost) != 0) {
            problems.add("cost_by_place costs £" + row.get("place_cost") + ", costed activity £" + cost.toPlainString());
        }
        QualityAssessment assessment = new QualityAssessment(activities, cost, whole(row, "uncosted_activities"), whole(row, "missing_periods"),
                problems.isEmpty());
        Map<String, Object> record = record("snapshotId", snapshotId, "at", clock.instant().toString());
        record.put("assessment", assessment);
        record.put("problems", problems);
        write(snapshotId, "quality.json", record);
        if (!problems.isEmpty()) {
            throw new QualityCheckFailedException("snapshot " + snapshotId + " does not reconcile: " + String.join("; ", problems));
        }
        return assessment;
    }

    /** How a step failed, in words for the execution's Cause (no SQL, at most a couple of thousand characters). */
    public record Failure(String error, String message) {
    }

    /** Records that one step failed, and words its cause: the step, then the engine's or function's own reason. */
    public Failure recordStepFailure(String snapshotId, String step, String error, String cause) {
        String message = truncate("step '" + step + "' failed: " + FailureCauses.reason(cause));
        write(snapshotId, "failed-step.json", record("snapshotId", snapshotId, "step", step, "error", error, "message", message,
                "at", clock.instant().toString()));
        return new Failure(error == null ? "States.TaskFailed" : error, message);
    }

    /**
     * Records that the refresh failed and nothing was published: the views still show the previous snapshot.
     * {@code snapshotId} is empty when even the plan failed.
     */
    public Failure recordFailure(Optional<String> snapshotId, String error, String cause) {
        String reason = cause == null ? "no cause given" : cause.startsWith("step '") ? cause : FailureCauses.reason(cause);
        String message = truncate("refresh " + snapshotId.map(id -> "of snapshot " + id + " ").orElse("") + "failed, "
                + "so the previous snapshot stays published: " + reason);
        Map<String, Object> body = record("snapshotId", snapshotId.orElse(null), "outcome", "FAILED", "error", error, "message", message,
                "at", clock.instant().toString());
        write(snapshotId.orElse("unplanned_" + SNAPSHOT_TIME.format(clock.instant()).substring(1)), "outcome.json", body);
        return new Failure(error == null ? "States.TaskFailed" : error, message);
    }

    /** What a successful refresh published. */
    public record Success(String snapshotId, boolean published, boolean recorded) {
    }

    /**
     * Records that snapshot {@code snapshotId} is published, with the assessment its quality check recorded (the check
     * runs as a step of its own, so the assessment is read back from the audit zone rather than passed along).
     */
    public Success recordSuccess(String snapshotId) {
        Map<String, Object> body = record("snapshotId", snapshotId, "outcome", "PUBLISHED", "at", clock.instant().toString());
        recordedAssessment(snapshotId).ifPresent(assessment -> body.put("quality", assessment));
        write(snapshotId, "outcome.json", body);
        write(null, "published.json", body);
        return new Success(snapshotId, true, true);
    }

    private Optional<JsonNode> recordedAssessment(String snapshotId) {
        String key = auditKey(snapshotId, "quality.json");
        try (InputStream in = audit.open(key)) {
            JsonNode assessment = JSON.readTree(in).path("assessment");
            return assessment.isObject() ? Optional.of(assessment) : Optional.empty();
        } catch (ObjectStore.NoSuchObjectException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the refresh audit record " + key, e);
        }
    }

    /** The audit key of a refresh record: {@code audit/refresh/snapshot=<id>/<name>}, or {@code audit/refresh/<name>}. */
    public static String auditKey(String snapshotId, String name) {
        return AUDIT_PREFIX + (snapshotId == null ? "" : "snapshot=" + snapshotId + "/") + name;
    }

    private void write(String snapshotId, String name, Map<String, Object> record) {
        try {
            audit.put(auditKey(snapshotId, name), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the refresh audit record " + auditKey(snapshotId, name), e);
        }
    }

    /** An audit record from name, value pairs, in that order. */
    private static Map<String, Object> record(Object... namesAndValues) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            record.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return record;
    }

    private static long whole(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new QualityCheckFailedException("the quality and coverage check has no value for " + column);
        }
        return Long.parseLong(value);
    }

    private static BigDecimal money(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new QualityCheckFailedException("the quality and coverage check has no value for " + column);
        }
        return new BigDecimal(value);
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }

    /** The marts do not reconcile with what they were built from: the snapshot must not be published. */
    public static final class QualityCheckFailedException extends RuntimeException {
        public QualityCheckFailedException(String message) {
            super(message);
        }
    }
}
