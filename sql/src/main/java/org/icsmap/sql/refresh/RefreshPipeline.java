package org.icsmap.sql.refresh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.sql.CuratedTables;
import org.icsmap.sql.FeedSql;
import org.icsmap.sql.MartFiles;
import org.icsmap.sql.ReferenceTables;

/**
 * One refresh of the marts, statement by statement on any {@link QueryEngine}: curated tables and their
 * partitions, reference views, then costing and linkage, each a CTAS into its own location under
 * {@code s3://<bucket>/marts/snapshot=<id>/} (a CTAS into a non-empty location fails, so every snapshot is new),
 * then each mart: a view (the unsuppressed mart) and the CTAS of its shared copy, which runs the mart's query and
 * disclosure control in one statement. The marts are views because a CTAS of its own cost each of them a write and
 * about a second of fixed cost per statement (planning, scheduling, committing) for tables of a few hundred rows that
 * only their shared copy, the quality check and the tests read. The state machine runs the same steps on Athena.
 *
 * <pre>
 * (a view, no files)                       reference_&lt;name&gt;_&lt;id&gt;        (generated from config and reference files)
 * marts/snapshot=&lt;id&gt;/costed_activity/      costed_activity_&lt;id&gt;         costing/costed_activity.sql
 * marts/snapshot=&lt;id&gt;/person_spine/         person_spine_&lt;id&gt;            linkage/person_spine.sql
 * marts/snapshot=&lt;id&gt;/attributed_activity/  attributed_activity_&lt;id&gt;     linkage/attributed_activity.sql
 * (a view, no files)                       &lt;mart&gt;_&lt;id&gt;                  marts/&lt;mart&gt;.sql (unsuppressed: platform only)
 * marts/snapshot=&lt;id&gt;/shared/&lt;mart&gt;/        shared_&lt;mart&gt;_&lt;id&gt;           disclosure control (every analyst role)
 * marts/org=&lt;ODS&gt;/snapshot=&lt;id&gt;/&lt;output&gt;/    org_&lt;ods&gt;_&lt;output&gt;_&lt;id&gt;      organisation/&lt;output&gt;.sql (that organisation only)
 * </pre>
 */
public final class RefreshPipeline {

    /**
     * The steps before the marts, in dependency order. Every activity is costed and attributed in the one pass
     * that reads curated (a table of 1.9 million rows per 100,000 people is written once, not three times); the
     * attributed totals the marts read are built from it, then the person spine from both (its organisations and
     * senders from the totals, so it reads every activity once).
     */
    public static final List<String> CORE_FILES = List.of("costing/costed_activity.sql", "linkage/attributed_activity.sql",
            "linkage/person_spine.sql");

    private final QueryEngine engine;
    private final String bucket;
    private final ReferenceTables reference;
    private final DisclosureControl disclosure;
    private final List<MartDefinition> marts;
    private final List<OrganisationOutputs.Entry> organisationOutputs;
    private final OrganisationOutputs organisations;

    public RefreshPipeline(QueryEngine engine, IcsConfig config, String bucket) {
        this(engine, new ReferenceTables(config, UnitCosts.shipped(), PostcodeLookup.shipped()),
                new DisclosureControl(config.disclosureControl()), bucket, MartFiles.shared(), new OrganisationOutputs(config, bucket));
    }

    /** A refresh of the given marts only, without per-organisation outputs. */
    public RefreshPipeline(QueryEngine engine, ReferenceTables reference, DisclosureControl disclosure, String bucket,
                           List<MartDefinition> marts) {
        this(engine, reference, disclosure, bucket, marts, null);
    }

    /** {@code organisations} may be null: no per-organisation outputs. */
    public RefreshPipeline(QueryEngine engine, ReferenceTables reference, DisclosureControl disclosure, String bucket,
                           List<MartDefinition> marts, OrganisationOutputs organisations) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.reference = Objects.requireNonNull(reference, "reference");
        this.disclosure = Objects.requireNonNull(disclosure, "disclosure");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.marts = List.copyOf(marts);
        this.organisations = organisations;
        this.organisationOutputs = organisations == null ? List.of() : organisations.entries();
    }

    /**
     * What a refresh wrote: the tables of the snapshot, how long each statement took and, where the engine
     * reports them, each statement's statistics (bytes read: what Athena bills).
     */
    public record Snapshot(String id, Map<String, Duration> steps, Map<String, QueryEngine.Statistics> statistics) {
        public Snapshot {
            steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
            statistics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
        }

        public Snapshot(String id, Map<String, Duration> steps) {
            this(id, steps, Map.of());
        }

        public String table(String name) {
            return name + "_" + id;
        }

        public String sharedTable(MartDefinition mart) {
            return DisclosureControl.sharedTable(mart, id);
        }
    }

    /** What each statement of a refresh builds; the state machine groups its states by stage. */
    public enum Stage {
        REFERENCE, COSTING, LINKAGE, MART, SHARED_MART, ORGANISATION_OUTPUT, PUBLISH
    }

    /**
     * One statement of a refresh: {@code name} is unique within the refresh and stable across snapshots (the
     * state machine and the timings use it), {@code mart} is the mart a MART or SHARED_MART statement belongs to.
     */
    public record Step(String name, Stage stage, String mart, SqlScript script) {
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(script, "script");
        }
    }

    /**
     * Every statement that builds snapshot {@code snapshotId}, in an order that respects their dependencies
     * (statements of one stage, and each mart's pair, are independent of each other). Publishing is separate:
     * see {@link #publishSteps}. The curated tables must exist and be synced first ({@link #prepare}).
     */
    public List<Step> plan(String snapshotId) {
        new SqlValue.Identifier(snapshotId);
        List<Step> steps = new ArrayList<>();
        for (SqlScript script : reference.create(snapshotId)) {
            steps.add(new Step(script.source(), Stage.REFERENCE, null, script));
        }
        for (String file : CORE_FILES) {
            steps.add(new Step(file, file.startsWith("costing/") ? Stage.COSTING : Stage.LINKAGE, null, step(file, snapshotId)));
        }
        for (MartDefinition mart : marts) {
            steps.add(new Step(mart.sqlFile(), Stage.MART, mart.name(), step(mart.sqlFile(), snapshotId)));
            SqlValue.Location shared = martsLocation(snapshotId).resolve("shared/" + mart.name() + "/");
            steps.add(new Step("shared " + mart.name(), Stage.SHARED_MART, mart.name(), disclosure.sharedMart(mart, snapshotId, shared)));
        }
        for (OrganisationOutputs.Entry output : organisationOutputs) {
            steps.add(new Step("organisation " + output.ods() + " " + output.output().id(), Stage.ORGANISATION_OUTPUT, null,
                    organisations.script(output, snapshotId)));
        }
        return steps;
    }

    /** Creates any missing curated table and makes newly ingested partitions visible to the engine. */
    public void prepare() {
        CuratedTables.createAndSync(engine, bucket);
    }

    /**
     * Runs a whole refresh into snapshot {@code snapshotId} (a new id each time: lower case, digits, _), up to
     * {@code parallelism} statements at a time where they are independent: the reference tables, then costing and
     * linkage one after another, then the marts (each mart before its shared copy) and the organisation outputs.
     * Most of those statements are small, and an engine on few cores spends them planning and committing rather
     * than computing, so two at a time keeps both cores busy. The first failure in plan order is thrown once the
     * statements already running have ended; none is started after it.
     */
    public Snapshot run(String snapshotId, int parallelism) {
        List<Step> plan = plan(snapshotId);
        Map<String, Duration> timings = new ConcurrentHashMap<>();
        Map<String, QueryEngine.Statistics> statistics = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        prepare();
        Duration prepared = Duration.ofNanos(System.nanoTime() - started);
        List<List<List<Step>>> phases = List.of(
                chains(plan, step -> step.stage() == Stage.REFERENCE),
                List.of(plan.stream().filter(step -> step.stage() == Stage.COSTING || step.stage() == Stage.LINKAGE).toList()),
                chains(plan, step -> step.stage() == Stage.MART || step.stage() == Stage.SHARED_MART
                        || step.stage() == Stage.ORGANISATION_OUTPUT));
        try (var pool = Executors.newFixedThreadPool(Math.max(1, parallelism))) {
            for (List<List<Step>> phase : phases) {
                var failed = new AtomicBoolean();
                List<Future<?>> running = new ArrayList<>();
                for (List<Step> chain : phase) {
                    running.add(pool.submit(() -> {
                        for (Step step : chain) {
                            if (failed.get()) {
                                return;
                            }
                            long stepStarted = System.nanoTime();
                            try {
                                QueryEngine.Result result = engine.execute(step.script());
                                timings.put(step.name(), Duration.ofNanos(System.nanoTime() - stepStarted));
                                statistics.put(step.name(), result.statistics());
                            } catch (RuntimeException e) {
                                failed.set(true);
                                throw e;
                            }
                        }
                    }));
                }
                RuntimeException first = null;
                for (var future : running) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        if (first == null) {
                            first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while refreshing " + snapshotId, e);
                    }
                }
                if (first != null) {
                    throw first;
                }
            }
        }
        Map<String, Duration> orderedTimings = new LinkedHashMap<>();
        Map<String, QueryEngine.Statistics> orderedStatistics = new LinkedHashMap<>();
        orderedTimings.put("curated tables", prepared);
        for (Step step : plan) {
            orderedTimings.put(step.name(), timings.get(step.name()));
            orderedStatistics.put(step.name(), statistics.get(step.name()));
        }
        return new Snapshot(snapshotId, orderedTimings, orderedStatistics);
    }

    /** {@link #run(String, int)} one statement at a time. */
    public Snapshot run(String snapshotId) {
        return run(snapshotId, 1);
    }

    /**
     * The selected steps in plan order, as chains that may run side by side: the marts of one family (see
     * {@link #family}) with their shared copies form one chain, every other step is a chain of its own.
     */
    private List<List<Step>> chains(List<Step> plan, Predicate<Step> selected) {
        Map<String, List<Step>> chains = new LinkedHashMap<>();
        for (Step step : plan) {
            if (selected.test(step)) {
                chains.computeIfAbsent(step.mart() != null ? "mart " + family(step.mart()) : step.name(), key -> new ArrayList<>()).add(step);
            }
        }
        return new ArrayList<>(chains.values());
    }

    /**
     * The outermost mart that mart {@code name} is nested in ({@link MartDefinition#parent()}), or the mart itself:
     * the disclosure control of a nested mart reads its parents' unsuppressed tables, so a family's statements must
     * run one after another, parents first (the plan lists them so), while different families may run side by side.
     */
    public String family(String name) {
        MartDefinition mart = marts.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a mart of this refresh: " + name));
        while (mart.parent().isPresent()) {
            mart = mart.parent().get();
        }
        return mart.name();
    }

    /**
     * A whole refresh: builds snapshot {@code snapshotId} and, only if every step succeeded, points every view
     * at it. If a step fails its exception propagates and the views still show the previous snapshot (the
     * tables the failed refresh did write stay, under their own snapshot's names, for inspection).
     */
    public Snapshot refresh(String snapshotId) {
        return refresh(snapshotId, 1);
    }

    /** {@link #refresh(String)} with up to {@code parallelism} independent statements at a time (see {@link #run(String, int)}). */
    public Snapshot refresh(String snapshotId, int parallelism) {
        Snapshot snapshot = run(snapshotId, parallelism);
        publish(snapshot);
        return snapshot;
    }

    /** The statements that point the stable views at snapshot {@code snapshotId}. */
    public List<Step> publishSteps(String snapshotId) {
        List<Step> steps = new ArrayList<>();
        for (MartDefinition mart : marts) {
            steps.add(new Step("publish " + mart.name(), Stage.PUBLISH, mart.name(),
                    SqlScript.of("generated: publish view shared_" + mart.name(),
                            "CREATE OR REPLACE VIEW shared_" + mart.name() + " AS SELECT * FROM "
                                    + DisclosureControl.sharedTable(mart, snapshotId))));
        }
        for (OrganisationOutputs.Entry output : organisationOutputs) {
            steps.add(new Step("publish " + output.view(), Stage.PUBLISH, null, organisations.publish(output, snapshotId)));
        }
        return steps;
    }

    /** The per-organisation outputs this refresh builds (none when constructed without them). */
    public List<OrganisationOutputs.Entry> organisationOutputs() {
        return organisationOutputs;
    }

    /**
     * Points the stable views ({@code shared_<mart>}, {@code org_<ods>_<output>}) at a snapshot: called only once every step of the
     * refresh has succeeded, so analysts never see a half-built snapshot.
     */
    public void publish(Snapshot snapshot) {
        for (Step step : publishSteps(snapshot.id())) {
            engine.execute(step.script());
        }
    }

    /**
     * The SQL file of a step, with what it lists per feed generated ({@link FeedSql}), its snapshot id and, for a CTAS
     * (not a view), a location of its own.
     */
    public SqlScript step(String file, String snapshotId) {
        String name = file.substring(file.lastIndexOf('/') + 1, file.length() - ".sql".length());
        SqlScript script = FeedSql.load(file).with("snapshot_id", SqlValue.identifier(snapshotId));
        return script.sql().contains("${location}") ? script.with("location", martsLocation(snapshotId).resolve(name + "/")) : script;
    }

    public SqlValue.Location martsLocation(String snapshotId) {
        return SqlValue.location(bucket, "marts/snapshot=" + snapshotId + "/");
    }

    public List<MartDefinition> marts() {
        return new ArrayList<>(marts);
    }

}
