package org.icsmap.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.icsmap.domain.config.IcsConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every command on a local home takes: {@code --home}, with {@code --config} and {@code --verbose}
 * ({@link CommonOptions}); and the refusal of a home nothing has been ingested into, which would otherwise be
 * created empty and fail later with a less helpful message. The demo's home is its {@code --out}.
 */
final class LocalHomeOptions {

    @Mixin
    CommonOptions common;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "icsmap-home",
            description = "Local home: zones and keys live here (default: ${DEFAULT-VALUE}; the demo's is its --out).")
    Path home;

    IcsConfig loadConfig() {
        return common.loadConfig();
    }

    /** The home, created if it is not there yet: for commands that put something into it. */
    LocalHome open(IcsConfig config) throws IOException {
        return new LocalHome(home, config);
    }

    /** The home, for a refresh: there must be uploads to refresh from. */
    LocalHome openIngested(IcsConfig config) throws IOException {
        if (!LocalHome.hasIngested(home)) {
            throw new ExitCodes.UserError("nothing has been ingested into " + home + ": run icsmap ingest (or icsmap demo --out " + home
                    + ") first");
        }
        return open(config);
    }

    /** The home, for reading its marts: they need an ingest and a refresh first, which the demo does in one go. */
    LocalHome openForMarts(IcsConfig config) throws IOException {
        if (!LocalHome.hasIngested(home)) {
            throw new ExitCodes.UserError("no local home at " + home + ": run icsmap demo --out " + home + " (or ingest and refresh) first");
        }
        return open(config);
    }
}
