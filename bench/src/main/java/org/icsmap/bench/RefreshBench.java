package org.icsmap.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.synthetic.GenerationSummary;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import org.icsmap.sql.refresh.RefreshPipeline;

/**
 * {@code icsmap bench refresh}: one local refresh of a synthetic ICS, from a cold start of the in-process Trino
 * to published views: curated tables and partitions, reference tables, linkage, costing, every mart, disclosure
 * control, per-organisation outputs and the views, exactly the statements the state machine runs on Athena. With
 * each statement's time and the bytes the engine read for it (the proxy for Athena's bill, which is per byte
 * scanned). Figures for the docs, never a timed test.
 *
 * <p>Not timed: generating the synthetic ICS and ingesting it, which are cached in the work directory by
 * population, seed and months (the refresh only reads curated/). Before the timed run the warehouse's metastore,
 * marts and reference data are deleted, so every run starts from curated Parquet alone.
 */
public final class RefreshBench {

    /** @param months monthly periods generated (the default ICS has 24) */
    public record Settings(int population, long seed, int months, Path work, int parallel) {
        public Settings {
            if (population < 1) {
                throw new IllegalArgumentException("--population must be at least 1, not " + population);
            }
        }
    }

    /** What the timed run measured. */
    public record Result(Duration engineStart, Duration refresh, RefreshPipeline.Snapshot snapshot, long activities, long persons) {
        public Duration total() {
            return engineStart.plus(refresh);
        }
    }

    static final String BUCKET = "zones";
    private static final String SNAPSHOT = "bench";
    private static final String KEYSTORE_PASSWORD = "icsmap-bench-only";
    private static final Duration GOAL_100K = Duration.ofSeconds(60);

    private RefreshBench() {
    }

    public static Result run(IcsConfig config, Settings settings, PrintWriter out) throws Exception {
        Path data = settings.work().toAbsolutePath().resolve("pop-" + settings.population() + "-seed-" + settings.seed() + "-months-" + settings.months());
        out.printf("icsmap bench refresh: population %,d, seed %d, %d months; warehouse %s%n", settings.population(), settings.seed(),
                settings.months(), data);
        out.flush();
        ensureIngested(config, settings, data, out);
        for (String stale : List.of("_metastore", "_trino", BUCKET + "/marts", BUCKET + "/reference")) {
            ApcBenchFile.deleteTree(data.resolve(stale));
        }

        Measurements.Probe probe = Measurements.start(true);
        long started = System.nanoTime();
        Result result;
        try (TrinoLocalQueryEngine engine = TrinoLocalQueryEngine.start(data)) {
            Duration engineStart = Duration.ofNanos(System.nanoTime() - started);
            long refreshStarted = System.nanoTime();
            RefreshPipeline pipeline = new RefreshPipeline(engine, config, BUCKET);
            RefreshPipeline.Snapshot snapshot = pipeline.refresh(SNAPSHOT, settings.parallel());
            Duration refresh = Duration.ofNanos(System.nanoTime() - refreshStarted);
            Measurements.Run run = probe.stop();
            long activities = (Long) engine.execute(SqlScript.of("bench", "SELECT count(*) FROM costed_activity_" + SNAPSHOT)).onlyValue();
            long persons = (Long) engine.execute(SqlScript.of("bench", "SELECT count(*) FROM person_spine_" + SNAPSHOT)).onlyValue();
            result = new Result(engineStart, refresh, snapshot, activities, persons);
            print(out, settings, pipeline, result, run);
        }
        return result;
    }

    private static void print(PrintWriter out, Settings settings, RefreshPipeline pipeline, Result result, Measurements.Run run) {
        RefreshPipeline.Snapshot snapshot = result.snapshot();
        out.printf(Locale.ROOT, "%n%,d activities, %,d linked persons; %d statements after the curated tables' DDL, then %d views%n",
                result.activities(), result.persons(), pipeline.plan(SNAPSHOT).size(), pipeline.publishSteps(SNAPSHOT).size());
        out.printf(Locale.ROOT, "engine start %.1f s + refresh %.1f s = %.1f s wall (process CPU %.1f s, peak heap %,d MiB, %d processors, "
                        + "up to %d statements at a time)%n",
                seconds(result.engineStart()), seconds(result.refresh()), seconds(result.total()), run.processCpu(), run.peakHeap() >> 20,
                Runtime.getRuntime().availableProcessors(), settings.parallel());
        if (settings.population() == 100_000) {
            out.printf("goal for 100,000 people: <= %d s wall, engine start included: %s%n", GOAL_100K.toSeconds(),
                    result.total().compareTo(GOAL_100K) <= 0 ? "met" : "NOT met");
        }

        Map<RefreshPipeline.Stage, double[]> byStage = new LinkedHashMap<>();
        Map<String, RefreshPipeline.Stage> stageOf = new LinkedHashMap<>();
        pipeline.plan(SNAPSHOT).forEach(s -> stageOf.put(s.name(), s.stage()));
        snapshot.steps().forEach((name, time) -> {
            RefreshPipeline.Stage stage = stageOf.get(name);
            double[] sum = byStage.computeIfAbsent(stage, s -> new double[3]);
            sum[0] += seconds(time);
            sum[1] += 1;
            QueryEngine.Statistics statistics = snapshot.statistics().get(name);
            sum[2] += statistics == null ? 0 : statistics.bytesScanned().orElse(0);
        });
        out.printf("%n%-22s %10s %8s %14s%n", "stage", "statements", "seconds", "MB read");
        byStage.forEach((stage, sum) -> out.printf(Locale.ROOT, "%-22s %10d %8.1f %14.1f%n", stage == null ? "curated tables (prepare)" : stage,
                (long) sum[1], sum[0], sum[2] / 1e6));

        out.printf("%nper shared mart: its view (the unsuppressed mart) and the CTAS of its shared copy, which runs the mart's query "
                + "and disclosure control%n");
        out.printf("%-34s %9s %9s %12s %10s%n", "mart", "view s", "shared s", "MB read", "rows");
        for (MartDefinition mart : pipeline.marts()) {
            QueryEngine.Statistics s = snapshot.statistics().get("shared " + mart.name());
            out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %12.2f %10s%n", mart.name(), seconds(snapshot.steps().get(mart.sqlFile())),
                    seconds(snapshot.steps().get("shared " + mart.name())), mb(s),
                    s == null ? "" : String.format(Locale.ROOT, "%,d", s.rowsWritten().orElse(-1)));
        }
        out.printf("%nevery statement (seconds, MB read, rows written)%n");
        snapshot.steps().forEach((name, time) -> {
            QueryEngine.Statistics statistics = snapshot.statistics().get(name);
            out.printf(Locale.ROOT, "  %-58s %8.2f %12.2f %14s%n", name, seconds(time), mb(statistics),
                    statistics == null || statistics.rowsWritten().isEmpty() ? "" : String.format(Locale.ROOT, "%,d", statistics.rowsWritten().getAsLong()));
        });
        out.println("Publishing the views (not a statement above) is in the refresh time. MB read: the engine's physical input bytes (Parquet read from storage), what Athena would bill as data scanned "
                + "(Athena rounds each query up to 10 MB).");
        out.flush();
    }

    private static double mb(QueryEngine.Statistics statistics) {
        return statistics == null ? 0 : statistics.bytesScanned().orElse(0) / 1e6;
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }

    /** Generates and ingests the synthetic ICS once per population, seed and months; later runs reuse curated/. */
    private static void ensureIngested(IcsConfig config, Settings settings, Path data, PrintWriter out) throws Exception {
        Path done = data.resolve("ingested.ok");
        if (Files.exists(done)) {
            out.println("curated data: cached (" + Files.readString(done).strip() + ")");
            out.flush();
            return;
        }
        ApcBenchFile.deleteTree(data);
        Files.createDirectories(data);
        Path generated = data.resolve("generated");
        long started = System.nanoTime();
        GenerationSummary summary = new SyntheticIcsGenerator(config).generate(
                GeneratorSettings.of(settings.population(), settings.seed()).withMonths(GeneratorSettings.DEFAULT_FIRST_MONTH, settings.months()),
                generated);
        out.printf(Locale.ROOT, "generated %,d rows in %.1f s%n", summary.totalRows(), (System.nanoTime() - started) / 1e9);
        out.flush();

        DirectoryObjectStore store = new DirectoryObjectStore(data.resolve(BUCKET));
        LocalKeyService keys = new LocalKeyService(data.resolve("keys").resolve("bench-keys.p12"), KEYSTORE_PASSWORD.toCharArray());
        IngestService ingest = new IngestService(config, IngestService.Stores.allIn(store), keys, PostcodeLookup.shipped(),
                NationalPracticeList.shipped(), data.resolve("work"));
        List<Path> extracts;
        try (Stream<Path> walk = Files.walk(generated.resolve("extracts"))) {
            extracts = walk.filter(Files::isRegularFile).sorted().toList();
        }
        // The opt-out list first, so every later upload is filtered by it; then the rest on every core.
        List<Path> ordered = new ArrayList<>(extracts.stream().filter(p -> p.getFileName().toString().startsWith("opt_out_")).toList());
        extracts.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        started = System.nanoTime();
        long curated = 0;
        for (Path optOut : ordered.subList(0, (int) extracts.stream().filter(p -> p.getFileName().toString().startsWith("opt_out_")).count())) {
            curated += accepted(ingest.ingest(upload(store, generated.resolve("extracts"), optOut))).rows().curated();
        }
        List<Path> rest = ordered.subList((int) ordered.stream().filter(p -> p.getFileName().toString().startsWith("opt_out_")).count(), ordered.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            List<Future<IngestReport>> pending = new ArrayList<>();
            for (Path extract : rest) {
                pending.add(pool.submit(() -> accepted(ingest.ingest(upload(store, generated.resolve("extracts"), extract)))));
            }
            for (Future<IngestReport> future : pending) {
                try {
                    curated += future.get().rows().curated();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        String note = String.format(Locale.ROOT, "%,d extracts, %,d curated rows, ingested in %.1f s", extracts.size(), curated,
                (System.nanoTime() - started) / 1e9);
        out.println("curated data: " + note);
        out.flush();
        // The refresh reads curated/ only; the extracts and the truth are no longer needed.
        ApcBenchFile.deleteTree(generated);
        ApcBenchFile.deleteTree(data.resolve("work"));
        Files.writeString(done, note + System.lineSeparator());
    }

    private static IngestReport accepted(IngestReport report) {
        if (report.outcome() == IngestReport.Outcome.REJECTED) {
            throw new IllegalStateException("the bench upload " + report.uploadId() + " was rejected"
                    + (report.rejection() == null ? "" : ": " + report.rejection().reason() + ": " + report.rejection().message()));
        }
        return report;
    }

    /** Puts a generated extract ({@code <ODS>/<feed>_<YYYY-MM>.csv[.gz]}) where the provider's upload would land. */
    private static String upload(DirectoryObjectStore store, Path extracts, Path extract) throws IOException {
        Path relative = extracts.relativize(extract);
        String provider = relative.getParent().toString();
        String name = relative.getFileName().toString();
        String feed = name.substring(0, name.lastIndexOf('_'));
        String period = name.substring(name.lastIndexOf('_') + 1, name.lastIndexOf('_') + 8);
        String key = "landing/provider=" + provider + "/feed=" + feed + "/period=" + period + "/bench-" + feed.replace('_', '-') + "-" + period
                + (name.endsWith(".gz") ? ".csv.gz" : ".csv");
        store.put(key, extract, Map.of());
        return key;
    }
}
