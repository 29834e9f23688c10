package org.icsmap.reidentify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.IntStream;
import org.icsmap.aws.apigateway.ApiGatewayResponse;
import org.icsmap.aws.kms.KmsKeyService;
import org.icsmap.aws.s3.S3MockServer;
import org.icsmap.aws.s3.S3ObjectStore;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.domain.vault.Vault;
import org.icsmap.fixtures.aws.FakeKms;
import org.icsmap.synthetic.Defect;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.GroundTruth;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The re-identification door end to end: two providers' extracts ingested into S3Mock with their vaults' data
 * keys from FakeKms (the KMS wire protocol, encryption contexts enforced), then the handler, wired as in Lambda,
 * answering API Gateway events, with the NHS numbers checked against the synthetic ground truth.
 */
class ReidentifyEndToEndTest {

    static final String BUCKET = "icsmap-qj2-zones";
    static final String RFS = "arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RFS-reidentifier/dr-jones";
    static final String RX9 = "arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RX9-reidentifier/dr-smith";
    static final List<String> RFS_FILES = List.of("RFS/apc_2024-05.csv", "RFS/ed_2024-05.csv", "RFS/op_2024-06.csv");
    static final List<String> RX9_FILES = List.of("RX9/ambulance_2024-05.csv.gz", "RX9/ambulance_2024-06.csv.gz", "RX9/ambulance_2024-07.csv.gz");
    static final ObjectMapper JSON = new ObjectMapper();
    static final CustomPojoSerializer SERIALIZER = ServiceLoader.load(CustomPojoSerializer.class).findFirst().orElseThrow();
    static final Type EVENT_TYPE = ((ParameterizedType) ReidentifyHandler.class.getGenericSuperclass()).getActualTypeArguments()[0];

    @TempDir
    static Path dir;
    static S3MockServer s3mock;
    static S3Client s3;
    static FakeKms kms;
    static KmsClient kmsClient;
    static KeyService keys;
    static ReidentifyHandler handler;
    static final List<String> logLines = new ArrayList<>();
    /** Pseudonym → NHS number of the patients each provider sent with a valid NHS number. */
    static final Map<String, String> sentByRfs = new HashMap<>();
    static final Map<String, String> sentByRx9 = new HashMap<>();

    @BeforeAll
    static void start() throws IOException {
        IcsConfig config = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
        Path generated = dir.resolve("generated");
        new SyntheticIcsGenerator(config).generate(GeneratorSettings.of(1_500, 7), generated);
        GroundTruth truth = new GroundTruth(generated);

        s3mock = new S3MockServer(dir.resolve("s3mock"), BUCKET);
        s3 = s3mock.client();
        kms = FakeKms.start();
        kmsClient = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(FakeKms.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        keys = new KmsKeyService(kmsClient, kms.hmacKeyArn(), kms.dataKeyArn());
        S3ObjectStore zones = new S3ObjectStore(s3, BUCKET);
        IngestService ingest = new IngestService(config, IngestService.Stores.allIn(zones), keys, PostcodeLookup.shipped(),
                NationalPracticeList.shipped(), dir.resolve("work"));
        for (String file : concat(RFS_FILES, RX9_FILES)) {
            String[] parts = file.split("[/_.]");
            String key = "landing/provider=" + parts[0] + "/feed=" + parts[1] + "/period=" + parts[2] + "/u-" + parts[1] + (file.endsWith(".gz") ? ".csv.gz" : ".csv");
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromFile(generated.resolve("extracts").resolve(file)));
            assertThat(ingest.ingest(key).outcome()).isEqualTo(IngestReport.Outcome.ACCEPTED);
        }
        Pseudonymiser pseudonymiser = Pseudonymiser.derive(keys);
        List<GroundTruth.Person> persons = truth.persons();
        truth.forEachRow(row -> {
            if (row.person() >= 0 && row.defect() == Defect.NONE) {
                String nhs = persons.get(row.person()).nhsNumber();
                (RFS_FILES.contains(row.file()) ? sentByRfs : RX9_FILES.contains(row.file()) ? sentByRx9 : new HashMap<String, String>())
                        .put(pseudonymiser.personId(nhs), nhs);
            }
        });

        ReidentifyEnvironment environment = ReidentifyEnvironment.from(Map.of(
                "ICSMAP_BUCKET", BUCKET,
                "ICSMAP_VAULT_KEY_ID", kms.dataKeyArn(),
                "ICSMAP_ORGANISATION_ROLES", "{\"icsmap-qj2-RFS-reidentifier\":\"RFS\",\"icsmap-qj2-RX9-reidentifier\":\"RX9\"}",
                "ICSMAP_CONFIG", "../../config/example-ics.yaml",
                "AWS_REGION", FakeKms.REGION));
        handler = new ReidentifyHandler(ReidentifyFactory.collaborators(environment, s3, kmsClient, Clock.systemUTC(),
                new ReidentifyLog(logLines::add, Clock.systemUTC())));
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
    void anOrganisationGetsTheNhsNumbersItSentForItsOwnPatients() throws Exception {
        List<String> asked = sentByRfs.keySet().stream().sorted().limit(40).toList();
        int decryptsBefore = kms.calls("Decrypt");

        JsonNode answer = ok(call(RFS, asked, "direct_care"));

        Map<String, String> returned = new HashMap<>();
        answer.path("identified").forEach(i -> returned.put(i.path("pseudonym").asText(), i.path("nhs_number").asText()));
        Map<String, String> expected = new HashMap<>();
        asked.forEach(p -> expected.put(p, sentByRfs.get(p)));
        assertThat(returned).isEqualTo(expected);
        assertThat(answer.path("not_found")).isEmpty();
        assertThat(kms.calls("Decrypt") - decryptsBefore).isBetween(1, RFS_FILES.size()); // at most one per vault file
        // Every data key re-identification ever asked KMS to decrypt was asked for under the caller's own organisation.
        assertThat(kms.encryptionContexts("Decrypt")).isNotEmpty().allMatch(context -> context.equals(Vault.encryptionContext("QJ2", "RFS")));

        JsonNode audit = audit(answer.path("request_id").asText(), "RFS");
        assertThat(audit.path("outcome").asText()).isEqualTo("ANSWERED");
        assertThat(audit.path("principal").asText()).isEqualTo(RFS);
        assertThat(audit.path("purpose").asText()).isEqualTo("direct_care");
        assertThat(audit.path("count_asked").asInt()).isEqualTo(40);
        assertThat(audit.path("count_returned").asInt()).isEqualTo(40);
        assertThat(audit.path("pseudonyms_asked")).hasSize(40);
        String auditText = audit.toString();
        assertThat(expected.values()).noneMatch(auditText::contains);
        assertThat(String.join("\n", logLines)).doesNotContain(asked.getFirst()).doesNotContain(expected.get(asked.getFirst()));
    }

    @Test
    void anotherOrganisationsPatientsAreJustNotFoundEvenForPatientsBothTreat() throws Exception {
        Set<String> onlyRx9 = new HashSet<>(sentByRx9.keySet());
        onlyRx9.removeAll(sentByRfs.keySet());
        Set<String> both = new HashSet<>(sentByRx9.keySet());
        both.retainAll(sentByRfs.keySet());
        assertThat(onlyRx9).hasSizeGreaterThan(10);
        assertThat(both).isNotEmpty();
        List<String> rx9Only = onlyRx9.stream().sorted().limit(20).toList();
        List<String> shared = both.stream().sorted().limit(5).toList();
        List<String> nobodys = IntStream.range(0, 20).mapToObj(i -> String.format("%064x", i + 1)).toList();

        JsonNode forRx9Patients = ok(call(RFS, rx9Only, "direct_care"));
        JsonNode forNobody = ok(call(RFS, nobodys, "direct_care"));
        JsonNode forShared = ok(call(RFS, concat(shared, rx9Only), "direct_care"));

        // The answer for another organisation's patients has exactly the shape of the answer for patients no one knows.
        assertThat(forRx9Patients.path("identified")).isEmpty();
        assertThat(forNobody.path("identified")).isEmpty();
        assertThat(texts(forRx9Patients.path("not_found"))).isEqualTo(rx9Only);
        assertThat(fieldNames(forRx9Patients)).isEqualTo(fieldNames(forNobody));
        // Patients both organisations treat: RFS gets back what RFS itself sent, nothing of RX9's.
        Map<String, String> returned = new HashMap<>();
        forShared.path("identified").forEach(i -> returned.put(i.path("pseudonym").asText(), i.path("nhs_number").asText()));
        assertThat(returned.keySet()).containsExactlyInAnyOrderElementsOf(shared);
        returned.forEach((pseudonym, nhs) -> assertThat(nhs).isEqualTo(sentByRfs.get(pseudonym)));
        assertThat(texts(forShared.path("not_found"))).isEqualTo(rx9Only);
        String all = forRx9Patients.toString() + forShared;
        rx9Only.forEach(p -> assertThat(all).doesNotContain(sentByRx9.get(p)));
    }

    @Test
    void kmsItselfRefusesAnotherOrganisationsVaultUnderTheCallersContext() throws Exception {
        String rx9Vault = "vault/provider=RX9/feed=ambulance/period=2024-05.vault";
        Set<String> rx9Patients = new HashSet<>(sentByRx9.keySet());
        int refusedBefore = kms.calls("Decrypt");

        try (InputStream in = s3.getObject(r -> r.bucket(BUCKET).key(rx9Vault))) {
            assertThatThrownBy(() -> Vault.lookup(keys, Vault.encryptionContext("QJ2", "RFS"), in, rx9Patients))
                    .isInstanceOf(KeyService.KeyServiceException.class);
        }
        assertThat(kms.calls("Decrypt")).isEqualTo(refusedBefore + 1);
        assertThat(kms.encryptionContexts("Decrypt").getLast()).isEqualTo(Map.of("ics", "QJ2", "provider", "RFS"));
    }

    @Test
    void everyRequestIsAuditedRefusedOnesIncludedAndNoRecordIsEverReplaced() throws Exception {
        String pastedNhsNumber = sentByRfs.values().iterator().next();
        List<String> hundredAndOne = IntStream.range(0, 101).mapToObj(i -> String.format("%064x", i)).toList();

        ApiGatewayResponse unknown = call("arn:aws:sts::111122223333:assumed-role/icsmap-qj2-RFS-analyst/someone", List.of("a".repeat(64)),
                "direct_care");
        ApiGatewayResponse planning = call(RFS, List.of("a".repeat(64)), "planning");
        ApiGatewayResponse tooMany = call(RFS, hundredAndOne, "direct_care");
        ApiGatewayResponse pasted = call(RFS, List.of("b".repeat(64), pastedNhsNumber), "direct_care");
        ApiGatewayResponse garbage = handler.handleRequest(event(RX9, "not json"), null);

        assertRefused(unknown, 403, "UNKNOWN_CALLER", "not one of this ICS's re-identification roles");
        assertRefused(planning, 403, "PURPOSE_NOT_AGREED", "purpose 'planning' is not one ICS QJ2 has agreed for re-identification by RFS; agreed: direct_care");
        assertRefused(tooMany, 400, "TOO_MANY_PSEUDONYMS", "101 pseudonyms asked; at most 100 per request");
        assertRefused(pasted, 400, "PSEUDONYM_MALFORMED", "1 of 2 pseudonyms are not person_id values");
        assertRefused(garbage, 400, "MISSING_FIELD", "a request needs pseudonyms (a list) and a purpose");

        JsonNode unknownAudit = audit(readJson(unknown.body()).path("request_id").asText(), "unknown");
        assertThat(unknownAudit.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(unknownAudit.path("reason").asText()).isEqualTo("UNKNOWN_CALLER");
        assertThat(unknownAudit.path("principal").asText()).endsWith("icsmap-qj2-RFS-analyst/someone");
        assertThat(audit(readJson(planning.body()).path("request_id").asText(), "RFS").path("count_returned").asInt()).isZero();
        assertThat(audit(readJson(tooMany.body()).path("request_id").asText(), "RFS").path("count_asked").asInt()).isEqualTo(101);
        JsonNode pastedAudit = audit(readJson(pasted.body()).path("request_id").asText(), "RFS");
        assertThat(pastedAudit.path("count_malformed").asInt()).isEqualTo(1);
        assertThat(pastedAudit.toString()).doesNotContain(pastedNhsNumber);
        assertThat(audit(readJson(garbage.body()).path("request_id").asText(), "RX9").path("reason").asText()).isEqualTo("MISSING_FIELD");

        String someRecord = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("audit/reidentify/org=RFS/")).contents().getFirst().key();
        S3ObjectStore audit = new S3ObjectStore(s3, BUCKET, "", Optional.empty());
        assertThat(audit.putIfAbsent(someRecord, "{\"outcome\":\"nothing to see\"}".getBytes(), Map.of())).isFalse();
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(someRecord)).asUtf8String()).contains("icsmap-reidentify-audit/1");
    }

    static JsonNode audit(String requestId, String organisation) throws IOException {
        List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix("audit/reidentify/org=" + organisation + "/")).contents()
                .stream().map(o -> o.key()).filter(k -> k.endsWith("/" + requestId + ".json")).toList();
        assertThat(keys).as("the audit record of request " + requestId).hasSize(1);
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(keys.getFirst())).asByteArray());
    }

    static ApiGatewayResponse call(String caller, List<String> pseudonyms, String purpose) throws IOException {
        return handler.handleRequest(event(caller, JSON.writeValueAsString(Map.of("pseudonyms", pseudonyms, "purpose", purpose))), null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> event(String caller, String body) throws IOException {
        try (InputStream in = ReidentifyEndToEndTest.class.getResourceAsStream("/events/api-gateway-post-reidentify.json")) {
            Map<String, Object> event = SERIALIZER.fromJson(in, EVENT_TYPE);
            ((Map<String, Object>) ((Map<String, Object>) event.get("requestContext")).get("identity")).put("userArn", caller);
            event.put("body", body);
            return event;
        }
    }

    static JsonNode ok(ApiGatewayResponse response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
        return readJson(response.body());
    }

    static void assertRefused(ApiGatewayResponse response, int status, String code, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode json = readJson(response.body());
        assertThat(json.path("error").asText()).isEqualTo(code);
        assertThat(json.path("message").asText()).contains(message);
        assertThat(json.has("identified")).isFalse();
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
