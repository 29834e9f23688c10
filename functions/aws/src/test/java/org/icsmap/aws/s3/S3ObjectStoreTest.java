package org.icsmap.aws.s3;

import org.icsmap.aws.backend.Backend;
import org.junit.jupiter.api.Nested;

/** {@link S3ObjectStoreSuite} on each backend: in-process always, LocalStack when selected (skipped otherwise). */
class S3ObjectStoreTest {

    @Nested
    class InProcess extends S3ObjectStoreSuite {
        @Override
        protected Backend backend() {
            return Backend.IN_PROCESS;
        }
    }

    @Nested
    class OnLocalStack extends S3ObjectStoreSuite {
        @Override
        protected Backend backend() {
            return Backend.LOCALSTACK;
        }
    }
}
