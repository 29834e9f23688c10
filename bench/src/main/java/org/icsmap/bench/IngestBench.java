package org.icsmap.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;

/**
 * {@code icsmap bench ingest}: single-thread ingest throughput on one large {@code apc} file, and DuckDB
 * doing a lesser job on the same file in the same JVM, with the ratio. Figures for the closing notes,
 * never a timed test.
 *
 * <p>icsmap: {@link IngestService} on the local adapters (a directory object store, a keystore file),
 * called on this one thread, as the ingest Lambda calls it: warm-up runs (two by default), then the timed runs, each a
 * new upload (a new upload id and landing object, so none is a replay). A national data opt-out list is
 * ingested first, so every row is checked against it; a warm service keeps that list cached across
 * uploads, as a warm Lambda does. Timed: {@code ingest(key)} from call to return, which reads the landing
 * object and stores curated, quarantine, vault and report. Not timed: placing the landing object.
 */
public final class IngestBench {

    /**
     * @param rows  data rows in the bench file
     * @param runs  timed runs per engine
     * @param warmups  untimed runs per engine before them. Two by default: after one, icsmap's first timed run was still
     *                 the slowest of five in most invocations, often by 10-40 % (the JIT had compiled the hot loops on
     *                 stack during the warm-up's one long call; their ordinary compiled versions came in the next call)
     * @param work  scratch directory; the built file is cached under {@code data/}
     * @param seed  generator seed
     */
    public record Settings(int rows, int runs, int warmups, Path work, long seed) {
        public Settings {
            if (rows < 1) {
                throw new IllegalArgumentException("--rows must be at least 1, not " + rows);
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1, not " + runs);
            }
            if (warmups < 0) {
                throw new IllegalArgumentException("--warmups must not be negative, not " + warmups);
            }
        }
    }

    private static final String KEYSTORE_PASSWORD = "icsmap-bench-only";

    private IngestBench() {
    }

    /** Runs both engines and prints the table; returns the icsmap/DuckDB ratio of best rows/s. */
    public static double run(IcsConfig config, Settings settings, PrintWriter out) throws IOException, SQLException {
        Path work = settings.work().toAbsolutePath();
        out.printf("icsmap bench ingest: %,d-row apc file, provider %s, period %s; %d warm-up + %d timed run(s) per engine, taking turns, one thread each%n",
                settings.rows(), ApcBenchFile.PROVIDER, ApcBenchFile.PERIOD, settings.warmups(), settings.runs());
        out.flush();
        ApcBenchFile.Built data = ApcBenchFile.ensure(config, work.resolve("data"), settings.rows(), settings.seed());
        out.printf("input: %s (%.1f MB) %s%n", data.apc(), data.bytes() / 1e6,
                data.cached() ? "(cached)" : String.format(Locale.ROOT, "(built in %.1f s)", data.buildSeconds()));
        out.printf("  from population %,d (seed %d): %,d RFS apc source rows repeated over %d pass(es); opt-out list %,d numbers%n",
                data.population(), settings.seed(), data.baseRows(), data.passes(), data.optOutRows());
        out.flush();

        // The engines take turns, run for run, so a change in the machine's load over the minutes of the bench falls on
        // both alike; the order within a pair alternates, so neither always runs in the other's wake (its garbage, its
        // cooled caches).
        IcsmapRunner icsmapRunner = new IcsmapRunner(config, data, work.resolve("home"), out);
        List<Measurements.Run> icsmapRuns = new ArrayList<>();
        List<Measurements.Run> duckRuns = new ArrayList<>();
        DuckDbBench duckRunner = DuckDbBench.open(data.apc(), work.resolve("duckdb"));
        DuckDbBench.Result duck;
        try {
            for (int warmup = 0; warmup < settings.warmups(); warmup++) {
                icsmapRunner.once("warm-up");
                duckRunner.once();
            }
            for (int run = 1; run <= settings.runs(); run++) {
                if (run % 2 == 1) {
                    icsmapRuns.add(icsmapRunner.once("run-" + run));
                    duckRuns.add(duckRunner.once());
                } else {
                    duckRuns.add(duckRunner.once());
                    icsmapRuns.add(icsmapRunner.once("run-" + run));
                }
            }
        } finally {
            duck = duckRunner.finish(data.rows(), duckRuns);
        }
        IcsmapResult icsmap = icsmapRunner.result(icsmapRuns);

        double ratio = icsmap.engine().bestRowsPerSecond() / duck.engine().bestRowsPerSecond();
        double medianRatio = icsmap.engine().medianRowsPerSecond() / duck.engine().medianRowsPerSecond();
        printTable(out, List.of(icsmap.engine(), duck.engine()));
        out.printf(Locale.ROOT, "ratio icsmap/DuckDB (rows/s): %.2fx best, %.2fx median; goal >= 1.00x: %s%n", ratio, medianRatio,
                ratio >= 1.0 ? "met" : "NOT met");
        List<Double> pairs = new ArrayList<>();
        for (int run = 0; run < icsmapRuns.size(); run++) {
            pairs.add(duckRuns.get(run).seconds() / icsmapRuns.get(run).seconds());
        }
        out.printf(Locale.ROOT, "  run by run (each icsmap run against the DuckDB run beside it): median %.2fx, from %.2fx to %.2fx%n",
                Measurements.median(pairs), pairs.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                pairs.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        out.printf(Locale.ROOT, "  by CPU time instead (rows per CPU second of the working thread, best runs): %.2fx; of the whole process: %.2fx%n",
                duck.engine().best().threadCpu() / icsmap.engine().best().threadCpu(),
                duck.engine().best().processCpu() / icsmap.engine().best().processCpu());
        for (Measurements.Engine e : List.of(icsmap.engine(), duck.engine())) {
            Measurements.Run best = e.best();
            if (best.processCpu() > 0 && best.seconds() > best.processCpu() * 1.15) {
                out.printf(Locale.ROOT, "  note: %s's best run took %.2f s of wall time but only %.2f s of process CPU: the machine was busy, "
                        + "so the CPU-time ratio is the steadier figure%n", e.name(), best.seconds(), best.processCpu());
            }
        }
        out.println();
        IngestReport.Rows rows = icsmap.report().rows();
        out.printf("icsmap per run: in %,d = curated %,d + quarantined %,d + duplicates %,d + opted out %,d; curated Parquet %.1f MB "
                        + "(zstd), vault %s, key-service calls %d%n", rows.in(), rows.curated(), rows.quarantined(), rows.duplicates(),
                rows.optedOut(), icsmap.curatedBytes() / 1e6, icsmap.vaultBytes() < 0 ? "none" : String.format(Locale.ROOT, "%.1f MB",
                        icsmap.vaultBytes() / 1e6), icsmap.report().keyServiceCalls());
        out.printf("  flagged %s; quarantined %s%n", icsmap.report().flagged(), icsmap.report().quarantinedByReason());
        out.printf("  timings of the best run (ms, from its report): %s%n", icsmap.bestTimings());
        out.printf("  peak heap %,d MiB, of which old generation %,d MiB (young-generation garbage not yet collected makes up the rest; "
                + "max heap %,d MiB)%n", icsmap.engine().peakHeap() >> 20, icsmap.engine().peakOld() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        long allocated = icsmap.engine().best().allocated();
        if (allocated >= 0) {
            out.printf(Locale.ROOT, "  allocated on the heap by the ingest thread in the best run: %.2f GB, %,.0f bytes per row%n", allocated / 1e9,
                    (double) allocated / data.rows());
        }
        out.printf("duckdb %s: wrote %,d rows (%,d skipped by ignore_errors), Parquet %.1f MB; after: %s%n", duck.version(), duck.rowsWritten(),
                data.rows() - duck.rowsWritten(), duck.outputBytes() / 1e6, DuckDbBench.SETUP);
        out.printf("  SQL: %s%n", duck.sql());
        printRuns(out, icsmap.engine());
        printRuns(out, duck.engine());
        out.printf("JVM %s, %d processor(s), max heap %,d MiB, GC %s. \"one thread\": each engine's work runs on the calling thread "
                        + "(DuckDB: threads = 1); the JVM's GC and JIT threads run beside both, as process CPU shows "
                        + "(icsmap's store step forces its outputs to disk before publishing them; DuckDB's COPY does not force its file).%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        out.println("peak heap: JVM heap pools' peak, reset before each run (icsmap only: DuckDB's memory is native, n/a). "
                + "RSS+: the process's peak resident set during the run minus its size before (Linux VmHWM after clear_refs).");
        out.flush();
        return ratio;
    }

    private record IcsmapResult(Measurements.Engine engine, IngestReport report, long curatedBytes, long vaultBytes, Map<String, Long> bestTimings) {
    }

    /**
     * icsmap's side: a home on the local adapters with the opt-out list ingested, then one upload of the bench file per
     * {@link #once} call, checked to have reconciled.
     */
    private static final class IcsmapRunner {
        private final ApcBenchFile.Built data;
        private final DirectoryObjectStore store;
        private final IngestService service;
        private IngestReport last;
        private Map<String, Long> bestTimings = Map.of();
        private double best = Double.MAX_VALUE;

        IcsmapRunner(IcsConfig config, ApcBenchFile.Built data, Path home, PrintWriter out) throws IOException {
            this.data = data;
            ApcBenchFile.deleteTree(home);
            Files.createDirectories(home);
            store = new DirectoryObjectStore(home.resolve("zones"));
            LocalKeyService keys = new LocalKeyService(home.resolve("keys").resolve("bench-keys.p12"), KEYSTORE_PASSWORD.toCharArray());
            service = new IngestService(config, IngestService.Stores.allIn(store), keys, PostcodeLookup.shipped(),
                    NationalPracticeList.shipped(), home.resolve("work"));
            Optional<String> optOutSender = config.providers().stream().map(IcsConfig.Provider::ods)
                    .filter(ods -> config.mayReceive(ods, Feed.OPT_OUT)).findFirst();
            if (optOutSender.isPresent()) {
                String key = landingKey(optOutSender.get(), Feed.OPT_OUT, "opt-out");
                store.put(key, data.optOut(), Map.of());
                IngestReport report = service.ingest(key);
                requireAccepted(report);
                store.delete(key);
            } else {
                out.println("  (no provider may send the opt-out list in this config: ingest runs without one)");
            }
        }

        /** One upload of the bench file (a new landing object each time, so none is a replay), measured. */
        Measurements.Run once(String label) throws IOException {
            String key = landingKey(ApcBenchFile.PROVIDER, Feed.APC, label);
            store.put(key, data.apc(), Map.of());
            Measurements.Probe probe = Measurements.start(true);
            IngestReport report = service.ingest(key);
            Measurements.Run measured = probe.stop();
            store.delete(key);
            requireAccepted(report);
            if (report.rows().in() != data.rows() || !report.rows().addUp()) {
                throw new IllegalStateException("icsmap read " + report.rows() + " from a file of " + data.rows() + " rows");
            }
            if (!"warm-up".equals(label) && measured.seconds() < best) {
                best = measured.seconds();
                bestTimings = report.timingsMs();
            }
            last = report;
            return measured;
        }

        IcsmapResult result(List<Measurements.Run> timed) throws IOException {
            long curatedBytes = store.stat(CuratedSchema.dataKey(Feed.APC, ApcBenchFile.PROVIDER, ApcBenchFile.PERIOD.toString()))
                    .map(o -> o.size()).orElse(-1L);
            long vaultBytes = last.outputs().vault() == null ? -1 : store.stat(last.outputs().vault()).map(o -> o.size()).orElse(-1L);
            Measurements.Engine engine = new Measurements.Engine("icsmap",
                    "full ingest: validate, dedupe, opt-out, HMAC, vault, Parquet", data.rows(), data.bytes(), timed);
            return new IcsmapResult(engine, last, curatedBytes, vaultBytes, bestTimings);
        }
    }

    private static String landingKey(String provider, Feed feed, String label) {
        return "landing/provider=" + provider + "/feed=" + feed.id() + "/period=" + ApcBenchFile.PERIOD + "/bench-" + label + "-"
                + UUID.randomUUID() + ".csv";
    }

    private static void requireAccepted(IngestReport report) {
        if (report.outcome() != IngestReport.Outcome.ACCEPTED) {
            throw new IllegalStateException("the bench upload " + report.uploadId() + " was " + report.outcome()
                    + (report.rejection() == null ? "" : ": " + report.rejection().reason() + ": " + report.rejection().message()));
        }
    }

    static void printTable(PrintWriter out, List<Measurements.Engine> engines) {
        out.println();
        String format = "%-7s %-61s %11s %8s %8s %11s %11s %7s %9s %9s %10s %8s%n";
        out.printf(format, "engine", "does", "rows", "best s", "median s", "rows/s", "rows/s med", "MB/s", "thread s", "process s",
                "peak heap", "RSS+");
        out.printf(format, "", "", "", "", "", "(best)", "", "(best)", "CPU best", "CPU best", "MiB", "MiB");
        for (Measurements.Engine e : engines) {
            Measurements.Run best = e.best();
            out.printf(Locale.ROOT, format, e.name(), e.does(), String.format(Locale.ROOT, "%,d", e.rows()),
                    String.format(Locale.ROOT, "%.2f", best.seconds()), String.format(Locale.ROOT, "%.2f", e.medianSeconds()),
                    String.format(Locale.ROOT, "%,.0f", e.bestRowsPerSecond()), String.format(Locale.ROOT, "%,.0f", e.medianRowsPerSecond()),
                    String.format(Locale.ROOT, "%.1f", e.bytes() / 1e6 / best.seconds()),
                    String.format(Locale.ROOT, "%.2f", best.threadCpu()), best.processCpu() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", best.processCpu()),
                    e.peakHeap() < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", e.peakHeap() >> 20),
                    e.rssGrowth() < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", e.rssGrowth() >> 20));
        }
    }

    private static void printRuns(PrintWriter out, Measurements.Engine engine) {
        out.printf("  %s timed runs, wall s (thread CPU s): %s%n", engine.name(), engine.runs().stream()
                .map(r -> String.format(Locale.ROOT, "%.2f (%.2f)", r.seconds(), r.threadCpu())).collect(Collectors.joining(", ")));
    }
}
