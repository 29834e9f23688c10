package org.icsmap.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.icsmap.bench.IngestBench;
import org.icsmap.bench.RefreshBench;
import org.icsmap.cli.CommandProvider;
import org.icsmap.cli.CommonOptions;
import org.icsmap.cli.ExitCodes;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.synthetic.GenerationSummary;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icsmap bench}: measured figures for the closing notes, never timed unit tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: how long the pipeline's steps take on this machine.",
        subcommands = {BenchCommand.Generate.class, BenchCommand.Ingest.class, BenchCommand.Refresh.class})
public final class BenchCommand {

    /** Adds {@code bench} to {@code icsmap} when this module is on the class path. */
    public static final class Provider implements CommandProvider {
        @Override
        public Object command() {
            return new BenchCommand();
        }
    }


    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Time synthetic ICS generation at each population (one warm-up run at the smallest, then one timed run each).")
    static final class Generate implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--population", split = ",", defaultValue = "100000,1000000", description = "Populations to time (default: ${DEFAULT-VALUE}).")
        List<Integer> populations;

        @Option(names = "--work", defaultValue = "target/bench-generate", description = "Scratch directory, emptied before each run (default: ${DEFAULT-VALUE}).")
        Path work;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            IcsConfig config = common.loadConfig();
            PrintWriter out = spec.commandLine().getOut();
            SyntheticIcsGenerator generator = new SyntheticIcsGenerator(config);
            delete(work);
            generator.generate(GeneratorSettings.of(Math.min(10_000, populations.getFirst()), 1), work.resolve("warm-up"));
            out.printf("%-12s %12s %10s %14s %14s%n", "population", "rows", "seconds", "rows/s", "peak heap MiB");
            for (int population : populations) {
                delete(work);
                resetPeaks();
                GenerationSummary summary = generator.generate(GeneratorSettings.of(population, GeneratorSettings.DEFAULT_SEED), work.resolve("run"));
                double seconds = summary.elapsed().toNanos() / 1e9;
                out.printf("%,12d %,12d %10.1f %,14.0f %,14d%n", population, summary.totalRows(), seconds, summary.totalRows() / seconds,
                        peakHeapBytes() >> 20);
                out.flush();
            }
            delete(work);
            return ExitCodes.OK;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Single-thread ingest throughput on one large apc file (RFS, 2024-05, built from synthetic data and cached), "
                    + "and DuckDB (one thread) doing the lesser job of CSV -> sha256(NHS number) -> Parquet zstd on the same file "
                    + "in the same JVM: rows/s of both, the ratio, MB/s and peak heap.",
                    "--warmups untimed runs each, then --runs timed runs per engine, taking turns run by run; each icsmap run is a new upload."})
    static final class Ingest implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--rows", defaultValue = "1000000", description = "Data rows in the bench file (default: ${DEFAULT-VALUE}).")
        int rows;

        @Option(names = "--runs", defaultValue = "3", description = "Timed runs per engine, after the warm-ups (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--warmups", defaultValue = "2", description = "Untimed runs per engine first, for the JIT (default: ${DEFAULT-VALUE}).")
        int warmups;

        @Option(names = "--work", defaultValue = "target/bench-ingest",
                description = "Scratch directory; the bench file is cached in its data/ folder (default: ${DEFAULT-VALUE}).")
        Path work;

        @Option(names = "--seed", defaultValue = "20190601", description = "Generator seed for the bench file (default: ${DEFAULT-VALUE}).")
        long seed;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            IcsConfig config = common.loadConfig();
            if (rows < 1 || runs < 1 || warmups < 0) {
                throw new ExitCodes.UserError("--rows and --runs must be at least 1, --warmups at least 0");
            }
            IngestBench.run(config, new IngestBench.Settings(rows, runs, warmups, work, seed), spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = {"One local refresh of a synthetic ICS on the in-process Trino, engine start included: linkage, costing, every mart, "
                    + "disclosure control, per-organisation outputs and the views; each statement's seconds and the bytes it read "
                    + "(Athena bills by bytes scanned).",
                    "The synthetic ICS is generated and ingested once per population, seed and months, and cached in --work; that is not timed."})
    static final class Refresh implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--population", defaultValue = "100000", description = "People in the synthetic ICS (default: ${DEFAULT-VALUE}).")
        int population;

        @Option(names = "--months", defaultValue = "24", description = "Monthly periods of data (default: ${DEFAULT-VALUE}).")
        int months;

        @Option(names = "--seed", defaultValue = "20190601", description = "Generator seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--work", defaultValue = "target/bench-refresh",
                description = "Scratch directory; the ingested ICS is cached there by population, seed and months (default: ${DEFAULT-VALUE}).")
        Path work;

        @Option(names = "--parallel", description = "Independent statements run at a time (default: the number of processors).")
        Integer parallel;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            IcsConfig config = common.loadConfig();
            if (population < 1 || months < 1 || (parallel != null && parallel < 1)) {
                throw new ExitCodes.UserError("--population, --months and --parallel must be at least 1");
            }
            RefreshBench.run(config, new RefreshBench.Settings(population, seed, months, work,
                    parallel == null ? Runtime.getRuntime().availableProcessors() : parallel), spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    static void delete(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
