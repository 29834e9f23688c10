package org.icsmap.sql.refresh;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.icsmap.domain.audit.ContentHash;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.domain.port.ObjectStore;

/**
 * Before a refresh reads the curated zone: every object there is the one ingest wrote for its partition. Each is
 * checked against the report of the upload it claims to come from (its {@link CuratedSchema#META_UPLOAD} metadata): the report
 * exists, names this partition and this object, and records the SHA-256 its content has now. A month's file copied over
 * another's, or an {@code op} file put into an {@code apc} partition, would otherwise be published as good, and would
 * even reconcile: the marts sum what they read.
 *
 * <p>Reports written before ingest recorded the hash are checked on the rest. Only partitions and upload ids are named,
 * never a value from the data.
 */
public final class CuratedVerification {

    private static final String PREFIX = "curated/";
    private static final Pattern DATA_KEY = Pattern.compile("curated/(feed=([^/]+)/provider=([^/]+)/period=([^/]+))/data\\.parquet");
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ObjectStore curated;
    private final ObjectStore audit;

    /**
     * @param curated the store holding the {@code curated/} zone
     * @param audit   the store holding the ingest reports ({@code audit/ingest/})
     */
    public CuratedVerification(ObjectStore curated, ObjectStore audit) {
        this.curated = Objects.requireNonNull(curated, "curated");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** A curated object that is not what ingest wrote: the refresh must not publish from it. */
    public static final class CuratedMismatchException extends RuntimeException {
        public CuratedMismatchException(String message) {
            super(message);
        }
    }

    /** Checks every curated object; throws naming each partition that fails, with why. */
    public void verify() throws IOException {
        List<String> problems = new ArrayList<>();
        for (ObjectStore.StoredObject object : curated.list(PREFIX)) {
            problem(object).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new CuratedMismatchException("the curated zone does not hold what ingest wrote, so nothing is published: "
                    + String.join("; ", problems) + ". Ingest the partition's extract again (or restore its file).");
        }
    }

    private Optional<String> problem(ObjectStore.StoredObject object) throws IOException {
        Matcher key = DATA_KEY.matcher(object.key());
        if (!key.matches()) {
            return Optional.of("an object ingest does not write is in the curated zone (" + object.key() + ")");
        }
        String partition = key.group(1);
        String uploadId = object.userMetadata().get(CuratedSchema.META_UPLOAD);
        if (uploadId == null || !uploadId.matches("[A-Za-z0-9_-]{1,128}")) {
            return Optional.of("curated partition " + partition + " names no upload");
        }
        String reportKey = IngestReport.key(key.group(3), key.group(2), key.group(4), uploadId);
        if (audit.stat(reportKey).isEmpty()) {
            return Optional.of("curated partition " + partition + " names upload " + uploadId + ", which has no ingest report for it");
        }
        IngestReport report;
        try (InputStream in = audit.open(reportKey)) {
            report = JSON.readValue(in, IngestReport.class);
        }
        if (report.outputs() == null || !object.key().equals(report.outputs().curated()) || !key.group(2).equals(report.feed())
                || !key.group(3).equals(report.provider()) || !key.group(4).equals(report.period())) {
            return Optional.of("curated partition " + partition + " holds upload " + uploadId + ", whose ingest report wrote no curated data there");
        }
        String expected = report.outputs().curatedSha256();
        if (expected != null) {
            String actual;
            try (InputStream in = curated.open(object.key())) {
                actual = ContentHash.sha256(in);
            }
            if (!expected.equals(actual)) {
                return Optional.of("curated partition " + partition + " differs from the file upload " + uploadId + " wrote there (SHA-256)");
            }
        }
        return Optional.empty();
    }
}
