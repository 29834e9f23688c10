package org.icsmap.aws.kms;

import java.nio.file.Path;
import org.icsmap.domain.local.LocalKeyService;
import org.icsmap.domain.port.KeyService;
import org.icsmap.fixtures.aws.KeyServiceContract;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KeyService contract against its local home, here beside the KMS run so one module shows both homes
 * passing the same tests. (functions/domain cannot run it: test-fixtures depends on the domain.)
 */
class LocalKeyServiceContractTest extends KeyServiceContract {

    @TempDir
    Path temp;

    @Override
    protected KeyService newKeyService() {
        return new LocalKeyService(temp.resolve("icsmap.p12"), "test".toCharArray());
    }
}
