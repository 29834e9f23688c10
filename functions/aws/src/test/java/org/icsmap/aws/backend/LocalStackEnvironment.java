package org.icsmap.aws.backend;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * One LocalStack container for the whole test JVM, started on first use (it takes tens of seconds) and
 * stopped by Testcontainers' reaper when the JVM ends. Used only when the build asks for it
 * ({@code -Plocalstack} sets {@code icsmap.localstack=true}) and a Docker engine answers.
 */
public final class LocalStackEnvironment {

    /** Pinned: a moving tag would change the emulator under the tests without a commit. */
    public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");
    public static final String ENABLED_PROPERTY = "icsmap.localstack";

    private static LocalStackContainer container;

    private LocalStackEnvironment() {
    }

    static boolean available() {
        return Boolean.getBoolean(ENABLED_PROPERTY) && DockerClientFactory.instance().isDockerAvailable();
    }

    static String unavailableReason() {
        if (!Boolean.getBoolean(ENABLED_PROPERTY)) {
            return "LocalStack backend not selected (run ./mvnw verify -Plocalstack on a machine with Docker)";
        }
        return "LocalStack backend selected but no Docker engine answers: skipped";
    }

    /** The running container, started with S3, KMS and Step Functions on first call. */
    public static synchronized LocalStackContainer container() {
        if (container == null) {
            LocalStackContainer started = new LocalStackContainer(IMAGE).withServices(
                    LocalStackContainer.Service.S3, LocalStackContainer.Service.KMS, LocalStackContainer.Service.STEPFUNCTIONS);
            started.start();
            container = started;
        }
        return container;
    }

    public static Region region() {
        return Region.of(container().getRegion());
    }

    public static AwsCredentialsProvider credentials() {
        LocalStackContainer running = container();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(running.getAccessKey(), running.getSecretKey()));
    }
}
