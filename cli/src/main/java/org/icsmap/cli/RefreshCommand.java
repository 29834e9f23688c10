package org.icsmap.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.icsmap.cli.marts.MartsQuery;
import org.icsmap.cli.refresh.LocalRefresh;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icsmap refresh}: the refresh state machine over the local home. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Refresh the marts of the local home through the refresh state machine (state-machines/refresh.asl.json), "
                + "exactly as Step Functions runs it on AWS: plan, reference, linkage and costing, marts with disclosure control, "
                + "per-organisation outputs, quality and coverage, publish.",
                "The views switch to the new snapshot only if every step succeeded; otherwise the previous snapshot stays published.",
                "Exit codes: 0 published, 1 the refresh failed (nothing published), 2 bad input, 4 internal error."})
final class RefreshCommand implements Callable<Integer> {

    @Mixin
    LocalHomeOptions home;

    @Option(names = "--snapshot", description = "Snapshot id (lower case, digits, _); default: s<yyyyMMdd_HHmmss> now.")
    String snapshot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LocalHome local = home.openIngested(home.loadConfig());
        PrintWriter out = spec.commandLine().getOut();
        try (TrinoLocalQueryEngine engine = local.startEngine()) {
            LocalRefresh.Outcome outcome = refresh(local, engine, Optional.ofNullable(snapshot), out);
            if (!outcome.succeeded()) {
                spec.commandLine().getErr().println("icsmap: " + outcome.execution().cause());
                spec.commandLine().getErr().flush();
                return ExitCodes.FAILURES_FOUND;
            }
            var total = new MartsQuery(engine, LocalHome.BUCKET).run(
                    "SELECT cost FROM shared_totals_by_organisation WHERE organisation = 'TOTAL'", AnalystRole.shared()).rows();
            new SummaryTable(out).costs(total.isEmpty() ? null : total.getFirst().getFirst(), IngestReports.current(local.store));
            return ExitCodes.OK;
        }
    }

    /** Runs a refresh with a progress line per step, and says how it ended; shared with {@code demo}. */
    static LocalRefresh.Outcome refresh(LocalHome local, TrinoLocalQueryEngine engine, Optional<String> snapshot, PrintWriter out) {
        RefreshProgress progress = new RefreshProgress(out);
        LocalRefresh.Outcome outcome = new LocalRefresh(local.config, engine, local.store, LocalHome.BUCKET, Clock.systemUTC())
                .run(snapshot, progress);
        progress.finish();
        String id = outcome.snapshotId().orElse("(not planned)");
        if (outcome.succeeded()) {
            out.printf("Refresh: snapshot %s published in %.1f s (state machine SUCCEEDED; views shared_<mart> now show it)%n", id,
                    outcome.elapsed().toMillis() / 1000.0);
        } else {
            out.printf("Refresh: snapshot %s FAILED after %.1f s (%s); the previous snapshot stays published%n", id,
                    outcome.elapsed().toMillis() / 1000.0, outcome.execution().error());
        }
        out.flush();
        return outcome;
    }

    /** One line per step, numbered, with the time the previous one took: a refresh is a few dozen statements. */
    static final class RefreshProgress implements LocalRefresh.Progress {
        private final PrintWriter out;
        private int steps;
        private int done;
        private long stepStarted;
        private String current;

        RefreshProgress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void planned(String snapshotId, int total) {
            steps = total;
            out.printf("Refresh of snapshot %s: %d steps through the refresh state machine%n", snapshotId, total);
            out.flush();
        }

        @Override
        public synchronized void stepStarting(String stage, String step) {
            finishStep();
            done++;
            current = step;
            stepStarted = System.nanoTime();
            out.printf("  [%2d/%d] %-19s %s", done, steps, stage.replace('_', ' '), step);
            out.flush();
        }

        private void finishStep() {
            if (current != null) {
                out.printf("  %.1f s%n", (System.nanoTime() - stepStarted) / 1e9);
                current = null;
            }
        }

        synchronized void finish() {
            finishStep();
            out.flush();
        }
    }
}
