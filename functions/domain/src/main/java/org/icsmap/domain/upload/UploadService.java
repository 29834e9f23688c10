package org.icsmap.domain.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.icsmap.domain.access.Caller;
import org.icsmap.domain.audit.TimeOrderedIds;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.landing.LandingKey;
import org.icsmap.domain.landing.PeriodRule;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.domain.port.UploadSigner;
import org.icsmap.domain.port.UploadSigner.SignedUpload;
import org.icsmap.domain.upload.UploadRefusedException.Reason;

/**
 * The front door for provider extracts: checks what a provider declares against the ICS's agreements and
 * limits, and signs a URL that lets it put exactly that file into its own landing prefix, where ingest takes
 * it. The provider comes from the caller's identity only. Every grant is recorded, create-only, under
 * {@code audit/uploads/provider=<ODS>/<upload-id>.json} before the URL is handed out.
 *
 * <p>Files above 5 GiB are refused rather than split into a multipart upload: one PUT carries at most 5 GiB
 * (S3's limit), and the ingest function holds a file's duplicate table and vault set in memory (see
 * {@code functions/ingest/README.md}: about 25 million rows in 2 GB of Lambda memory), so an extract that big
 * could not be ingested in one piece anyway. Such a provider sends one file per period instead.
 */
public final class UploadService {

    /** S3's limit for a single PUT, and so for one pre-signed URL. */
    public static final long SINGLE_PUT_LIMIT_BYTES = 5L * 1024 * 1024 * 1024;
    /** How long a URL works: long enough to send a couple of GB on a slow NHS link, short enough to be useless if leaked. */
    public static final Duration MAX_VALIDITY = Duration.ofMinutes(15);
    public static final String AUDIT_PREFIX = "audit/uploads/";
    public static final String AUDIT_FORMAT = "icsmap-upload-grant/1";

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IcsConfig config;
    private final UploadSigner signer;
    private final ObjectStore audit;
    private final Clock clock;
    private final PeriodRule periods;
    private final long maxUploadBytes;
    private final Duration validFor;
    private final TimeOrderedIds ids;

    /**
     * @param audit          the store holding the {@code audit/} zone
     * @param maxUploadBytes the largest file accepted; at most {@link #SINGLE_PUT_LIMIT_BYTES}
     * @param validFor       how long a URL works; at most {@link #MAX_VALIDITY}
     */
    public UploadService(IcsConfig config, UploadSigner signer, ObjectStore audit, Clock clock, long maxUploadBytes, Duration validFor) {
        if (maxUploadBytes <= 0 || maxUploadBytes > SINGLE_PUT_LIMIT_BYTES) {
            throw new IllegalArgumentException("the upload limit must be between 1 byte and 5 GiB (" + SINGLE_PUT_LIMIT_BYTES
                    + " bytes, the most one PUT carries); got " + maxUploadBytes);
        }
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("an upload URL must be valid for more than 0 and at most 15 minutes; got " + validFor);
        }
        this.config = Objects.requireNonNull(config);
        this.signer = Objects.requireNonNull(signer);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
        this.periods = PeriodRule.of(config, clock);
        this.maxUploadBytes = maxUploadBytes;
        this.validFor = validFor;
        this.ids = new TimeOrderedIds(clock);
    }

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** Checks the request and signs its URL, or throws {@link UploadRefusedException} saying what is wrong. */
    public UploadGrant grant(Caller caller, UploadRequest request) throws IOException {
        String provider = provider(caller, request);
        requireFields(request);
        Feed feed = feed(provider, request.feed());
        YearMonth period = period(request.period());
        boolean gzipped = gzipped(request.filename());
        long size = size(request.sizeBytes());
        byte[] sha256 = sha256(request.sha256());

        String uploadId = ids.next();
        LandingKey key = new LandingKey(provider, feed, period, uploadId, gzipped);
        String sha256Base64 = Base64.getEncoder().encodeToString(sha256);
        String sha256Hex = HexFormat.of().formatHex(sha256);
        SignedUpload signed = signer.sign(key.key(), size, sha256Base64, validFor);
        record(caller, key, request.filename(), size, sha256Hex, signed.expires());
        return new UploadGrant(uploadId, key.key(), size, sha256Hex, signed);
    }

    private String provider(Caller caller, UploadRequest request) {
        String ods = caller.organisation().orElseThrow(() -> new UploadRefusedException(Reason.UNKNOWN_CALLER,
                "your identity is not one of this ICS's provider upload roles"));
        if (config.provider(ods).isEmpty()) {
            throw new UploadRefusedException(Reason.NOT_A_PROVIDER, "organisation " + ods + " is not a provider in ICS " + config.code());
        }
        if (request.provider() != null && !request.provider().equals(ods)) {
            throw new UploadRefusedException(Reason.OTHER_PROVIDER, "you upload as " + ods + " (from your identity); a request cannot name "
                    + "another provider, so there is no URL for provider '" + request.provider() + "'");
        }
        return ods;
    }

    private static void requireFields(UploadRequest request) {
        List<String> missing = new ArrayList<>();
        if (blank(request.feed())) {
            missing.add("feed");
        }
        if (blank(request.period())) {
            missing.add("period");
        }
        if (blank(request.filename())) {
            missing.add("filename");
        }
        if (request.sizeBytes() == null) {
            missing.add("size_bytes");
        }
        if (blank(request.sha256())) {
            missing.add("sha256");
        }
        if (!missing.isEmpty()) {
            throw new UploadRefusedException(Reason.MISSING_FIELD, "missing: " + String.join(", ", missing));
        }
    }

    private Feed feed(String provider, String id) {
        Feed feed = Feed.fromId(id).orElseThrow(() -> new UploadRefusedException(Reason.FEED_UNKNOWN,
                "feed '" + id + "' is not a feed; allowed: " + Feed.allowedIds()));
        if (!config.mayReceive(provider, feed)) {
            List<String> agreed = config.provider(provider).orElseThrow().feeds().stream()
                    .filter(f -> config.mayReceive(provider, f)).map(Feed::id).sorted().toList();
            throw new UploadRefusedException(Reason.FEED_NOT_AGREED, "no data sharing agreement of ICS " + config.code() + " lets " + provider
                    + " send feed " + feed.id() + "; it may send: " + (agreed.isEmpty() ? "nothing" : String.join(", ", agreed)));
        }
        return feed;
    }

    /**
     * A real month, not in the future (a file cannot cover a month that has not begun) and not older than the
     * curated zone keeps data (it would be deleted on arrival).
     */
    private YearMonth period(String text) {
        // The uploader's own value may be repeated back to them; the rule's messages never do.
        return switch (periods.check(text)) {
            case PeriodRule.Accepted accepted -> accepted.period();
            case PeriodRule.Malformed malformed -> throw new UploadRefusedException(Reason.PERIOD_MALFORMED, "period '" + text + "': "
                    + malformed.message());
            case PeriodRule.OutOfRange outOfRange -> throw new UploadRefusedException(Reason.PERIOD_OUT_OF_RANGE, "period " + text + ": "
                    + outOfRange.message());
        };
    }

    private static boolean gzipped(String filename) {
        if (filename.length() > 255 || filename.contains("/") || filename.contains("\\") || filename.chars().anyMatch(Character::isISOControl)) {
            throw new UploadRefusedException(Reason.FILENAME_INVALID,
                    "filename must be a plain file name of at most 255 characters, without '/', '\\' or control characters");
        }
        String lower = filename.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv.gz")) {
            return true;
        }
        if (lower.endsWith(".csv")) {
            return false;
        }
        throw new UploadRefusedException(Reason.FILENAME_INVALID, "filename must end in .csv or .csv.gz (gzip-compressed CSV); "
                + "extracts are CSV with a header, see docs/feeds.md");
    }

    private long size(long size) {
        if (size <= 0) {
            throw new UploadRefusedException(Reason.SIZE_INVALID, "size_bytes must be the file's size, a positive number of bytes; got " + size);
        }
        if (size > SINGLE_PUT_LIMIT_BYTES) {
            throw new UploadRefusedException(Reason.SIZE_ABOVE_LIMIT, "size_bytes " + size + " is above 5 GiB (" + SINGLE_PUT_LIMIT_BYTES
                    + " bytes), the most one upload can carry: send one file per period, or gzip the file (.csv.gz)");
        }
        if (size > maxUploadBytes) {
            throw new UploadRefusedException(Reason.SIZE_ABOVE_LIMIT, "size_bytes " + size + " is above this ICS's upload limit of "
                    + maxUploadBytes + " bytes: split the extract, or gzip it (.csv.gz)");
        }
        return size;
    }

    private static byte[] sha256(String text) {
        if (HEX_SHA256.matcher(text).matches()) {
            return HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT));
        }
        Optional<byte[]> decoded;
        try {
            decoded = Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            decoded = Optional.empty();
        }
        return decoded.filter(bytes -> bytes.length == 32).orElseThrow(() -> new UploadRefusedException(Reason.CHECKSUM_INVALID,
                "sha256 must be the file's SHA-256: 64 hex digits (as sha256sum prints it) or the base64 of its 32 bytes"));
    }

    private void record(Caller caller, LandingKey key, String filename, long size, String sha256Hex, Instant expires) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", AUDIT_FORMAT);
        record.put("time", clock.instant().toString());
        record.put("principal", caller.principal());
        record.put("provider", key.provider());
        record.put("feed", key.feed().id());
        record.put("period", key.period().toString());
        record.put("upload_id", key.uploadId());
        record.put("key", key.key());
        record.put("filename", filename);
        record.put("size_bytes", size);
        record.put("sha256", sha256Hex);
        record.put("expires", expires.toString());
        String auditKey = AUDIT_PREFIX + "provider=" + key.provider() + "/" + key.uploadId() + ".json";
        if (!audit.putIfAbsent(auditKey, JSON.writeValueAsBytes(record), Map.of("provider", key.provider()))) {
            throw new IllegalStateException("an upload grant record already exists at " + auditKey + ": upload ids must never repeat");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
