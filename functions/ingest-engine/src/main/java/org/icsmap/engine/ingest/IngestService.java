package org.icsmap.engine.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Clock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.icsmap.domain.audit.ContentHash;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Disposition;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.domain.landing.LandingKey;
import org.icsmap.domain.landing.PeriodRule;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.domain.port.ObjectStore.StoredObject;
import org.icsmap.domain.quarantine.Quarantine;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.domain.vault.Vault;
import org.icsmap.engine.vault.VaultWriter;

/**
 * Ingests one provider upload from {@code landing/}: every row ends curated (pseudonymised Parquet),
 * quarantined with a reason, dropped as an exact duplicate, or counted as opted out — and the report
 * says how many of each. Streaming throughout; outputs are staged in a work directory and stored only
 * when the whole file has been read, so a file rejected late leaves nothing half-written.
 *
 * <p>A partition ({@code feed, provider, period}) has one object per zone — curated data, quarantine,
 * vault — each replaced by a single PUT, which is atomic per object; the report goes last and marks the
 * upload done. See docs/ingest.md.
 */
public final class IngestService {

    static final String META_LANDING_MODIFIED = "icsmap-landing-modified";

    private final IcsConfig config;
    private final Stores stores;
    private final KeyService keys;
    private final PostcodeLookup postcodes;
    private final NationalPracticeList practices;
    private final UnitCosts unitCosts;
    private final Path workDir;
    private final OptOutLists optOutLists;
    private final IngestReports reports;

    /** The zones ingest touches. Locally they may all be one store; on AWS each is its own bucket. */
    public record Stores(ObjectStore landing, ObjectStore curated, ObjectStore quarantine, ObjectStore vault, ObjectStore audit) {
        public static Stores allIn(ObjectStore store) {
            return new Stores(store, store, store, store, store);
        }
    }

    /** With the shipped reference unit costs ({@link UnitCosts#shipped()}), which price the dropped rows in the report. */
    public IngestService(IcsConfig config, Stores stores, KeyService keys, PostcodeLookup postcodes, NationalPracticeList practices,
                         Path workDir) {
        this(config, stores, keys, postcodes, practices, UnitCosts.shipped(), workDir);
    }

    public IngestService(IcsConfig config, Stores stores, KeyService keys, PostcodeLookup postcodes, NationalPracticeList practices,
                         UnitCosts unitCosts, Path workDir) {
        this.config = config;
        this.stores = stores;
        this.keys = keys;
        this.postcodes = postcodes;
        this.practices = practices;
        this.unitCosts = unitCosts;
        this.workDir = workDir;
        this.optOutLists = new OptOutLists(stores.curated());
        this.reports = new IngestReports(stores.audit());
    }

    /** Ingests the object at {@code landingKey} and returns (and stores) its report. */
    public IngestReport ingest(String landingKey) throws IOException {
        long started = System.nanoTime();
        CountingKeys counting = new CountingKeys(keys);
        LandingKey.Result parsed = LandingKey.parse(landingKey, PeriodRule.of(config, Clock.systemUTC()));
        if (!parsed.ok()) {
            return reports.store(IngestReport.keyForUnreadableKey(landingKey),
                    rejected(landingKey, null, parsed.problem().reason(), parsed.problem().message(), null, counting, started));
        }
        LandingKey key = parsed.key();
        String reportKey = IngestReport.key(key.provider(), key.feed().id(), key.period().toString(), key.uploadId());
        if (config.provider(key.provider()).isEmpty()) {
            return reports.store(reportKey, rejected(landingKey, key, ReasonCode.FILE_PROVIDER_UNKNOWN,
                    "provider " + key.provider() + " is not in the ICS config", null, counting, started));
        }
        if (!config.mayReceive(key.provider(), key.feed())) {
            return reports.store(reportKey, rejected(landingKey, key, ReasonCode.FILE_FEED_NOT_AGREED,
                    "no data sharing agreement lets " + key.provider() + " send feed " + key.feed(), null, counting, started));
        }
        StoredObject landing = stores.landing().stat(landingKey).orElseThrow(() -> new ObjectStore.NoSuchObjectException(landingKey));
        long landingModified = landing.lastModified().toEpochMilli();

        Optional<IngestReport> previous = reports.previous(reportKey);
        if (previous.isPresent() && previous.get().outcome() != IngestReport.Outcome.REJECTED && previous.get().input() != null
                && previous.get().input().bytes() == landing.size() && previous.get().input().lastModifiedEpochMs() == landingModified) {
            return previous.get().outcome() == IngestReport.Outcome.REPLAY ? previous.get() : IngestReports.asReplay(previous.get());
        }
        String dataKey = CuratedSchema.dataKey(key.feed(), key.provider(), key.period().toString());
        Optional<StoredObject> current = stores.curated().stat(dataKey);
        if (current.isPresent() && isNewer(current.get(), key.uploadId(), landingModified)) {
            return reports.store(reportKey, new IngestReport(IngestReport.FORMAT, landingKey, key.uploadId(), key.provider(), key.feed().id(),
                    key.period().toString(), IngestReport.Outcome.SUPERSEDED, null, new IngestReport.Input(landing.size(), null, null, null,
                    null, landingModified), null, null, null, null, 0, Map.of("total", elapsedMs(started))));
        }
        Files.createDirectories(workDir);
        Path stage = Files.createTempDirectory(workDir, "ingest-");
        try {
            return reports.store(reportKey, run(key, landing, stage, counting, started));
        } finally {
            deleteTree(stage);
        }
    }

    private IngestReport run(LandingKey key, StoredObject landing, Path stage, CountingKeys counting, long started) throws IOException {
        Feed feed = key.feed();
        FeedDefinition definition = feed.definition();
        String period = key.period().toString();
        long loadStarted = System.nanoTime();
        OptOutFilter optOuts = feed == Feed.OPT_OUT ? OptOutFilter.nobody() : optOutLists.current(stage);
        long optOutMs = elapsedMs(loadStarted);

        Path curatedFile = stage.resolve("data.parquet");
        Path quarantineFile = stage.resolve("quarantine.csv");
        Path vaultFile = stage.resolve("vault");
        DroppedCosts costs = feed == Feed.OPT_OUT ? null : new DroppedCosts(definition, unitCosts);
        MessageDigest sha256 = sha256();
        ExtractSummary summary;
        Stages stages;
        long validateStarted = System.nanoTime();
        try (CuratedWriter curated = new CuratedWriter(definition, key.uploadId(), new Generaliser(definition, key.period(), postcodes), curatedFile);
             RejectedRows rejected = new RejectedRows(quarantineFile, costs);
             VaultWriter vault = feed == Feed.OPT_OUT ? null : new VaultWriter(counting, config.code(), key.provider(), vaultFile);
             InputStream in = new DigestInputStream(stores.landing().open(key.key()), sha256)) {
            stages = new Stages(definition, new PersonIds(counting), optOuts, vault, curated, rejected, costs);
            summary = new ExtractValidator(definition, key.provider(), key.period(), config, practices).validate(in, stages);
        } catch (ExtractRejectedException e) {
            return rejected(key.key(), key, e.reason(), e.getMessage(), new IngestReport.Input(landing.size(), hex(sha256.digest()), null, null,
                    null, landing.lastModified().toEpochMilli()), counting, started);
        }
        long validateMs = elapsedMs(validateStarted);

        long storeStarted = System.nanoTime();
        Map<String, String> metadata = Map.of(CuratedSchema.META_UPLOAD, key.uploadId(), META_LANDING_MODIFIED,
                Long.toString(landing.lastModified().toEpochMilli()));
        String vaultKey = Vault.key(key.provider(), feed.id(), period);
        String quarantineKey = Quarantine.key(feed.id(), key.provider(), period);
        String curatedKey = CuratedSchema.dataKey(feed, key.provider(), period);
        boolean hasVault = Files.exists(vaultFile) && Files.size(vaultFile) > 0;
        boolean hasQuarantine = stages.quarantined() > 0;
        if (hasVault) {
            stores.vault().moveIn(vaultKey, vaultFile, metadata);
        } else {
            stores.vault().delete(vaultKey);
        }
        if (hasQuarantine) {
            stores.quarantine().moveIn(quarantineKey, quarantineFile, metadata);
        } else {
            stores.quarantine().delete(quarantineKey);
        }
        String curatedSha256 = ContentHash.sha256(curatedFile); // the refresh checks the partition against it
        stores.curated().moveIn(curatedKey, curatedFile, metadata);
        long storeMs = elapsedMs(storeStarted);

        IngestReport.Rows counts = new IngestReport.Rows(summary.records(), stages.curated(), summary.quarantined(), summary.duplicates(),
                stages.optedOut());
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("opt_out_load", optOutMs);
        timings.put("validate_and_write", validateMs);
        timings.put("store", storeMs);
        timings.put("total", elapsedMs(started));
        ExtractHeader header = summary.header();
        return new IngestReport(IngestReport.FORMAT, key.key(), key.uploadId(), key.provider(), feed.id(), period,
                IngestReport.Outcome.ACCEPTED, null,
                new IngestReport.Input(landing.size(), hex(sha256.digest()), header.gzip(), header.byteOrderMark(),
                        String.valueOf(header.separator()), landing.lastModified().toEpochMilli()),
                counts, IngestReports.byDisposition(summary, Disposition.FLAG), IngestReports.byDisposition(summary, Disposition.QUARANTINE_ROW), costs == null ? null : costs.costs(),
                new IngestReport.Outputs(curatedKey, hasQuarantine ? quarantineKey : null, hasVault ? vaultKey : null, curatedSha256),
                counting.calls, timings);
    }

    /**
     * What happens to each validated row, in order: an accepted row's patient is pseudonymised, the row dropped if they
     * have opted out, their NHS number kept in the vault, and the row generalised and written to curated; a rejected row
     * is quarantined or, as an exact duplicate, dropped.
     */
    private static final class Stages implements ExtractValidator.Sink {
        private final int nhsNumber;
        private final PersonIds personIds;
        private final OptOutFilter optOuts;
        private final VaultWriter vault;
        private final CuratedWriter curated;
        private final RejectedRows rejected;
        private final DroppedCosts costs;
        private long optedOut;

        Stages(FeedDefinition definition, PersonIds personIds, OptOutFilter optOuts, VaultWriter vault, CuratedWriter curated,
               RejectedRows rejected, DroppedCosts costs) {
            this.nhsNumber = definition.indexOf("nhs_number");
            this.personIds = personIds;
            this.optOuts = optOuts;
            this.vault = vault;
            this.curated = curated;
            this.rejected = rejected;
            this.costs = costs;
        }

        @Override
        public void layout(ColumnLayout layout) {
            if (costs != null) {
                costs.layout(layout);
            }
        }

        @Override
        public void accept(ExtractRecord record, RowOutcome outcome) throws IOException {
            if (!(outcome instanceof AcceptedRow row)) {
                rejected.add(record, (RejectedRow) outcome);
                return;
            }
            PersonIds.Pseudonym patient = personIds.of(row, nhsNumber);
            if (patient != null && optOuts.excludes(patient)) {
                optedOut++;
                if (costs != null) {
                    costs.optedOut(record);
                }
                return;
            }
            if (patient != null && vault != null) {
                vault.add(patient.high, patient.low, patient.hex, 0, row.chars(nhsNumber), row.start(nhsNumber), row.end(nhsNumber));
            }
            curated.add(row, record.line(), patient);
        }

        @Override
        public void endOfBatch() throws IOException {
            curated.endOfBatch();
        }

        long curated() {
            return curated.rows();
        }

        long quarantined() {
            return rejected.quarantined();
        }

        long optedOut() {
            return optedOut;
        }
    }

    private static boolean isNewer(StoredObject current, String uploadId, long landingModified) {
        String modified = current.userMetadata().get(META_LANDING_MODIFIED);
        return modified != null && !uploadId.equals(current.userMetadata().get(CuratedSchema.META_UPLOAD)) && Long.parseLong(modified) > landingModified;
    }

    private IngestReport rejected(String landingKey, LandingKey key, ReasonCode reason, String message, IngestReport.Input input,
                                  CountingKeys counting, long started) {
        return IngestReports.rejected(landingKey, key, reason, message, input, counting.calls, elapsedMs(started));
    }

    private static long elapsedMs(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
