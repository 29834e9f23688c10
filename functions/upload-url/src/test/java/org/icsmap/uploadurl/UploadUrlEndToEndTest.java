package org.icsmap.uploadurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icsmap.aws.apigateway.ApiGatewayResponse;
import org.icsmap.aws.s3.S3MockServer;
import org.icsmap.aws.s3.S3ObjectStore;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.GroundTruth;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The upload door end to end with real HTTP: the handler (wired as in Lambda by {@link UploadUrlFactory}) gets an
 * API Gateway event, its pre-signed URL is used with {@code java.net.http} through {@link SigV4VerifyingProxy}
 * (signature and expiry, as S3 checks them) to S3Mock (checksum and SSE-KMS key), and ingest then processes the
 * object where it landed.
 */
class UploadUrlEndToEndTest {

    static final String LANDING_BUCKET = "icsmap-qj2-landing";
    static final String ZONES_BUCKET = "icsmap-qj2-zones";
    static final String RFS_UPLOADER = "arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RFS-uploader/rfs-data-team";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static S3MockServer s3mock;
    static S3Client s3;
    static SigV4VerifyingProxy proxy;
    static S3Presigner presigner;
    static UploadUrlHandler handler;
    static IcsConfig config;
    static Path extracts;
    static final Map<String, Long> rowsByFile = new HashMap<>();
    static final List<String> logLines = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        config = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
        Path generated = dir.resolve("generated");
        new SyntheticIcsGenerator(config).generate(GeneratorSettings.of(600, 11), generated);
        new GroundTruth(generated).forEachRow(row -> rowsByFile.merge(row.file(), 1L, Long::sum));
        extracts = generated.resolve("extracts");

        s3mock = new S3MockServer(dir.resolve("s3mock"), LANDING_BUCKET, ZONES_BUCKET);
        s3 = s3mock.client();
        proxy = new SigV4VerifyingProxy(s3mock.endpoint(), "test", "test");
        presigner = S3Presigner.builder()
                .endpointOverride(proxy.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
        handler = handler(Map.of());
    }

    static UploadUrlHandler handler(Map<String, String> extraEnvironment) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "ICSMAP_LANDING_BUCKET", LANDING_BUCKET,
                "ICSMAP_BUCKET", ZONES_BUCKET,
                "ICSMAP_SSE_KMS_KEY_ID", S3MockServer.KMS_KEY_ID,
                "ICSMAP_ORGANISATION_ROLES", "{\"icsmap-qj2-RFS-uploader\":\"RFS\",\"icsmap-qj2-RTG-uploader\":\"RTG\"}",
                "ICSMAP_CONFIG", "../../config/example-ics.yaml",
                "AWS_REGION", "us-east-1"));
        environment.putAll(extraEnvironment);
        return new UploadUrlHandler(UploadUrlFactory.collaborators(UploadUrlEnvironment.from(environment), s3, presigner, Clock.systemUTC(),
                new UploadUrlLog(logLines::add, Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {handler, presigner, proxy, s3, s3mock}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing emulators: nothing to do
            }
        }
    }

    @AfterEach
    void realTime() {
        proxy.advanceClock(Duration.ZERO);
    }

    @Test
    void aGrantedUrlTakesTheDeclaredFileIntoTheProvidersPrefixAndIngestProcessesIt() throws Exception {
        Path extract = extracts.resolve("RFS/apc_2024-05.csv");
        JsonNode grant = grant(RFS_UPLOADER, "apc", "2024-05", "RFS apc May.csv", extract);
        String key = grant.path("key").asText();
        assertThat(key).matches("landing/provider=RFS/feed=apc/period=2024-05/[0-9a-f-]{36}\\.csv");
        assertThat(Duration.between(Instant.now(), Instant.parse(grant.path("expires").asText()))).isLessThanOrEqualTo(Duration.ofMinutes(15));
        assertThat(grant.path("headers").has("x-amz-checksum-sha256")).isTrue();
        assertThat(grant.path("headers").path("x-amz-server-side-encryption").asText()).isEqualTo("aws:kms");
        assertThat(grant.path("headers").path("x-amz-server-side-encryption-aws-kms-key-id").asText()).isEqualTo(S3MockServer.KMS_KEY_ID);

        HttpResponse<String> put = put(grant, Files.readAllBytes(extract), grant.path("url").asText(), Map.of());

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HeadObjectResponse head = s3.headObject(r -> r.bucket(LANDING_BUCKET).key(key).checksumMode(ChecksumMode.ENABLED));
        assertThat(head.contentLength()).isEqualTo(Files.size(extract));
        assertThat(head.checksumSHA256()).isEqualTo(base64Sha256(Files.readAllBytes(extract)));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);

        IngestReport report = ingest(key);
        assertThat(report.outcome()).isEqualTo(IngestReport.Outcome.ACCEPTED);
        assertThat(report.provider()).isEqualTo("RFS");
        assertThat(report.rows().in()).isEqualTo(rowsByFile.get("RFS/apc_2024-05.csv")).isPositive();
        assertThat(report.rows().in()).isEqualTo(report.rows().curated() + report.rows().quarantined() + report.rows().duplicates()
                + report.rows().optedOut());
        assertThat(s3.headObject(r -> r.bucket(ZONES_BUCKET).key("curated/feed=apc/provider=RFS/period=2024-05/data.parquet")).contentLength())
                .isPositive();

        JsonNode audit = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(ZONES_BUCKET)
                .key("audit/uploads/provider=RFS/" + grant.path("upload_id").asText() + ".json")).asByteArray());
        assertThat(audit.path("principal").asText()).isEqualTo(RFS_UPLOADER);
        assertThat(audit.path("key").asText()).isEqualTo(key);
        assertThat(audit.path("sha256").asText()).isEqualTo(grant.path("sha256").asText()).isEqualTo(hexSha256(Files.readAllBytes(extract)));
        assertThat(logLines).noneMatch(line -> line.contains("X-Amz-Signature") || line.contains("rfs-data-team") || line.contains("May.csv"));
    }

    @Test
    void aPutWithADifferentBodyOfTheSameSizeIsRefusedAndNothingLands() throws Exception {
        byte[] file = Files.readAllBytes(extracts.resolve("RTG/op_2024-06.csv"));
        JsonNode grant = grant("arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RTG-uploader/rtg-data-team", "op", "2024-06", "op.csv", file);
        byte[] altered = file.clone();
        altered[altered.length / 2] ^= 1;

        HttpResponse<String> put = put(grant, altered, grant.path("url").asText(), Map.of());

        // S3 answers 400 BadDigest; S3Mock 400 BadRequest naming the header. Either way the signature was fine.
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).contains("x-amz-checksum-sha256");
        assertThat(landed(grant.path("key").asText())).isFalse();
    }

    @Test
    void theUrlCannotBePointedAtAnotherKeyOrAnotherProvidersPrefix() throws Exception {
        byte[] file = Files.readAllBytes(extracts.resolve("RFS/ed_2024-07.csv"));
        JsonNode grant = grant(RFS_UPLOADER, "ed", "2024-07", "ed.csv.gz", file);
        String url = grant.path("url").asText();

        HttpResponse<String> otherProvider = put(grant, file, url.replace("provider%3DRFS", "provider%3DRTG").replace("provider=RFS", "provider=RTG"),
                Map.of());
        HttpResponse<String> otherName = put(grant, file, url.replace(grant.path("upload_id").asText(), "my-own-name"), Map.of());

        assertThat(otherProvider.statusCode()).isEqualTo(403);
        assertThat(otherName.statusCode()).isEqualTo(403);
        assertThat(proxy.refusals()).contains("SignatureDoesNotMatch");
        assertThat(s3.listObjectsV2(r -> r.bucket(LANDING_BUCKET).prefix("landing/provider=RTG/feed=ed/")).contents()).isEmpty();
        assertThat(landed(grant.path("key").asText())).isFalse();
    }

    @Test
    void aPutWithoutTheEncryptionHeadersIsRefused() throws Exception {
        byte[] file = Files.readAllBytes(extracts.resolve("RFS/op_2024-08.csv"));
        JsonNode grant = grant(RFS_UPLOADER, "op", "2024-08", "op.csv", file);
        Map<String, String> headers = new HashMap<>();
        grant.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        headers.remove("x-amz-server-side-encryption-aws-kms-key-id");

        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(grant.path("url").asText())), headers, file);

        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(landed(grant.path("key").asText())).isFalse();
    }

    @Test
    void aPutAfterTheUrlExpiredIsRefused() throws Exception {
        byte[] file = Files.readAllBytes(extracts.resolve("RFS/apc_2024-09.csv"));
        JsonNode grant = grant(RFS_UPLOADER, "apc", "2024-09", "apc.csv", file);

        proxy.advanceClock(Duration.ofMinutes(15).plusSeconds(5));
        HttpResponse<String> late = put(grant, file, grant.path("url").asText(), Map.of());
        proxy.advanceClock(Duration.ofMinutes(14));
        HttpResponse<String> justInTime = put(grant, file, grant.path("url").asText(), Map.of());

        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(justInTime.statusCode()).as(justInTime.body()).isEqualTo(200);
    }

    @Test
    void refusalsSayWhatIsWrong() {
        assertRefused(handler, RFS_UPLOADER, "{\"feed\":\"apc\",\"period\":\"2024-05\",\"filename\":\"a.csv\",\"size_bytes\":10,\"sha256\":\"" + ZERO_SHA
                + "\",\"provider\":\"RTG\"}", 403, "OTHER_PROVIDER", "you upload as RFS (from your identity)");
        assertRefused(handler, RFS_UPLOADER, body("community", "2024-05", "a.csv", 10), 403, "FEED_NOT_AGREED",
                "no data sharing agreement of ICS QJ2 lets RFS send feed community; it may send: apc, ed, op");
        assertRefused(handler, RFS_UPLOADER, body("apc", "2024-13", "a.csv", 10), 400, "PERIOD_MALFORMED",
                "period '2024-13': the period is not a real month in YYYY-MM form");
        assertRefused(handler, RFS_UPLOADER, body("apc", "May 2024", "a.csv", 10), 400, "PERIOD_MALFORMED", "'May 2024'");
        assertRefused(handler, RFS_UPLOADER, body("apc", "2099-01", "a.csv", 10), 400, "PERIOD_OUT_OF_RANGE", "has not begun");
        assertRefused(handler, RFS_UPLOADER, body("apc", "2024-05", "a.csv", 6L << 30), 400, "SIZE_ABOVE_LIMIT",
                "is above 5 GiB (5368709120 bytes), the most one upload can carry");
        assertRefused(handler, RFS_UPLOADER, body("apc", "2024-05", "a.xlsx", 10), 400, "FILENAME_INVALID", "must end in .csv or .csv.gz");
        assertRefused(handler, RFS_UPLOADER, "{\"feed\":\"apc\",\"period\":\"2024-05\"}", 400, "MISSING_FIELD",
                "missing: filename, size_bytes, sha256");
        assertRefused(handler, RFS_UPLOADER, "{\"feed\":\"apc\",\"size_bytes\":\"big\"}", 400, "SIZE_INVALID", "size_bytes must be a whole number");
        assertRefused(handler, "arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RFS-analyst/x", body("apc", "2024-05", "a.csv", 10), 403,
                "UNKNOWN_CALLER", "not one of this ICS's provider upload roles");
        assertRefused(handler(Map.of("ICSMAP_MAX_UPLOAD_BYTES", "1000000")), RFS_UPLOADER, body("apc", "2024-05", "a.csv", 1_000_001), 400,
                "SIZE_ABOVE_LIMIT", "above this ICS's upload limit of 1000000 bytes");
    }

    static final String ZERO_SHA = "0".repeat(64);

    static String body(String feed, String period, String filename, long size) {
        return "{\"feed\":\"" + feed + "\",\"period\":\"" + period + "\",\"filename\":\"" + filename + "\",\"size_bytes\":" + size
                + ",\"sha256\":\"" + ZERO_SHA + "\"}";
    }

    static void assertRefused(UploadUrlHandler handler, String caller, String body, int status, String code, String message) {
        ApiGatewayResponse response = handler.handleRequest(ApiGatewayEvents.post(caller, body), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode json = readJson(response.body());
        assertThat(json.path("error").asText()).isEqualTo(code);
        assertThat(json.path("message").asText()).contains(message);
    }

    JsonNode grant(String caller, String feed, String period, String filename, Path file) throws IOException {
        return grant(caller, feed, period, filename, Files.readAllBytes(file));
    }

    JsonNode grant(String caller, String feed, String period, String filename, byte[] file) {
        String body = "{\"feed\":\"" + feed + "\",\"period\":\"" + period + "\",\"filename\":\"" + filename + "\",\"size_bytes\":" + file.length
                + ",\"sha256\":\"" + hexSha256(file) + "\"}";
        ApiGatewayResponse response = handler.handleRequest(ApiGatewayEvents.post(caller, body), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
        return readJson(response.body());
    }

    HttpResponse<String> put(JsonNode grant, byte[] body, String url, Map<String, String> extraHeaders) throws Exception {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        grant.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        return send(HttpRequest.newBuilder(URI.create(url)), headers, body);
    }

    HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers, byte[] body) throws Exception {
        headers.forEach((name, value) -> {
            if (!name.equals("content-length")) { // java.net.http sends the body's length itself
                request.header(name, value);
            }
        });
        return http.send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static IngestReport ingest(String key) throws IOException {
        S3ObjectStore zones = new S3ObjectStore(s3, ZONES_BUCKET, "", Optional.of(S3MockServer.KMS_KEY_ID));
        IngestService ingest = new IngestService(config, new IngestService.Stores(new S3ObjectStore(s3, LANDING_BUCKET), zones, zones, zones, zones),
                new LocalKeyService(dir.resolve("keys.p12"), "test".toCharArray()), PostcodeLookup.shipped(), NationalPracticeList.shipped(),
                dir.resolve("work"));
        return ingest.ingest(key);
    }

    static boolean landed(String key) {
        return !s3.listObjectsV2(r -> r.bucket(LANDING_BUCKET).prefix(key)).contents().isEmpty();
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String hexSha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    static String base64Sha256(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(sha256(bytes));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
