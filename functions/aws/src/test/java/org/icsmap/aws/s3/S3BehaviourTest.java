package org.icsmap.aws.s3;

import org.icsmap.aws.backend.Backend;
import org.junit.jupiter.api.Nested;

/** {@link S3BehaviourSuite} on each backend: in-process always, LocalStack when selected (skipped otherwise). */
class S3BehaviourTest {

    @Nested
    class InProcess extends S3BehaviourSuite {
        @Override
        protected Backend backend() {
            return Backend.IN_PROCESS;
        }
    }

    @Nested
    class OnLocalStack extends S3BehaviourSuite {
        @Override
        protected Backend backend() {
            return Backend.LOCALSTACK;
        }
    }
}
