package org.icsmap.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import picocli.CommandLine.Option;

/** Options every command shares. */
public final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "ICS config file (default: config/example-ics.yaml, "
            + "or the example shipped in the jar when there is none).")
    public Path config;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    public boolean verbose;

    public IcsConfig loadConfig() {
        if (config != null) {
            return new IcsConfigLoader().load(config);
        }
        Path local = Path.of("config", "example-ics.yaml");
        if (Files.isRegularFile(local)) {
            return new IcsConfigLoader().load(local);
        }
        throw new ExitCodes.UserError("no ICS config: pass --config FILE (the example is config/example-ics.yaml in the icsmap repository)");
    }
}
