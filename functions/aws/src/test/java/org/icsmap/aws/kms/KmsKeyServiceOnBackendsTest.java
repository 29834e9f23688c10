package org.icsmap.aws.kms;

import org.icsmap.aws.backend.Backend;
import org.junit.jupiter.api.Nested;

/** {@link KmsKeyServiceSuite} on each backend: in-process always, LocalStack when selected (skipped otherwise). */
class KmsKeyServiceOnBackendsTest {

    @Nested
    class InProcess extends KmsKeyServiceSuite {
        @Override
        protected Backend backend() {
            return Backend.IN_PROCESS;
        }
    }

    @Nested
    class OnLocalStack extends KmsKeyServiceSuite {
        @Override
        protected Backend backend() {
            return Backend.LOCALSTACK;
        }
    }
}
