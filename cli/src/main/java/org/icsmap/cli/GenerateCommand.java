package org.icsmap.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.synthetic.GenerationSummary;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code icsmap generate}: a synthetic ICS's extracts and ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a synthetic ICS: every provider's monthly extracts for two years, plus a cleartext ground truth for tests.")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--population", defaultValue = "100000", description = "People in the synthetic ICS (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--seed", defaultValue = "20190601", description = "Random seed: the same seed gives byte-identical files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "synthetic-ics", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        IcsConfig config = common.loadConfig();
        GenerationSummary summary = new SyntheticIcsGenerator(config).generate(GeneratorSettings.of(population, seed), out);
        new SummaryTable(spec.commandLine().getOut()).generation(config, summary, out);
        return ExitCodes.OK;
    }
}
