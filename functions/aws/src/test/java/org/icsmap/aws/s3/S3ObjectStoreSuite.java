package org.icsmap.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.domain.port.ObjectStore.StoredObject;
import org.icsmap.fixtures.aws.ObjectStoreContract;
import org.icsmap.aws.backend.Backend;
import org.icsmap.aws.backend.S3Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The ObjectStore contract, and what only the S3 adapter has, on every {@link Backend}: S3Mock in-process on
 * every build, LocalStack with {@code -Plocalstack} where Docker runs. Real HTTP, the real SDK client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3ObjectStoreSuite extends ObjectStoreContract {

    private S3Endpoint endpoint;
    private S3Client s3;
    private String bucket;

    /** The backend this run of the suite is on. */
    protected abstract Backend backend();

    @BeforeAll
    void openBackend() {
        if (!backend().available()) {
            return; // each test reports itself skipped (newStore)
        }
        endpoint = S3Endpoint.open(backend());
        s3 = endpoint.s3();
        bucket = endpoint.bucket();
    }

    @AfterAll
    void closeBackend() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    /** Each test gets its own key prefix in the shared bucket, which exercises the prefix handling too. */
    @Override
    protected ObjectStore newStore() {
        backend().assumeAvailable();
        return new S3ObjectStore(s3, bucket, freshPrefix(), Optional.empty());
    }

    /**
     * S3Mock checks for the object and then writes it, not under one lock: of eight concurrent create-only writers two
     * have both won on CI. Its sequential answers (412 when the key exists) are still tested here, and the race on
     * LocalStack and the directory store.
     */
    @Override
    protected boolean conditionalWritesAreAtomic() {
        return backend() != Backend.IN_PROCESS;
    }

    @Test
    void withAKmsKeyEveryPutAsksForSseKmsUnderIt() throws IOException {
        String prefix = freshPrefix();
        ObjectStore encrypted = new S3ObjectStore(s3, bucket, prefix, Optional.of(endpoint.sseKmsKeyId()));

        encrypted.put("vault/provider=RX1/keys.bin", utf8("sealed"), Map.of("provider", "RX1"));
        encrypted.put("vault/provider=RX1/file.bin", writeTemp("sealed too"), Map.of());

        for (String key : List.of("vault/provider=RX1/keys.bin", "vault/provider=RX1/file.bin")) {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(prefix + key));
            assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
            assertThat(head.ssekmsKeyId()).endsWith(endpoint.sseKmsKeyId());
        }
    }

    @Test
    void theKeyPrefixIsAddedOnTheWayInAndRemovedOnTheWayOut() throws IOException {
        String prefix = freshPrefix();
        ObjectStore zone = new S3ObjectStore(s3, bucket, prefix, Optional.empty());
        ObjectStore neighbour = new S3ObjectStore(s3, bucket, freshPrefix(), Optional.empty());

        zone.put("a.csv", utf8("a"), Map.of());
        neighbour.put("b.csv", utf8("b"), Map.of());

        assertThat(s3.headObject(request -> request.bucket(bucket).key(prefix + "a.csv")).contentLength()).isEqualTo(1);
        assertThat(zone.list("")).extracting(StoredObject::key).containsExactly("a.csv");
        assertThat(zone.stat("b.csv")).isEmpty();
    }

    @Test
    void listFollowsContinuationTokensAcrossPages() throws IOException {
        AtomicInteger listRequests = new AtomicInteger();
        ExecutionInterceptor twoPerPage = new ExecutionInterceptor() {
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                if (context.request() instanceof ListObjectsV2Request list) {
                    listRequests.incrementAndGet();
                    return list.toBuilder().maxKeys(2).build();
                }
                return context.request();
            }
        };
        String prefix = freshPrefix();
        try (S3Client paging = endpoint.client(twoPerPage)) {
            ObjectStore store = new S3ObjectStore(paging, bucket, prefix, Optional.empty());
            for (int i = 0; i < 5; i++) {
                store.put("curated/part-" + i + ".parquet", utf8("p" + i), Map.of());
            }

            assertThat(store.list("curated/")).extracting(StoredObject::key).containsExactly(
                    "curated/part-0.parquet", "curated/part-1.parquet", "curated/part-2.parquet",
                    "curated/part-3.parquet", "curated/part-4.parquet");
        }
        assertThat(listRequests).hasValue(3); // pages of 2 + 2 + 1
    }

    @Test
    void s3FailuresBecomeIOExceptionsNamingTheOperationObjectAndErrorCode() {
        ObjectStore missingBucket = new S3ObjectStore(s3, "no-such-bucket", "landing/", Optional.empty());

        assertThatThrownBy(() -> missingBucket.put("a.csv", utf8("a"), Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("PutObject")
                .hasMessageContaining("s3://no-such-bucket/landing/a.csv")
                .hasMessageContaining("NoSuchBucket");
        assertThatThrownBy(() -> missingBucket.list(""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ListObjectsV2")
                .hasMessageContaining("NoSuchBucket");
    }

    @Test
    void aKeyPrefixMustEndWithASlash() {
        assertThatThrownBy(() -> new S3ObjectStore(s3, bucket, "landing", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3ObjectStore(s3, bucket, "/landing/", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String freshPrefix() {
        return "test-" + UUID.randomUUID() + "/";
    }

    private Path writeTemp(String text) throws IOException {
        return Files.writeString(scratch.resolve(UUID.randomUUID() + ".txt"), text);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
