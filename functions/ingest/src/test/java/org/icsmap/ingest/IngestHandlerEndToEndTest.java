package org.icsmap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.icsmap.aws.s3.S3MockServer;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.fixtures.aws.FakeKms;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.GroundTruth;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The function end to end on emulators: S3Mock in-process (real HTTP, the real S3 client) and FakeKms (the
 * KMS wire protocol, with call counters). A synthetic extract goes into the landing bucket; the handler,
 * wired exactly as in Lambda by {@link IngestFactory}, gets the captured event for it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestHandlerEndToEndTest {

    static final String LANDING_BUCKET = "icsmap-qj2-landing";
    static final String ZONES_BUCKET = "icsmap-qj2-zones";
    /** The key of the captured events under src/test/resources/events. */
    static final String KEY = "landing/provider=RFS/feed=apc/period=2024-05/u-20240612-0941.csv";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static S3MockServer s3mock;
    static S3Client s3;
    static FakeKms kms;
    static KmsClient kmsClient;
    static IngestHandler handler;
    static IcsConfig config;
    static GroundTruth truth;
    static Path extracts;
    static final List<String> logLines = new ArrayList<>();
    static final Map<String, Long> rowsByFile = new HashMap<>();

    @BeforeAll
    static void start() throws IOException {
        config = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
        Path generated = dir.resolve("generated");
        new SyntheticIcsGenerator(config).generate(GeneratorSettings.of(1_500, 5), generated);
        truth = new GroundTruth(generated);
        truth.forEachRow(row -> rowsByFile.merge(row.file(), 1L, Long::sum));
        extracts = generated.resolve("extracts");

        s3mock = new S3MockServer(dir.resolve("s3mock"), LANDING_BUCKET, ZONES_BUCKET);
        s3 = s3mock.client();
        kms = FakeKms.start();
        kmsClient = KmsClient.builder()
                .endpointOverride(kms.endpoint())
                .region(Region.of(FakeKms.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        IngestEnvironment environment = IngestEnvironment.from(Map.of(
                "ICSMAP_LANDING_BUCKET", LANDING_BUCKET,
                "ICSMAP_BUCKET", ZONES_BUCKET,
                "ICSMAP_HMAC_KEY_ID", kms.hmacKeyArn(),
                "ICSMAP_VAULT_KEY_ID", "alias/icsmap-vault",
                "ICSMAP_SSE_KMS_KEY_ID", S3MockServer.KMS_KEY_ID,
                "ICSMAP_CONFIG", "../../config/example-ics.yaml",
                "ICSMAP_WORK_DIR", dir.resolve("tmp").toString(),
                "AWS_REGION", FakeKms.REGION));
        handler = new IngestHandler(IngestFactory.collaborators(environment, s3, kmsClient, new IngestLog(logLines::add, Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {handler, kmsClient, kms, s3, s3mock}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing emulators: nothing to do
            }
        }
    }

    @Test
    @Order(1)
    void anUploadGoesFromLandingToCuratedWithOneGenerateMacAndOneGenerateDataKey() throws IOException {
        upload(extracts.resolve("RFS/apc_2024-05.csv"), KEY);
        KmsCalls before = KmsCalls.now();

        IngestSummary summary = handler.handleRequest(LambdaJson.event("s3-notification-object-created.json"), null);

        KmsCalls calls = KmsCalls.now().minus(before);
        assertThat(calls).isEqualTo(new KmsCalls(1, 1, 0));
        IngestSummary.Upload upload = summary.uploads().getFirst();
        assertThat(upload.outcome()).isEqualTo(IngestSummary.Outcome.ACCEPTED);
        assertThat(upload.keyServiceCalls()).isEqualTo(2);

        String curated = "curated/feed=apc/provider=RFS/period=2024-05/data.parquet";
        HeadObjectResponse head = s3.headObject(r -> r.bucket(ZONES_BUCKET).key(curated));
        assertThat(head.contentLength()).isPositive();
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(s3.headObject(r -> r.bucket(ZONES_BUCKET).key("vault/provider=RFS/feed=apc/period=2024-05.vault")).contentLength())
                .isPositive();

        JsonNode report = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(ZONES_BUCKET)
                .key("audit/ingest/provider=RFS/feed=apc/period=2024-05/u-20240612-0941.json")).asByteArray());
        JsonNode rows = report.path("rows");
        assertThat(report.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(rows.path("in").asLong()).isEqualTo(rowsIn("RFS/apc_2024-05.csv")).isPositive();
        assertThat(rows.path("in").asLong()).isEqualTo(rows.path("curated").asLong() + rows.path("quarantined").asLong()
                + rows.path("duplicates").asLong() + rows.path("opted_out").asLong());
        assertThat(report.path("key_service_calls").asInt()).isEqualTo(2);
        assertThat(new IngestReport.Rows(rows.path("in").asLong(), rows.path("curated").asLong(), rows.path("quarantined").asLong(),
                rows.path("duplicates").asLong(), rows.path("opted_out").asLong())).isEqualTo(upload.rows());
        assertThat(s3.listObjectsV2(r -> r.bucket(LANDING_BUCKET)).contents()).hasSize(1); // outputs go to their zones
    }

    @Test
    @Order(2)
    void aReplayedEventIsANoOpWithNoKmsCalls() {
        String curated = "curated/feed=apc/provider=RFS/period=2024-05/data.parquet";
        HeadObjectResponse first = s3.headObject(r -> r.bucket(ZONES_BUCKET).key(curated));
        KmsCalls before = KmsCalls.now();

        IngestSummary summary = handler.handleRequest(LambdaJson.event("eventbridge-object-created.json"), null);

        assertThat(KmsCalls.now().minus(before)).isEqualTo(new KmsCalls(0, 0, 0));
        assertThat(summary.uploads().getFirst().outcome()).isEqualTo(IngestSummary.Outcome.REPLAY);
        assertThat(summary.uploads().getFirst().keyServiceCalls()).isZero();
        HeadObjectResponse after = s3.headObject(r -> r.bucket(ZONES_BUCKET).key(curated));
        assertThat(after.eTag()).isEqualTo(first.eTag());
        assertThat(after.lastModified()).isEqualTo(first.lastModified());
    }

    @Test
    @Order(3)
    void theBiggestExtractStillCostsExactlyTwoKmsCalls() throws IOException {
        Path biggest;
        try (Stream<Path> files = Files.walk(extracts)) {
            biggest = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("opt_out"))
                    .max(Comparator.comparingLong(IngestHandlerEndToEndTest::rowsIn)).orElseThrow();
        }
        String file = extracts.relativize(biggest).toString();
        String key = landingKey(file, "u-biggest");
        upload(biggest, key);
        Map<String, Object> event = LambdaJson.event("eventbridge-object-created.json");
        IngestHandlerTest.setKey(event, key);
        KmsCalls before = KmsCalls.now();

        IngestSummary summary = handler.handleRequest(event, null);

        IngestSummary.Upload upload = summary.uploads().getFirst();
        assertThat(upload.outcome()).as(file).isEqualTo(IngestSummary.Outcome.ACCEPTED);
        assertThat(upload.rows().in()).as(file).isGreaterThan(5 * rowsIn("RFS/apc_2024-05.csv"));
        assertThat(upload.rows().addUp()).isTrue();
        assertThat(KmsCalls.now().minus(before)).as(file + ": " + upload.rows().in() + " rows").isEqualTo(new KmsCalls(1, 1, 0));
    }

    @Test
    @Order(4)
    void theLogHasOneLinePerUploadAndNothingIdentifying() throws IOException {
        Set<String> nhsNumbers = truth.persons().stream().map(GroundTruth.Person::nhsNumber).collect(Collectors.toSet());
        List<JsonNode> uploads = new ArrayList<>();
        for (String line : logLines) {
            JsonNode json = JSON.readTree(line);
            if (json.path("event").asText().equals("ingest.upload")) {
                uploads.add(json);
            }
            for (String token : line.split("[^0-9A-Za-z]+")) {
                assertThat(nhsNumbers).as(line).doesNotContain(token);
            }
        }
        assertThat(uploads).extracting(json -> json.path("outcome").asText()).containsExactly("ACCEPTED", "REPLAY", "ACCEPTED");
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
    }

    /** FakeKms's counters for the operations ingest may call. */
    record KmsCalls(int generateMac, int generateDataKey, int decrypt) {
        static KmsCalls now() {
            return new KmsCalls(kms.calls("GenerateMac"), kms.calls("GenerateDataKey"), kms.calls("Decrypt"));
        }

        KmsCalls minus(KmsCalls earlier) {
            return new KmsCalls(generateMac - earlier.generateMac, generateDataKey - earlier.generateDataKey, decrypt - earlier.decrypt);
        }
    }

    static void upload(Path file, String key) {
        s3.putObject(r -> r.bucket(LANDING_BUCKET).key(key), RequestBody.fromFile(file));
    }

    /** The landing key a provider's upload of the generated file would have. */
    static String landingKey(String file, String uploadId) {
        String provider = file.substring(0, file.indexOf('/'));
        String name = file.substring(file.indexOf('/') + 1);
        String feed = name.substring(0, name.lastIndexOf('_'));
        String period = name.substring(name.lastIndexOf('_') + 1, name.lastIndexOf('_') + 8);
        return "landing/provider=" + provider + "/feed=" + feed + "/period=" + period + "/" + uploadId
                + (name.endsWith(".gz") ? ".csv.gz" : ".csv");
    }

    /** Rows the generator wrote into a file, from the ground truth. */
    static long rowsIn(String file) {
        return rowsByFile.getOrDefault(file, 0L);
    }

    static long rowsIn(Path file) {
        return rowsIn(extracts.relativize(file).toString());
    }
}
