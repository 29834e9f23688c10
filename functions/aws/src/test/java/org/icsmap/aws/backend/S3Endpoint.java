package org.icsmap.aws.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.icsmap.aws.s3.S3MockServer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 to test against on one {@link Backend}: a bucket made for this test class, SDK clients for it, and a
 * KMS key the bucket's objects may be encrypted under. Open one per test class; close it after.
 */
public final class S3Endpoint implements AutoCloseable {

    private final Backend backend;
    private final String bucket;
    private final String sseKmsKeyId;
    private final S3MockServer s3mock;
    private final S3Client client;

    private S3Endpoint(Backend backend, String bucket, String sseKmsKeyId, S3MockServer s3mock) {
        this.backend = backend;
        this.bucket = bucket;
        this.sseKmsKeyId = sseKmsKeyId;
        this.s3mock = s3mock;
        this.client = client();
    }

    /** Starts S3Mock over a temporary directory (it removes it when it stops) in-process; creates a bucket on LocalStack. */
    public static S3Endpoint open(Backend backend) {
        String bucket = "icsmap-it-" + UUID.randomUUID().toString().substring(0, 8);
        if (backend == Backend.IN_PROCESS) {
            Path root;
            try {
                root = Files.createTempDirectory("icsmap-s3mock");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new S3Endpoint(backend, bucket, S3MockServer.KMS_KEY_ID, new S3MockServer(root, bucket));
        }
        String keyId;
        try (KmsClient kms = KmsClient.builder().endpointOverride(LocalStackEnvironment.container().getEndpoint())
                .region(LocalStackEnvironment.region()).credentialsProvider(LocalStackEnvironment.credentials()).build()) {
            keyId = kms.createKey(request -> request.description("icsmap integration test: zone key")).keyMetadata().keyId();
        }
        S3Endpoint endpoint = new S3Endpoint(backend, bucket, keyId, null);
        endpoint.client.createBucket(request -> request.bucket(bucket));
        return endpoint;
    }

    public Backend backend() {
        return backend;
    }

    public String bucket() {
        return bucket;
    }

    /** A KMS key id this backend accepts in {@code x-amz-server-side-encryption-aws-kms-key-id}. */
    public String sseKmsKeyId() {
        return sseKmsKeyId;
    }

    /** The shared client of this endpoint. */
    public S3Client s3() {
        return client;
    }

    /** A new client (close it) whose requests pass through the given interceptors. */
    public S3Client client(ExecutionInterceptor... interceptors) {
        if (s3mock != null) {
            return s3mock.client(interceptors);
        }
        return S3Client.builder()
                .endpointOverride(LocalStackEnvironment.container().getEndpoint())
                .forcePathStyle(true)
                .region(LocalStackEnvironment.region())
                .credentialsProvider(LocalStackEnvironment.credentials())
                .overrideConfiguration(configuration -> configuration.executionInterceptors(List.of(interceptors)))
                .build();
    }

    @Override
    public void close() {
        client.close();
        if (s3mock != null) {
            s3mock.close();
        }
    }
}
