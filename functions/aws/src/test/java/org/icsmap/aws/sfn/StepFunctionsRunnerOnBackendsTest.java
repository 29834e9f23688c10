package org.icsmap.aws.sfn;

import org.icsmap.aws.backend.Backend;
import org.junit.jupiter.api.Nested;

/** {@link StepFunctionsRunnerSuite} on each backend: in-process always, LocalStack when selected (skipped otherwise). */
class StepFunctionsRunnerOnBackendsTest {

    @Nested
    class InProcess extends StepFunctionsRunnerSuite {
        @Override
        protected Backend backend() {
            return Backend.IN_PROCESS;
        }
    }

    @Nested
    class OnLocalStack extends StepFunctionsRunnerSuite {
        @Override
        protected Backend backend() {
            return Backend.LOCALSTACK;
        }
    }
}
