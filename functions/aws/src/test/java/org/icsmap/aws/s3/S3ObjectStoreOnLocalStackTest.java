package org.icsmap.aws.s3;

import java.util.Optional;
import java.util.UUID;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.fixtures.aws.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The ObjectStore contract against LocalStack's S3 in a container. Skipped where there is no Docker
 * engine; S3Mock covers the adapter on every run (S3ObjectStoreOnS3MockTest).
 */
@EnabledIf(value = "dockerIsAvailable", disabledReason = "no Docker engine: LocalStack tests skipped")
class S3ObjectStoreOnLocalStackTest extends ObjectStoreContract {

    /** Pinned: a moving tag would change the emulator under the tests without a commit. */
    private static final DockerImageName LOCALSTACK = DockerImageName.parse("localstack/localstack:4.4.0");
    private static final String BUCKET = "icsmap-zones";

    private static LocalStackContainer localstack;
    private static S3Client s3;

    static boolean dockerIsAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void startLocalStack() {
        localstack = new LocalStackContainer(LOCALSTACK).withServices(LocalStackContainer.Service.S3);
        localstack.start();
        s3 = S3Client.builder()
                .endpointOverride(localstack.getEndpoint())
                .forcePathStyle(true)
                .region(Region.of(localstack.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
                .build();
        s3.createBucket(request -> request.bucket(BUCKET));
    }

    @AfterAll
    static void stopLocalStack() {
        if (s3 != null) {
            s3.close();
        }
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Override
    protected ObjectStore newStore() {
        return new S3ObjectStore(s3, BUCKET, "test-" + UUID.randomUUID() + "/", Optional.empty());
    }
}
