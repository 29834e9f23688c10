package org.icsmap.aws.backend;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the AWS integration suite runs its SDK clients. The suite is written once and runs on each backend:
 * the in-process one on every build, LocalStack when asked for ({@code ./mvnw verify -Plocalstack}) and a
 * Docker engine is there. A backend that cannot run is reported as skipped, never as passed or failed.
 */
public enum Backend {

    /** S3Mock for S3, the KMS JSON-protocol double for KMS, the local ASL interpreter for Step Functions. */
    IN_PROCESS,

    /** LocalStack in a container, through Testcontainers: S3, KMS (with HMAC keys), Step Functions. */
    LOCALSTACK;

    /** Whether this backend can run here. */
    public boolean available() {
        return this == IN_PROCESS || LocalStackEnvironment.available();
    }

    /**
     * Skips the calling test when this backend cannot run here. Call it from each test (or a
     * {@code @BeforeEach}), not from a class-level callback, so that every test is reported as skipped.
     */
    public void assumeAvailable() {
        if (this == LOCALSTACK) {
            Assumptions.assumeTrue(LocalStackEnvironment.available(), LocalStackEnvironment::unavailableReason);
        }
    }

    @Override
    public String toString() {
        return this == IN_PROCESS ? "in-process" : "LocalStack";
    }
}
