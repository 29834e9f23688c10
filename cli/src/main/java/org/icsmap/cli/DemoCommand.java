package org.icsmap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import java.util.Optional;
import org.icsmap.cli.marts.MartsQuery;
import org.icsmap.cli.refresh.LocalRefresh;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.synthetic.GenerationSummary;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icsmap demo}: the whole pipeline on the example ICS, locally. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run icsmap end to end on a synthetic copy of the example ICS, everything under --out: generate the providers' extracts, "
                + "place them in landing, ingest, refresh the marts through the refresh state machine, write the board report (--out/report/index.html).",
                "Exit codes: 0 ok, 1 an upload was rejected or the refresh failed, 2 bad input, 4 internal error."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--population", defaultValue = "100000", description = "People in the synthetic ICS (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--seed", defaultValue = "20190601", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "icsmap-demo", description = "Where everything is written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long demoStarted = System.nanoTime();
        IcsConfig config = common.loadConfig();
        PrintWriter print = spec.commandLine().getOut();
        print.printf("icsmap demo: %s (%s), synthetic population %,d, seed %d%n", config.name(), config.code(), population, seed);
        if (Files.exists(out.resolve("zones"))) {
            throw new ExitCodes.UserError(out + " already holds a demo; remove it or choose another --out");
        }
        LocalHome home = LocalHome.openOrStart(out, config);
        // The engine's start takes seconds, mostly on one thread: it starts beside the generator, which keeps one core
        // busy and leaves the other idle. Closed whatever happens (closing twice is harmless).
        CompletableFuture<TrinoLocalQueryEngine> starting = CompletableFuture.supplyAsync(home::startEngine,
                runnable -> Thread.ofPlatform().name("icsmap-engine-start").start(runnable));
        try {
            return run(config, print, home, starting, demoStarted);
        } finally {
            starting.thenAccept(TrinoLocalQueryEngine::close);
        }
    }

    private int run(IcsConfig config, PrintWriter print, LocalHome home, CompletableFuture<TrinoLocalQueryEngine> starting,
                    long demoStarted) throws Exception {
        print.println("1/4 generating the providers' extracts ...");
        print.flush();
        Path generated = out.resolve("generated");
        GenerationSummary summary = new SyntheticIcsGenerator(config).generate(GeneratorSettings.of(population, seed), generated);
        new SummaryTable(print).generation(config, summary, generated);

        List<Path> extracts = extractsOptOutFirst(generated.resolve("extracts"));
        print.printf("%n2/4 uploading to landing and ingesting %d extracts ...%n", extracts.size());
        IngestService ingest = home.ingestService();
        Progress progress = new Progress(print, extracts.size());
        List<IngestReport> reports = new ArrayList<>();
        long started = System.nanoTime();
        // The opt-out list first, alone; then the rest on every core, as concurrent Lambda invocations would.
        Path first = extracts.getFirst();
        reports.add(ingest.ingest(upload(home, generated.resolve("extracts").relativize(first), first)));
        progress.step();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            List<java.util.concurrent.Future<IngestReport>> pending = new ArrayList<>();
            for (Path extract : extracts.subList(1, extracts.size())) {
                pending.add(pool.submit(() -> {
                    IngestReport report = ingest.ingest(upload(home, generated.resolve("extracts").relativize(extract), extract));
                    synchronized (progress) {
                        progress.step();
                    }
                    return report;
                }));
            }
            for (var future : pending) {
                try {
                    reports.add(future.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        new SummaryTable(print).ingest(reports, (System.nanoTime() - started) / 1e9, out.resolve("zones"));

        print.printf("%n3/4 refreshing the marts through the refresh state machine ...%n");
        print.flush();
        try (TrinoLocalQueryEngine engine = started(starting)) {
            LocalRefresh.Outcome refreshed = RefreshCommand.refresh(home, engine, Optional.empty(), print);
            if (!refreshed.succeeded()) {
                spec.commandLine().getErr().println("icsmap: " + refreshed.execution().cause());
                spec.commandLine().getErr().flush();
                return ExitCodes.FAILURES_FOUND;
            }
            print.printf("%n4/4 writing the board report ...%n");
            Path report = ReportCommand.write(home, engine, out.resolve("report").resolve("index.html"));
            new SummaryTable(print).outcome(config, reports, new MartsQuery(engine, LocalHome.BUCKET), report,
                    (System.nanoTime() - demoStarted) / 1e9);
        }
        return reports.stream().anyMatch(r -> r.outcome() == IngestReport.Outcome.REJECTED) ? ExitCodes.FAILURES_FOUND : ExitCodes.OK;
    }

    /** The engine started in the background, or the reason it could not start. */
    private static TrinoLocalQueryEngine started(CompletableFuture<TrinoLocalQueryEngine> starting) throws Exception {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The national data opt-out list goes first, so every later upload is filtered by it. */
    static List<Path> extractsOptOutFirst(Path extractsDir) throws java.io.IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(extractsDir)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> ordered = new ArrayList<>(all.stream().filter(p -> p.getFileName().toString().startsWith("opt_out_")).toList());
        all.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        return ordered;
    }

    /** Puts a generated extract ({@code <ODS>/<feed>_<YYYY-MM>.csv[.gz]}) where a provider's upload would land. */
    static String upload(LocalHome home, Path relative, Path extract) throws java.io.IOException {
        String provider = relative.getParent().toString();
        String name = relative.getFileName().toString();
        String feed = name.substring(0, name.lastIndexOf('_'));
        String period = name.substring(name.lastIndexOf('_') + 1, name.lastIndexOf('_') + 8);
        String key = "landing/provider=" + provider + "/feed=" + feed + "/period=" + period + "/demo-" + feed.replace('_', '-') + "-"
                + period + (name.endsWith(".gz") ? ".csv.gz" : ".csv");
        home.store.put(key, extract, Map.of());
        return key;
    }

    /** A one-line progress bar on a terminal; a line per tenth otherwise. */
    static final class Progress {
        private final PrintWriter out;
        private final int total;
        private final boolean terminal = System.console() != null;
        private int done;
        private int lastTenth;

        Progress(PrintWriter out, int total) {
            this.out = out;
            this.total = Math.max(1, total);
        }

        void step() {
            done++;
            int width = 40;
            int filled = done * width / total;
            if (terminal) {
                out.printf("\r  [%s%s] %d/%d", "#".repeat(filled), " ".repeat(width - filled), done, total);
                if (done == total) {
                    out.println();
                }
                out.flush();
            } else if (done * 10 / total > lastTenth || done == total) {
                lastTenth = done * 10 / total;
                out.printf("  %d/%d%n", done, total);
                out.flush();
            }
        }
    }
}
