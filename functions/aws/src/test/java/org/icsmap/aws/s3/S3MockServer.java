package org.icsmap.aws.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Mock (a Spring Boot app) started inside the test JVM on free ports, storing objects under a given
 * directory, with real HTTP between the SDK client and it. Start one per test class: startup takes a
 * few seconds. Shared with other modules' tests through this module's test jar.
 */
public final class S3MockServer implements AutoCloseable {

    /**
     * The only KMS key S3Mock accepts for SSE-KMS (it checks key ids, it does not encrypt). It is registered
     * by ARN but matched by bare id: S3Mock refuses the ARN in a request, which real S3 accepts.
     */
    public static final String KMS_KEY_ID = "6a7f2c1e-0000-4000-8000-00000000cccc";
    private static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/" + KMS_KEY_ID;

    private final S3MockApplication application;

    public S3MockServer(Path root, String... initialBuckets) {
        // A mutable map: start() removes the keys it handles itself.
        application = S3MockApplication.start(new HashMap<>(Map.of(
                S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_SILENT, true, // root logger at WARN
                "com.adobe.testing.s3mock.store.root", root.toString(),
                "com.adobe.testing.s3mock.store.retain-files-on-exit", false,
                "com.adobe.testing.s3mock.store.initial-buckets", String.join(",", initialBuckets),
                "com.adobe.testing.s3mock.store.valid-kms-keys", KMS_KEY_ARN,
                // the default 10MB limit is too tight for a 10 MiB object, or a large extract, plus chunk signatures
                "com.adobe.testing.s3mock.max-payload-size", "256MB")));
    }

    /** Where the server listens (plain HTTP on the loopback interface). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + application.getHttpPort());
    }

    /** An SDK client for this server: path-style addressing (no bucket DNS names), a dummy region and keys. */
    public S3Client client(ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(configuration -> configuration.executionInterceptors(List.of(interceptors)))
                .build();
    }

    @Override
    public void close() {
        application.stop();
    }
}
