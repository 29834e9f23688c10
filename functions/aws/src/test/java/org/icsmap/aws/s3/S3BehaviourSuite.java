package org.icsmap.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.icsmap.aws.backend.Backend;
import org.icsmap.aws.backend.S3Endpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 behaviours the platform relies on, checked against each {@link Backend} with the plain SDK client:
 * a PUT replaces an object whole (ingest replaces a partition's {@code data.parquet} in one PUT, so readers see
 * the old or the new file, never a mix); ETags follow content (the S3 event's ETag tells a replayed upload from
 * a new one); ranged and streamed GETs return exactly the bytes asked for (Parquet readers read footers by
 * range, ingest streams extracts); a declared SHA-256 checksum is enforced (pre-signed uploads declare one);
 * and a create-only PUT ({@code If-None-Match: *}) never overwrites (audit records are append-only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3BehaviourSuite {

    private S3Endpoint endpoint;

    /** The backend this run of the suite is on. */
    protected abstract Backend backend();

    private S3Client s3;
    private String bucket;
    private String prefix;

    @BeforeAll
    void openBackend() {
        if (backend().available()) {
            endpoint = S3Endpoint.open(backend());
        }
    }

    @AfterAll
    void closeBackend() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    @BeforeEach
    void useBackend() {
        backend().assumeAvailable();
        s3 = endpoint.s3();
        bucket = endpoint.bucket();
        prefix = "test-" + UUID.randomUUID() + "/";
    }

    @Test
    void aPutReplacesTheWholeObjectAndItsMetadata() throws IOException {
        String key = prefix + "curated/feed=apc/provider=RFS/period=2024-04/data.parquet";
        s3.putObject(r -> r.bucket(bucket).key(key).metadata(Map.of("upload-id", "first")), RequestBody.fromBytes(bytes(4096, 1)));
        s3.putObject(r -> r.bucket(bucket).key(key).metadata(Map.of("upload-id", "second")), RequestBody.fromBytes(bytes(100, 2)));

        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(100, 2));
            assertThat(in.response().metadata()).isEqualTo(Map.of("upload-id", "second"));
            assertThat(in.response().contentLength()).isEqualTo(100);
        }
    }

    @Test
    void eTagsFollowContent() {
        String a = prefix + "landing/a.csv";
        String b = prefix + "landing/b.csv";
        String first = s3.putObject(r -> r.bucket(bucket).key(a), RequestBody.fromBytes(bytes(1000, 7))).eTag();
        String same = s3.putObject(r -> r.bucket(bucket).key(b), RequestBody.fromBytes(bytes(1000, 7))).eTag();
        String changed = s3.putObject(r -> r.bucket(bucket).key(a), RequestBody.fromBytes(bytes(1000, 8))).eTag();

        assertThat(same).as("same bytes, same ETag").isEqualTo(first);
        assertThat(changed).as("new bytes under the same key").isNotEqualTo(first);
        assertThat(s3.headObject(r -> r.bucket(bucket).key(a)).eTag()).isEqualTo(changed);
    }

    @Test
    void rangedGetsReturnExactlyTheBytesAsked() throws IOException {
        byte[] content = bytes(100_000, 3);
        String key = prefix + "curated/data.parquet";
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));

        try (InputStream footer = s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=-8"))) {
            assertThat(footer.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 8, content.length));
        }
        try (InputStream middle = s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=1000-1999"))) {
            assertThat(middle.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 2000));
        }
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=200000-200100")).close())
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(416));
    }

    @Test
    void aStreamedGetCanBeReadInSmallPieces() throws IOException {
        byte[] content = bytes(3 * 1024 * 1024 + 17, 4);
        String key = prefix + "landing/large.csv";
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));

        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream(content.length);
            byte[] buffer = new byte[8191];
            for (int read; (read = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, read);
            }
            assertThat(sha256(received.toByteArray())).isEqualTo(sha256(content));
        }
    }

    /**
     * A pre-signed upload sends its body in one plain PUT with the declared {@code x-amz-checksum-sha256} as a
     * header (no chunked trailer, unlike the SDK's own uploads), so that is the request checked here.
     */
    @Test
    void aPlainPutWhoseDeclaredSha256DoesNotMatchTheBodyIsRefused() throws Exception {
        String key = prefix + "landing/provider=RFS/feed=apc/period=2024-04/u.csv";
        URI object = endpoint.s3().serviceClientConfiguration().endpointOverride().orElseThrow().resolve("/" + bucket + "/" + key);
        byte[] body = bytes(10, 1);
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(object)
                .header("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(sha256(bytes(10, 9))))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        // S3 answers BadDigest; S3Mock BadRequest naming the header. Either way: refused, nothing stored.
        assertThat(refused.body()).containsAnyOf("BadDigest", "x-amz-checksum-sha256");
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key(key))).isInstanceOf(S3Exception.class);

        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(object)
                .header("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(sha256(body)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(s3.headObject(r -> r.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)).checksumSHA256())
                .isEqualTo(Base64.getEncoder().encodeToString(sha256(body)));
    }

    @Test
    void aCreateOnlyPutNeverOverwrites() throws IOException {
        String key = prefix + "audit/reidentify/2024/request.json";
        s3.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(bytes(10, 1)));

        assertThatThrownBy(() -> s3.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(bytes(10, 2))))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(10, 1));
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
