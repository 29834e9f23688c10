package org.icsmap.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.fixtures.synthetic.GenerationSummary;
import org.icsmap.fixtures.synthetic.GeneratorSettings;
import org.icsmap.fixtures.synthetic.SyntheticIcsGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code icsmap demo}: the whole pipeline on the example ICS, locally. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run icsmap end to end on a synthetic copy of the example ICS, everything under --out.")
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
        IcsConfig config = common.loadConfig();
        var out = spec.commandLine().getOut();
        out.printf("icsmap demo: %s (%s), synthetic population %,d, seed %d%n", config.name(), config.code(), population, seed);
        out.println("1/1 generating the providers' extracts ...");
        out.flush();
        GenerationSummary summary = new SyntheticIcsGenerator(config).generate(GeneratorSettings.of(population, seed), this.out.resolve("generated"));
        new SummaryTable(out).generation(config, summary, this.out.resolve("generated"));
        return ExitCodes.OK;
    }
}
