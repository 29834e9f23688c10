package org.icsmap.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code icsmap} command: only dispatches to the subcommands. */
@Command(name = "icsmap", mixinStandardHelpOptions = true, versionProvider = Icsmap.Version.class,
        description = "Joins up an Integrated Care System's activity and cost data without any organisation seeing another's identifiable data.",
        subcommands = {DemoCommand.class, GenerateCommand.class, IngestCommand.class, RefreshCommand.class, QueryCommand.class, ReportCommand.class,
                ReidentifyCommand.class, AslCheckCommand.class, CommandLine.HelpCommand.class})
public final class Icsmap {

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code (see {@link ExitCodes}). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Icsmap());
        for (CommandProvider provider : ServiceLoader.load(CommandProvider.class)) {
            commandLine.addSubcommand(provider.command());
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ExitCodes.ErrorReporter());
        commandLine.setExitCodeExceptionMapper(ExitCodes::of);
        commandLine.setExecutionStrategy(parseResult -> {
            // The in-process engine's own log lines (warnings, stack traces) are for --verbose only.
            org.icsmap.local.trino.TrinoLocalQueryEngine.logWarnings(ExitCodes.verbose(parseResult));
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Icsmap.class.getPackage().getImplementationVersion();
            return new String[] {"icsmap " + (version == null ? "development build" : version)};
        }
    }
}
