package org.icsmap.sql.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.icsmap.domain.access.MartsLayout;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.RecipientRole;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import org.icsmap.sql.FeedSql;

/**
 * Each organisation's own outputs (DESIGN.md, "Per organisation"): its own patients across every setting and,
 * for an organisation that sends GP data, each of those practices' top N patients. One CTAS per organisation
 * and output, written under {@link MartsLayout#organisationPrefix} so that storage, not view text, decides who
 * reads them (the CDK stack's IAM policies come from the same layout).
 *
 * <pre>
 * marts/org=&lt;ODS&gt;/snapshot=&lt;id&gt;/patients/         org_&lt;ods&gt;_patients_&lt;id&gt;         organisation/patients.sql
 * marts/org=&lt;ODS&gt;/snapshot=&lt;id&gt;/practice_top_n/   org_&lt;ods&gt;_practice_top_n_&lt;id&gt;   organisation/practice_top_n.sql
 * </pre>
 *
 * An organisation is a provider in the ICS config that an agreement lets see its own patients (recipient
 * {@code own_organisation}) for at least one activity feed it sends; its patients are the linked persons it
 * sent activity for.
 */
public final class OrganisationOutputs {

    /** One kind of output: its name in keys, tables and views, and the SQL file that builds it. */
    public enum Output {
        PATIENTS("patients"),
        PRACTICE_TOP_N("practice_top_n");

        private final String id;

        Output(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public String sqlFile() {
            return "organisation/" + id + ".sql";
        }
    }

    /** One organisation's output: who it belongs to and what it is. */
    public record Entry(String ods, Output output) {
        public Entry {
            Objects.requireNonNull(ods, "ods");
            Objects.requireNonNull(output, "output");
        }

        /** The stable view analysts query: {@code org_<ods>_<output>}. */
        public String view() {
            return "org_" + tablePart(ods) + "_" + output.id();
        }

        /** The snapshot's table: {@code org_<ods>_<output>_<snapshot>}. */
        public String table(String snapshotId) {
            return view() + "_" + new SqlValue.Identifier(snapshotId).name();
        }

        /** Where the snapshot's table lives: {@code marts/org=<ODS>/snapshot=<id>/<output>/}. */
        public String key(String snapshotId) {
            return MartsLayout.organisationPrefix(ods, snapshotId) + output.id() + "/";
        }
    }

    private final String bucket;
    private final int topN;
    private final List<Entry> entries;

    public OrganisationOutputs(IcsConfig config, String bucket) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        if (config.topN() < 1) {
            throw new IllegalArgumentException("top_n must be at least 1, not " + config.topN());
        }
        this.topN = config.topN();
        List<Entry> all = new ArrayList<>();
        for (IcsConfig.Provider provider : config.providers()) {
            if (seesOwnPatients(config, provider)) {
                all.add(new Entry(provider.ods(), Output.PATIENTS));
                if (provider.feeds().contains(Feed.GP) && config.mayReceive(provider.ods(), Feed.GP)) {
                    all.add(new Entry(provider.ods(), Output.PRACTICE_TOP_N));
                }
            }
        }
        this.entries = List.copyOf(all);
    }

    /** Every organisation's outputs, in config order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The organisations (ODS codes) that get outputs, in config order. */
    public List<String> organisations() {
        return entries.stream().map(Entry::ods).distinct().toList();
    }

    /** The CTAS that writes one output for a snapshot. */
    public SqlScript script(Entry entry, String snapshotId) {
        SqlScript script = FeedSql.load(entry.output().sqlFile())
                .with("snapshot_id", SqlValue.identifier(snapshotId))
                .with("org", SqlValue.identifier(tablePart(entry.ods())))
                .with("ods", SqlValue.text(entry.ods()))
                .with("location", SqlValue.location(bucket, entry.key(snapshotId)));
        return entry.output() == Output.PRACTICE_TOP_N
                ? script.with("top_n", SqlValue.number(topN)).with("gp_feed", SqlValue.text(Feed.GP.id()))
                : script;
    }

    /** Points the stable view of one output at a snapshot. */
    public SqlScript publish(Entry entry, String snapshotId) {
        return SqlScript.of("generated: publish view " + entry.view(),
                "CREATE OR REPLACE VIEW " + entry.view() + " AS SELECT * FROM " + entry.table(snapshotId));
    }

    private static boolean seesOwnPatients(IcsConfig config, IcsConfig.Provider provider) {
        return config.agreements().stream()
                .filter(a -> a.recipients().contains(RecipientRole.OWN_ORGANISATION))
                .anyMatch(a -> provider.feeds().stream().filter(f -> f.definition().isActivity()).anyMatch(f -> a.covers(provider.ods(), f)));
    }

    private static String tablePart(String ods) {
        return new SqlValue.Identifier(ods.toLowerCase(Locale.ROOT)).name();
    }
}
