package org.icsmap.engine.ingest;

import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.vault.VaultWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.curated.CuratedColumn;
import org.icsmap.engine.curated.CuratedParquet;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Column;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.Handling;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.engine.hashing.Hash128Set;
import org.icsmap.domain.landing.LandingKey;
import org.icsmap.domain.landing.PeriodRule;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.domain.port.ObjectStore.StoredObject;
import org.icsmap.domain.pseudonymise.AgeBand;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.domain.quarantine.Quarantine;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.domain.vault.Vault;

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

    /** The user metadata on curated data naming the upload it came from (its report is {@link IngestReport#key}). */
    public static final String META_UPLOAD = "icsmap-upload-id";
    static final String META_LANDING_MODIFIED = "icsmap-landing-modified";

    private final IcsConfig config;
    private final Stores stores;
    private final KeyService keys;
    private final PostcodeLookup postcodes;
    private final NationalPracticeList practices;
    private final UnitCosts unitCosts;
    private final Path workDir;
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

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
    }

    /** Ingests the object at {@code landingKey} and returns (and stores) its report. */
    public IngestReport ingest(String landingKey) throws IOException {
        long started = System.nanoTime();
        CountingKeys counting = new CountingKeys(keys);
        LandingKey.Result parsed = LandingKey.parse(landingKey, PeriodRule.of(config, java.time.Clock.systemUTC()));
        if (!parsed.ok()) {
            IngestReport report = rejected(landingKey, null, parsed.problem().reason(), parsed.problem().message(), null, counting, started);
            store(stores.audit(), IngestReport.keyForUnreadableKey(landingKey), report);
            return report;
        }
        LandingKey key = parsed.key();
        String reportKey = IngestReport.key(key.provider(), key.feed().id(), key.period().toString(), key.uploadId());
        if (config.provider(key.provider()).isEmpty()) {
            return storeReport(reportKey, rejected(landingKey, key, ReasonCode.FILE_PROVIDER_UNKNOWN,
                    "provider " + key.provider() + " is not in the ICS config", null, counting, started));
        }
        if (!config.mayReceive(key.provider(), key.feed())) {
            return storeReport(reportKey, rejected(landingKey, key, ReasonCode.FILE_FEED_NOT_AGREED,
                    "no data sharing agreement lets " + key.provider() + " send feed " + key.feed(), null, counting, started));
        }
        StoredObject landing = stores.landing().stat(landingKey).orElseThrow(() -> new ObjectStore.NoSuchObjectException(landingKey));
        long landingModified = landing.lastModified().toEpochMilli();

        Optional<IngestReport> previous = previousReport(reportKey);
        if (previous.isPresent() && previous.get().outcome() != IngestReport.Outcome.REJECTED && previous.get().input() != null
                && previous.get().input().bytes() == landing.size() && previous.get().input().lastModifiedEpochMs() == landingModified) {
            return previous.get().outcome() == IngestReport.Outcome.REPLAY ? previous.get() : asReplay(previous.get());
        }
        String dataKey = CuratedSchema.dataKey(key.feed(), key.provider(), key.period().toString());
        Optional<StoredObject> current = stores.curated().stat(dataKey);
        if (current.isPresent() && isNewer(current.get(), key.uploadId(), landingModified)) {
            return storeReport(reportKey, new IngestReport(IngestReport.FORMAT, landingKey, key.uploadId(), key.provider(), key.feed().id(),
                    key.period().toString(), IngestReport.Outcome.SUPERSEDED, null, new IngestReport.Input(landing.size(), null, null, null,
                    null, landingModified), null, null, null, null, 0, Map.of("total", elapsedMs(started))));
        }
        Files.createDirectories(workDir);
        Path stage = Files.createTempDirectory(workDir, "ingest-");
        try {
            return storeReport(reportKey, run(key, landing, stage, counting, started));
        } finally {
            deleteTree(stage);
        }
    }

    private IngestReport run(LandingKey key, StoredObject landing, Path stage, CountingKeys counting, long started) throws IOException {
        Feed feed = key.feed();
        FeedDefinition definition = feed.definition();
        String period = key.period().toString();
        long loadStarted = System.nanoTime();
        Hash128Set.Lookup optedOut = feed == Feed.OPT_OUT ? new Hash128Set().lookup() : currentOptOuts(stage);
        long optOutMs = elapsedMs(loadStarted);

        Path curatedFile = stage.resolve("data.parquet");
        Path quarantineFile = stage.resolve("quarantine.csv");
        Path vaultFile = stage.resolve("vault");
        RowWriter rows = new RowWriter(definition, key, optedOut, counting);
        DroppedCosts dropped = feed == Feed.OPT_OUT ? null : new DroppedCosts(definition, unitCosts);
        rows.dropped = dropped;
        ExtractSummary summary;
        MessageDigest sha256 = sha256();
        long validateStarted = System.nanoTime();
        try (ObjectStore.WriteBehind curatedWriteBehind = stores.curated().writeBehind(curatedFile);
             ObjectStore.WriteBehind vaultWriteBehind = stores.vault().writeBehind(vaultFile);
             CuratedParquet.Writer curated = CuratedParquet.write(feed, curatedFile);
             Quarantine quarantine = new Quarantine(quarantineFile);
             VaultWriter vault = new VaultWriter(counting, config.code(), key.provider(), vaultFile);
             InputStream in = new DigestInputStream(stores.landing().open(key.key()), sha256)) {
            ExtractValidator validator = new ExtractValidator(definition, key.provider(), key.period(), config, practices);
            summary = validator.validate(in, new ExtractValidator.Sink() {
                @Override
                public void layout(ColumnLayout layout) {
                    if (dropped != null) {
                        dropped.layout(layout);
                    }
                }

                @Override
                public void accept(ExtractRecord record, RowOutcome outcome) throws IOException {
                    rows.accept(record, outcome, quarantine, vault);
                }

                @Override
                public void endOfBatch() throws IOException {
                    rows.writeCurated(curated);
                }
            });
        } catch (ExtractRejectedException e) {
            return rejected(key.key(), key, e.reason(), e.getMessage(), new IngestReport.Input(landing.size(), hex(sha256.digest()), null, null,
                    null, landing.lastModified().toEpochMilli()), counting, started);
        }
        long validateMs = elapsedMs(validateStarted);

        long storeStarted = System.nanoTime();
        Map<String, String> metadata = Map.of(META_UPLOAD, key.uploadId(), META_LANDING_MODIFIED,
                Long.toString(landing.lastModified().toEpochMilli()));
        String vaultKey = Vault.key(key.provider(), feed.id(), period);
        String quarantineKey = Quarantine.key(feed.id(), key.provider(), period);
        String curatedKey = CuratedSchema.dataKey(feed, key.provider(), period);
        boolean hasVault = Files.exists(vaultFile) && Files.size(vaultFile) > 0;
        if (hasVault) {
            stores.vault().moveIn(vaultKey, vaultFile, metadata);
        } else {
            stores.vault().delete(vaultKey);
        }
        if (rows.quarantined > 0) {
            stores.quarantine().moveIn(quarantineKey, quarantineFile, metadata);
        } else {
            stores.quarantine().delete(quarantineKey);
        }
        String curatedSha256 = org.icsmap.domain.audit.ContentHash.sha256(curatedFile); // the refresh checks the partition by it
        stores.curated().moveIn(curatedKey, curatedFile, metadata);
        long storeMs = elapsedMs(storeStarted);

        Map<String, Long> flagged = new TreeMap<>();
        Map<String, Long> quarantinedByReason = new TreeMap<>();
        summary.reasons().forEach((reason, count) -> {
            switch (reason.disposition()) {
                case FLAG -> flagged.put(reason.name(), count);
                case QUARANTINE_ROW -> quarantinedByReason.put(reason.name(), count);
                default -> {
                }
            }
        });
        IngestReport.Rows counts = new IngestReport.Rows(summary.records(), rows.curated, summary.quarantined(), summary.duplicates(),
                rows.optedOutCount);
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
                counts, flagged, quarantinedByReason, dropped == null ? null : dropped.costs(),
                new IngestReport.Outputs(curatedKey, rows.quarantined > 0 ? quarantineKey : null, hasVault ? vaultKey : null, curatedSha256),
                counting.calls, timings);
    }

    /** Turns each validated record into a curated row, a quarantine line, a vault entry or an opt-out count. */
    private final class RowWriter {
        /** Where a curated column's value comes from; decided once per file, not per row. */
        private enum Source { COPY, PERSON_ID, NHS_NUMBER_STATUS, YEAR_OF_BIRTH, AGE_BAND, LSOA, IMD_DECILE, SOURCE_RECORD, UPLOAD_ID }

        private final FeedDefinition definition;
        private final LandingKey key;
        private final Hash128Set.Lookup optedOut;
        private final KeyService keys;
        private final Source[] sources;
        private final int[] copyOf;
        private final int nhsIndex;
        private final int dobIndex;
        private final int postcodeIndex;
        private final int periodDateIndex;
        private final int periodEndYmd;
        private final byte[] personId = new byte[Pseudonymiser.BYTES];
        private final RecentPatients recent = new RecentPatients();
        /** Accepted rows not opted out, waiting for the end of their batch ({@link #writeCurated}), and what each needs then. */
        private AcceptedRow[] keptRows = new AcceptedRow[32];
        private long[] keptLines = new long[32];
        private PostcodeLookup.Area[] keptAreas = new PostcodeLookup.Area[32];
        private boolean[] keptPseudonymised = new boolean[32];
        private byte[] keptHex = new byte[32 * RecentPatients.HEX];
        private int kept;
        private Pseudonymiser pseudonymiser;
        private static final int AREA_SLOTS = 4096;
        private final String[] areaKeys = new String[AREA_SLOTS];
        private final int[] areaIds = filled(AREA_SLOTS, -1);
        private final PostcodeLookup.Area[] areaValues = new PostcodeLookup.Area[AREA_SLOTS];
        /** Costs the rows that do not reach curated; null for the opt-out list. */
        DroppedCosts dropped;
        long curated;
        long quarantined;
        long optedOutCount;

        RowWriter(FeedDefinition definition, LandingKey key, Hash128Set.Lookup optedOut, KeyService keys) {
            this.definition = definition;
            this.key = key;
            this.optedOut = optedOut;
            this.keys = keys;
            List<CuratedColumn> curatedColumns = CuratedSchema.columns(definition.feed());
            this.nhsIndex = definition.indexOf("nhs_number");
            this.dobIndex = definition.indexOf("date_of_birth");
            this.postcodeIndex = definition.indexOf("postcode");
            this.periodDateIndex = definition.periodDateColumn() == null ? -1 : definition.indexOf(definition.periodDateColumn());
            this.periodEndYmd = (key.period().getYear() * 100 + key.period().getMonthValue()) * 100 + key.period().lengthOfMonth();
            // For each curated column, the canonical column it copies, or how it is derived.
            sources = new Source[curatedColumns.size()];
            copyOf = new int[curatedColumns.size()];
            for (int i = 0; i < sources.length; i++) {
                String name = curatedColumns.get(i).name();
                copyOf[i] = -1;
                for (int c = 0; c < definition.columns().size(); c++) {
                    Column column = definition.columns().get(c);
                    if (column.handling() == Handling.KEEP && CuratedSchema.curatedName(column).equals(name)) {
                        copyOf[i] = c;
                    }
                }
                sources[i] = copyOf[i] >= 0 ? Source.COPY : switch (name) {
                    case CuratedSchema.PERSON_ID -> Source.PERSON_ID;
                    case CuratedSchema.NHS_NUMBER_STATUS -> Source.NHS_NUMBER_STATUS;
                    case CuratedSchema.YEAR_OF_BIRTH -> Source.YEAR_OF_BIRTH;
                    case CuratedSchema.AGE_BAND -> Source.AGE_BAND;
                    case CuratedSchema.LSOA -> Source.LSOA;
                    case CuratedSchema.IMD_DECILE -> Source.IMD_DECILE;
                    case CuratedSchema.SOURCE_RECORD -> Source.SOURCE_RECORD;
                    case CuratedSchema.UPLOAD_ID -> Source.UPLOAD_ID;
                    default -> throw new IllegalStateException("no source for curated column " + name);
                };
            }
        }

        void accept(ExtractRecord record, RowOutcome outcome, Quarantine quarantine, VaultWriter vault) throws IOException {
            // instanceof, not a pattern switch (see ExtractValidator.Tally.accept): once per row
            if (outcome instanceof AcceptedRow row) {
                int patient = -1;
                if (row.present(nhsIndex)) {
                    patient = patient(row.chars(nhsIndex), row.start(nhsIndex), row.end(nhsIndex));
                    if (recent.optedOut(patient)) {
                        optedOutCount++;
                        if (dropped != null) {
                            dropped.optedOut(record);
                        }
                        return;
                    }
                }
                keep(record, row, patient);
                curated++;
                if (patient >= 0 && definition.feed() != Feed.OPT_OUT && !recent.vaulted(patient)) {
                    vault.add(recent.high(patient), recent.low(patient), recent.hex(), RecentPatients.hexFrom(patient), row.chars(nhsIndex),
                            row.start(nhsIndex), row.end(nhsIndex));
                    recent.markVaulted(patient);
                }
            } else {
                RejectedRow rejected = (RejectedRow) outcome;
                if (rejected.reason() != ReasonCode.ROW_DUPLICATE) {
                    quarantined++;
                    quarantine.add(record.line(), record.number(), rejected.reason().name(), rejected.failures().stream()
                            .map(f -> (f.column() == null ? "" : f.column() + ":") + f.reason().name()).collect(Collectors.joining(";")), record.raw());
                    if (dropped != null) {
                        dropped.quarantined(record);
                    }
                } else if (dropped != null) {
                    dropped.duplicate(record);
                }
            }
        }

        /**
         * The {@link RecentPatients} slot of the patient with this (standardised) NHS number, worked out (pseudonym,
         * opt-out) unless they were met a few rows ago.
         */
        private int patient(char[] chars, int from, int to) {
            long number = RecentPatients.valueOf(chars, from, to);
            int slot = RecentPatients.slotOf(number);
            if (!recent.holds(slot, number)) {
                pseudonymiser().personId(chars, from, to, personId);
                recent.put(slot, number, personId, optedOut.contains(Pseudonymiser.high(personId), Pseudonymiser.low(personId)));
            }
            return slot;
        }

        private Pseudonymiser pseudonymiser() {
            if (pseudonymiser == null) {
                pseudonymiser = Pseudonymiser.derive(keys);
            }
            return pseudonymiser;
        }

        /**
         * Holds an accepted row for {@link #writeCurated} at the end of its batch, with what it needs from this moment: its
         * pseudonym's text (the patient's {@link RecentPatients} slot may be someone else's by then), its source line, its area.
         */
        private void keep(ExtractRecord record, AcceptedRow row, int patient) {
            if (kept == keptRows.length) {
                int more = kept * 2;
                keptRows = Arrays.copyOf(keptRows, more);
                keptLines = Arrays.copyOf(keptLines, more);
                keptAreas = Arrays.copyOf(keptAreas, more);
                keptPseudonymised = Arrays.copyOf(keptPseudonymised, more);
                keptHex = Arrays.copyOf(keptHex, more * RecentPatients.HEX);
            }
            keptRows[kept] = row;
            keptLines[kept] = record.line();
            keptAreas[kept] = postcodeIndex >= 0 && row.present(postcodeIndex) ? areaOf(row.text(postcodeIndex), row.textId(postcodeIndex)) : null; // the opt-out list has no postcode
            keptPseudonymised[kept] = patient >= 0;
            if (patient >= 0) {
                System.arraycopy(recent.hex(), RecentPatients.hexFrom(patient), keptHex, kept * RecentPatients.HEX, RecentPatients.HEX);
            }
            kept++;
        }

        /**
         * Writes the rows kept since the last call, a column at a time: the choice of each column's source is made once a
         * batch, and the column's writer works through the batch's values in one loop (its buffers and state stay at hand)
         * instead of being visited once a row among two dozen others. No Object[] and no boxed number a row.
         */
        void writeCurated(CuratedParquet.Writer out) throws IOException {
            int n = kept;
            if (n == 0) {
                return;
            }
            AcceptedRow[] rows = keptRows;
            for (int i = 0; i < sources.length; i++) {
                switch (sources[i]) {
                    case COPY -> {
                        int c = copyOf[i];
                        for (int r = 0; r < n; r++) {
                            AcceptedRow row = rows[r];
                            if (!row.present(c)) {
                                out.absent(i);
                            } else {
                                switch (row.shape(c)) {
                                    case TEXT -> out.text(i, row.text(c), row.textId(c));
                                    case SLICE -> out.ascii(i, row.chars(c), row.start(c), row.end(c)); // identifiers: printable ASCII
                                    case DATE, WHOLE_NUMBER, MONEY -> out.number(i, row.number(c));
                                    case DROPPED -> out.absent(i);
                                }
                            }
                        }
                    }
                    case PERSON_ID -> { // written as the ASCII bytes of its hex text
                        int length = RecentPatients.HEX;
                        for (int r = 0; r < n; r++) {
                            if (keptPseudonymised[r]) {
                                out.ascii(i, keptHex, r * length, length);
                            } else {
                                out.absent(i);
                            }
                        }
                    }
                    case NHS_NUMBER_STATUS -> {
                        for (int r = 0; r < n; r++) {
                            AcceptedRow row = rows[r];
                            out.text(i, row.flagged(ReasonCode.NHS_NUMBER_MISSING) ? "missing"
                                    : row.flagged(ReasonCode.NHS_NUMBER_INVALID) ? "invalid" : "valid");
                        }
                    }
                    case YEAR_OF_BIRTH -> {
                        for (int r = 0; r < n; r++) {
                            out.number(i, rows[r].ymd(dobIndex) / 10_000);
                        }
                    }
                    case AGE_BAND -> {
                        for (int r = 0; r < n; r++) {
                            out.text(i, AgeBand.of(AgeBand.ageOn(rows[r].ymd(dobIndex), activityDate(rows[r]))));
                        }
                    }
                    case LSOA -> {
                        for (int r = 0; r < n; r++) {
                            if (keptAreas[r] == null) {
                                out.absent(i);
                            } else {
                                out.text(i, keptAreas[r].lsoa(), keptAreas[r].lsoaId());
                            }
                        }
                    }
                    case IMD_DECILE -> {
                        for (int r = 0; r < n; r++) {
                            if (keptAreas[r] == null) {
                                out.absent(i);
                            } else {
                                out.number(i, keptAreas[r].imdDecile());
                            }
                        }
                    }
                    case SOURCE_RECORD -> {
                        for (int r = 0; r < n; r++) {
                            out.number(i, (int) keptLines[r]);
                        }
                    }
                    case UPLOAD_ID -> {
                        for (int r = 0; r < n; r++) {
                            out.text(i, key.uploadId());
                        }
                    }
                }
            }
            out.endRows(n);
            Arrays.fill(keptRows, 0, n, null);
            Arrays.fill(keptAreas, 0, n, null);
            kept = 0;
        }

        /**
         * The area of a postcode RowValidator normalised, given with its id in the validator's table of postcodes
         * ({@link AcceptedRow#textId}; -1 for none). The areas are cached by that id, direct-mapped: the slot's id and area
         * are read, and not the postcode String, which a million-row file's sets have long pushed out of the cache (as the
         * lookup table's hash map did, comparing the characters of an entry: 3-6 % of ingest's samples). A postcode without
         * an id is cached by its String instance, which the validator hands out once per distinct postcode.
         */
        private PostcodeLookup.Area areaOf(String postcode, int id) {
            int slot = (id >= 0 ? id : postcode.hashCode()) & AREA_SLOTS - 1;
            if (id >= 0 ? areaIds[slot] == id : areaKeys[slot] == postcode) {
                return areaValues[slot];
            }
            PostcodeLookup.Area area = postcodes.areaOfNormalised(postcode);
            areaIds[slot] = id;
            areaKeys[slot] = postcode;
            areaValues[slot] = area;
            return area;
        }

        private static int[] filled(int length, int value) {
            int[] array = new int[length];
            Arrays.fill(array, value);
            return array;
        }

        /** The date the row's age band is taken on, as YYYYMMDD. */
        private int activityDate(AcceptedRow row) {
            return periodDateIndex >= 0 && row.present(periodDateIndex) ? row.ymd(periodDateIndex) : periodEndYmd;
        }
    }

    /** The opt-out list last read, kept while its object is unchanged (a Lambda instance ingests many uploads). */
    private record OptOuts(String key, long size, java.time.Instant modified, Hash128Set.Lookup personIds) {
    }

    private volatile OptOuts optOuts;

    /** The current national data opt-out list: the latest period's opt_out partition, as pseudonyms. */
    private Hash128Set.Lookup currentOptOuts(Path stage) throws IOException {
        List<StoredObject> lists = stores.curated().list("curated/feed=" + Feed.OPT_OUT.id() + "/");
        Optional<StoredObject> latest = lists.stream().filter(o -> o.key().endsWith("/data.parquet"))
                .max(Comparator.comparing(o -> o.key().substring(o.key().indexOf("/period=")) + o.key()));
        if (latest.isEmpty()) {
            return new Hash128Set().lookup();
        }
        OptOuts cached = optOuts;
        StoredObject list = latest.get();
        if (cached != null && cached.key().equals(list.key()) && cached.size() == list.size() && cached.modified().equals(list.lastModified())) {
            return cached.personIds();
        }
        Hash128Set.Lookup personIds = readOptOuts(stage, list).lookup();
        optOuts = new OptOuts(list.key(), list.size(), list.lastModified(), personIds);
        return personIds;
    }

    /** The opted-out pseudonyms as 128-bit set members (their first 32 hex digits): ~18–37 bytes a patient, no String each. */
    private Hash128Set readOptOuts(Path stage, StoredObject latest) throws IOException {
        Path local = stage.resolve("opt_out.parquet");
        try (InputStream in = stores.curated().open(latest.key())) {
            Files.copy(in, local);
        }
        Hash128Set personIds = new Hash128Set();
        CuratedParquet.read(Feed.OPT_OUT, local, row -> {
            Object id = row.get(CuratedSchema.PERSON_ID);
            if (id != null) {
                String hex = id.toString();
                personIds.add(Pseudonymiser.high(hex), Pseudonymiser.low(hex));
            }
        });
        return personIds;
    }

    private static boolean isNewer(StoredObject current, String uploadId, long landingModified) {
        String modified = current.userMetadata().get(META_LANDING_MODIFIED);
        return modified != null && !uploadId.equals(current.userMetadata().get(META_UPLOAD)) && Long.parseLong(modified) > landingModified;
    }

    private Optional<IngestReport> previousReport(String reportKey) throws IOException {
        if (stores.audit().stat(reportKey).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = stores.audit().open(reportKey)) {
            return Optional.of(json.readValue(in, IngestReport.class));
        }
    }

    private IngestReport asReplay(IngestReport previous) {
        return new IngestReport(previous.format(), previous.landingKey(), previous.uploadId(), previous.provider(), previous.feed(),
                previous.period(), IngestReport.Outcome.REPLAY, null, previous.input(), previous.rows(), previous.flagged(),
                previous.quarantinedByReason(), previous.costs(), previous.outputs(), 0, Map.of());
    }

    private IngestReport storeReport(String reportKey, IngestReport report) throws IOException {
        if (report.outcome() != IngestReport.Outcome.REPLAY) {
            store(stores.audit(), reportKey, report);
        }
        return report;
    }

    private void store(ObjectStore store, String key, IngestReport report) throws IOException {
        store.put(key, json.writeValueAsBytes(report), Map.of());
    }

    private IngestReport rejected(String landingKey, LandingKey key, ReasonCode reason, String message, IngestReport.Input input,
                                  CountingKeys counting, long started) {
        return new IngestReport(IngestReport.FORMAT, landingKey, key == null ? null : key.uploadId(), key == null ? null : key.provider(),
                key == null ? null : key.feed().id(), key == null ? null : key.period().toString(), IngestReport.Outcome.REJECTED,
                new IngestReport.Rejection(reason.name(), message), input, null, null, null, null, counting.calls,
                Map.of("total", elapsedMs(started)));
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

    /** Counts key-service calls, so the report (and tests) can show it stays at most two per upload. */
    static final class CountingKeys implements KeyService {
        private final KeyService delegate;
        int calls;

        CountingKeys(KeyService delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] pseudonymisationKey(String label) {
            calls++;
            return delegate.pseudonymisationKey(label);
        }

        @Override
        public DataKey generateDataKey(Map<String, String> encryptionContext) {
            calls++;
            return delegate.generateDataKey(encryptionContext);
        }

        @Override
        public byte[] decryptDataKey(byte[] encryptedKey, Map<String, String> encryptionContext) {
            calls++;
            return delegate.decryptDataKey(encryptedKey, encryptionContext);
        }
    }
}
