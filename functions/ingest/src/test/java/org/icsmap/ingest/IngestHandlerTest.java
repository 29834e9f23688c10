package org.icsmap.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.domain.landing.LandingKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler on a fake ingest: one small scenario each, fed with captured event JSON. */
class IngestHandlerTest {

    static final String LANDING_BUCKET = "icsmap-qj2-landing";
    static final String KEY = "landing/provider=RFS/feed=apc/period=2024-05/u-20240612-0941.csv";
    static final ObjectMapper JSON = new ObjectMapper();

    final List<String> logLines = new ArrayList<>();
    final FakeIngest ingest = new FakeIngest();
    final IngestHandler handler = new IngestHandler(new IngestHandler.Collaborators(ingest, LANDING_BUCKET,
            new IngestLog(logLines::add, Clock.fixed(Instant.parse("2024-06-12T09:41:30Z"), ZoneOffset.UTC))));

    @AfterEach
    void closeHandler() {
        handler.close();
    }

    /** Answers with a canned report per key (ACCEPTED with 10 rows unless told otherwise), or throws. */
    static final class FakeIngest implements IngestHandler.Ingest {
        final List<String> keys = new ArrayList<>();
        final Map<String, IngestReport> reports = new HashMap<>();
        final Map<String, Exception> failures = new HashMap<>();

        @Override
        public IngestReport ingest(String landingKey) throws IOException {
            keys.add(landingKey);
            Exception failure = failures.get(landingKey);
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            IngestReport canned = reports.get(landingKey);
            return canned != null ? canned : report(landingKey, IngestReport.Outcome.ACCEPTED, null, new IngestReport.Rows(10, 7, 2, 1, 0), 2);
        }
    }

    static IngestReport report(String landingKey, IngestReport.Outcome outcome, IngestReport.Rejection rejection, IngestReport.Rows rows,
                               int keyServiceCalls) {
        LandingKey key = LandingKey.parse(landingKey, org.icsmap.domain.landing.PeriodRule.of(IngestServiceTest.CONFIG,
                java.time.Clock.fixed(java.time.Instant.parse("2024-07-01T00:00:00Z"), java.time.ZoneOffset.UTC))).key();
        return new IngestReport(IngestReport.FORMAT, landingKey, key.uploadId(), key.provider(), key.feed().id(), key.period().toString(),
                outcome, rejection, new IngestReport.Input(100, "ab", false, false, ",", 1L), rows, Map.of(), Map.of(), null, keyServiceCalls,
                Map.of("total", 5L));
    }

    @Test
    void anS3NotificationIngestsItsObjectUnderTheDecodedKey() throws IOException {
        IngestSummary summary = handler.handleRequest(LambdaJson.event("s3-notification-object-created.json"), null);

        assertThat(ingest.keys).containsExactly(KEY); // provider%3DRFS → provider=RFS
        assertThat(summary.objects()).isEqualTo(1);
        assertThat(summary.outcomes()).containsExactly(Map.entry(IngestSummary.Outcome.ACCEPTED, 1));
        IngestSummary.Upload upload = summary.uploads().getFirst();
        assertThat(upload.bucket()).isEqualTo(LANDING_BUCKET);
        assertThat(upload.key()).isEqualTo(KEY);
        assertThat(upload.rows()).isEqualTo(new IngestReport.Rows(10, 7, 2, 1, 0));
        assertThat(upload.keyServiceCalls()).isEqualTo(2);

        JsonNode line = JSON.readTree(logLines.getFirst());
        assertThat(line.path("event").asText()).isEqualTo("ingest.upload");
        assertThat(line.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(line.path("key").asText()).isEqualTo(KEY);
        assertThat(line.path("rows_in").asLong()).isEqualTo(10);
        assertThat(line.path("rows_quarantined").asLong()).isEqualTo(2);
        assertThat(line.path("key_service_calls").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(logLines.getLast()).path("event").asText()).isEqualTo("ingest.invocation");
    }

    @Test
    void anEventBridgeObjectCreatedEventIngestsItsObjectUnderTheKeyAsGiven() {
        IngestSummary summary = handler.handleRequest(LambdaJson.event("eventbridge-object-created.json"), null);

        assertThat(ingest.keys).containsExactly(KEY);
        assertThat(summary.count(IngestSummary.Outcome.ACCEPTED)).isEqualTo(1);
    }

    @Test
    void notificationKeysAreDecodedAsFormsEncodeThemAndEventBridgeKeysAreNot() {
        Map<String, Object> notification = LambdaJson.event("s3-notification-object-created.json");
        setKey(notification, "landing/provider%3DRFS/feed%3Dapc/period%3D2024-05/a+b%2Bc.csv");
        Map<String, Object> eventBridge = LambdaJson.event("eventbridge-object-created.json");
        setKey(eventBridge, "landing/provider=RFS/feed=apc/period=2024-05/a+b%2Bc.csv");

        assertThat(S3Events.objects(notification)).extracting(ObjectEvent::key)
                .containsExactly("landing/provider=RFS/feed=apc/period=2024-05/a b+c.csv");
        assertThat(S3Events.objects(eventBridge)).extracting(ObjectEvent::key)
                .containsExactly("landing/provider=RFS/feed=apc/period=2024-05/a+b%2Bc.csv");
    }

    @Test
    void everyRecordOfANotificationIsIngestedInOrder() {
        Map<String, Object> event = LambdaJson.event("s3-notification-object-created.json");
        @SuppressWarnings("unchecked")
        List<Object> records = (List<Object>) event.get("Records");
        Map<String, Object> second = LambdaJson.event("s3-notification-object-created.json");
        setKey(second, "landing/provider%3DRFS/feed%3Dapc/period%3D2024-06/u-2.csv");
        records.add(((List<?>) second.get("Records")).getFirst());

        IngestSummary summary = handler.handleRequest(event, null);

        assertThat(ingest.keys).containsExactly(KEY, "landing/provider=RFS/feed=apc/period=2024-06/u-2.csv");
        assertThat(summary.count(IngestSummary.Outcome.ACCEPTED)).isEqualTo(2);
        assertThat(logLines).hasSize(3); // one per upload, then the invocation
    }

    @Test
    void aKeyOutsideLandingIsIgnoredWithALogLineThatDoesNotRepeatIt() throws IOException {
        Map<String, Object> event = LambdaJson.event("eventbridge-object-created.json");
        setKey(event, "curated/feed=apc/provider=RFS/period=2024-05/data.parquet");

        IngestSummary summary = handler.handleRequest(event, null);

        assertThat(ingest.keys).isEmpty();
        IngestSummary.Upload upload = summary.uploads().getFirst();
        assertThat(upload.outcome()).isEqualTo(IngestSummary.Outcome.IGNORED);
        assertThat(upload.reason()).isEqualTo("OUTSIDE_LANDING");
        assertThat(upload.key()).isNull();
        assertThat(upload.keySha256()).isEqualTo(IngestSummary.sha256("curated/feed=apc/provider=RFS/period=2024-05/data.parquet"));
        JsonNode line = JSON.readTree(logLines.getFirst());
        assertThat(line.path("outcome").asText()).isEqualTo("IGNORED");
        assertThat(line.path("reason").asText()).isEqualTo("OUTSIDE_LANDING");
        assertThat(logLines.getFirst()).doesNotContain("curated/");
    }

    @Test
    void aMalformedLandingKeyIsIngestedForItsRejectionReportButNeverLoggedVerbatim() {
        String key = "landing/provider=RFS/Jane Smith 9434765919.csv";
        ingest.reports.put(key, new IngestReport(IngestReport.FORMAT, key, null, null, null, null, IngestReport.Outcome.REJECTED,
                new IngestReport.Rejection("FILE_KEY_INVALID", "the key is not ..."), null, null, null, null, null, 0, Map.of()));
        Map<String, Object> event = LambdaJson.event("s3-notification-object-created.json");
        setKey(event, "landing/provider%3DRFS/Jane+Smith+9434765919.csv");

        IngestSummary summary = handler.handleRequest(event, null);

        assertThat(ingest.keys).containsExactly(key);
        assertThat(summary.uploads().getFirst().outcome()).isEqualTo(IngestSummary.Outcome.REJECTED);
        assertThat(summary.uploads().getFirst().reason()).isEqualTo("FILE_KEY_INVALID");
        assertThat(String.join("\n", logLines) + LambdaJson.toJson(summary)).doesNotContain("9434765919").doesNotContain("Smith");
    }

    @Test
    void eventsThatAreNotAboutACreatedObjectAreIgnored() {
        Map<String, Object> deleted = LambdaJson.event("eventbridge-object-created.json");
        deleted.put("detail-type", "Object Deleted");

        IngestSummary removed = handler.handleRequest(LambdaJson.event("s3-notification-object-removed.json"), null);
        IngestSummary deletedSummary = handler.handleRequest(deleted, null);

        assertThat(ingest.keys).isEmpty();
        assertThat(List.of(removed, deletedSummary)).allSatisfy(summary -> {
            assertThat(summary.uploads().getFirst().outcome()).isEqualTo(IngestSummary.Outcome.IGNORED);
            assertThat(summary.uploads().getFirst().reason()).isEqualTo("NOT_OBJECT_CREATED");
        });
    }

    @Test
    void anUnknownEventShapeIsAClearErrorNamingItsFields() throws IOException {
        assertThatThrownBy(() -> handler.handleRequest(LambdaJson.parse("{\"hello\":\"world\",\"answer\":42}"), null))
                .isInstanceOf(UnrecognisedEventException.class)
                .hasMessageContaining("not an S3 event notification")
                .hasMessageContaining("[answer, hello]")
                .hasMessageNotContaining("world");
        assertThat(JSON.readTree(logLines.getFirst()).path("event").asText()).isEqualTo("ingest.unrecognised_event");
        assertThat(ingest.keys).isEmpty();
    }

    @Test
    void anS3NotificationRelayedThroughSqsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> handler.handleRequest(LambdaJson.event("sqs-message-with-s3-notification.json"), null))
                .isInstanceOf(UnrecognisedEventException.class)
                .hasMessage("Records[0].eventSource is not aws:s3: only S3 event notifications sent straight to the function are read "
                        + "(not ones relayed through SQS or SNS)");
    }

    @Test
    void anEventBridgeEventFromAnotherSourceIsRefused() {
        Map<String, Object> event = LambdaJson.event("eventbridge-object-created.json");
        event.put("source", "aws.ec2");

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOf(UnrecognisedEventException.class)
                .hasMessageContaining("source is not aws.s3");
    }

    @Test
    void aMissingFieldIsNamedByItsPath() {
        Map<String, Object> notification = LambdaJson.event("s3-notification-object-created.json");
        object(notification, "Records", "s3", "object").remove("key");
        Map<String, Object> eventBridge = LambdaJson.event("eventbridge-object-created.json");
        object(eventBridge, "detail").remove("bucket");
        Map<String, Object> empty = LambdaJson.parse("{\"Records\":[]}");

        assertThatThrownBy(() -> handler.handleRequest(notification, null)).isInstanceOf(UnrecognisedEventException.class)
                .hasMessage("Records[0].s3.object.key is missing");
        assertThatThrownBy(() -> handler.handleRequest(eventBridge, null)).isInstanceOf(UnrecognisedEventException.class)
                .hasMessage("detail.bucket is missing");
        assertThatThrownBy(() -> handler.handleRequest(empty, null)).isInstanceOf(UnrecognisedEventException.class)
                .hasMessage("an S3 event notification needs a non-empty Records array");
    }

    @Test
    void anUploadInAnotherBucketFailsTheInvocation() {
        Map<String, Object> event = LambdaJson.event("eventbridge-object-created.json");
        object(event, "detail", "bucket").put("name", "someone-elses-bucket");

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOfSatisfying(IngestHandler.IngestFailedException.class, e -> {
                    assertThat(e.summary().uploads().getFirst().reason()).isEqualTo("NOT_THE_LANDING_BUCKET");
                    assertThat(e.getCause()).hasMessageContaining("must be limited to the landing bucket");
                });
        assertThat(ingest.keys).isEmpty();
    }

    @Test
    void oneFailedUploadFailsTheInvocationAfterTheOthersRanSoTheEventIsRetried() {
        String failing = "landing/provider=RFS/feed=apc/period=2024-06/u-2.csv";
        ingest.failures.put(failing, new IOException("S3 GetObject s3://icsmap-qj2-landing/" + failing + " failed: SlowDown (HTTP 503)"));
        Map<String, Object> event = LambdaJson.event("s3-notification-object-created.json");
        Map<String, Object> second = LambdaJson.event("s3-notification-object-created.json");
        setKey(second, failing);
        @SuppressWarnings("unchecked")
        List<Object> records = (List<Object>) event.get("Records");
        records.addFirst(((List<?>) second.get("Records")).getFirst());

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOfSatisfying(IngestHandler.IngestFailedException.class, e -> {
                    assertThat(e).hasMessageStartingWith("1 of 2 objects failed");
                    assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessageContaining("SlowDown");
                    assertThat(e.summary().outcomes()).containsOnly(Map.entry(IngestSummary.Outcome.FAILED, 1),
                            Map.entry(IngestSummary.Outcome.ACCEPTED, 1));
                });
        assertThat(ingest.keys).containsExactly(failing, KEY);
        assertThat(logLines.getFirst()).contains("\"outcome\":\"FAILED\"", "\"reason\":\"IOException\"", "\"level\":\"ERROR\"");
    }

    @Test
    void anUnexpectedFailureIsReportedByTypeWithItsMessageWithheld() {
        ingest.failures.put(KEY, new NumberFormatException("For input string: \"9434765919x\""));

        assertThatThrownBy(() -> handler.handleRequest(LambdaJson.event("s3-notification-object-created.json"), null))
                .isInstanceOfSatisfying(IngestHandler.IngestFailedException.class, e -> {
                    assertThat(e.getCause()).hasMessage("java.lang.NumberFormatException (message withheld: it may quote row data)");
                    assertThat(e.getCause().getStackTrace()).isNotEmpty();
                });
        assertThat(String.join("\n", logLines)).doesNotContain("9434765919").contains("NumberFormatException");
    }

    @Test
    void aRejectedUploadReportsItsReasonCode() {
        ingest.reports.put(KEY, report(KEY, IngestReport.Outcome.REJECTED, new IngestReport.Rejection("FILE_HEADER_MISMATCH",
                "the header is not the apc feed's"), null, 0));

        IngestSummary summary = handler.handleRequest(LambdaJson.event("s3-notification-object-created.json"), null);

        assertThat(summary.uploads().getFirst().outcome()).isEqualTo(IngestSummary.Outcome.REJECTED);
        assertThat(summary.uploads().getFirst().reason()).isEqualTo("FILE_HEADER_MISMATCH");
        assertThat(logLines.getFirst()).contains("\"reason\":\"FILE_HEADER_MISMATCH\"").doesNotContain("the header is not");
    }

    @Test
    void theSummaryGoesBackThroughTheRuntimeSerializerAsSmallJson() throws IOException {
        IngestSummary summary = handler.handleRequest(LambdaJson.event("s3-notification-object-created.json"), null);

        JsonNode json = JSON.readTree(LambdaJson.toJson(summary));

        assertThat(json.path("objects").asInt()).isEqualTo(1);
        assertThat(json.path("outcomes").path("ACCEPTED").asInt()).isEqualTo(1);
        JsonNode upload = json.path("uploads").get(0);
        assertThat(upload.path("key").asText()).isEqualTo(KEY);
        assertThat(upload.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(upload.path("rows").path("in").asLong()).isEqualTo(10);
        assertThat(upload.has("keySha256")).isFalse();
    }

    @Test
    void logLinesHoldOnlyTheFieldsTheLogAllows() throws IOException {
        handler.handleRequest(LambdaJson.event("s3-notification-object-created.json"), null);
        Set<String> fields = new TreeSet<>();
        for (String line : logLines) {
            JSON.readTree(line).fieldNames().forEachRemaining(fields::add);
        }
        assertThat(fields).isSubsetOf("time", "level", "event", "bucket", "key", "key_sha256", "outcome", "reason", "rows_in",
                "rows_curated", "rows_quarantined", "rows_duplicates", "rows_opted_out", "key_service_calls", "duration_ms", "objects",
                "outcomes", "problem");
    }

    @Test
    void theLambdaConstructorReadsTheEnvironmentAndNamesWhatIsMissing() {
        // This JVM has none of the function's variables, so Micronaut's eager wiring fails at init, clearly.
        assertThatThrownBy(IngestHandler::new)
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the ingest function is missing environment variables")
                .hasMessageContaining(IngestEnvironment.HMAC_KEY_ID)
                .hasMessageContaining(IngestEnvironment.VAULT_KEY_ID)
                .hasMessageContaining("ICSMAP_BUCKET (or a bucket per zone: ICSMAP_LANDING_BUCKET");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> event, String... path) {
        Object at = event;
        for (String step : path) {
            at = ((Map<String, Object>) at).get(step);
            if (at instanceof List<?> list) {
                at = list.getFirst();
            }
        }
        return (Map<String, Object>) at;
    }

    static void setKey(Map<String, Object> event, String key) {
        if (event.containsKey("Records")) {
            object(event, "Records", "s3", "object").put("key", key);
        } else {
            object(event, "detail", "object").put("key", key);
        }
    }
}
