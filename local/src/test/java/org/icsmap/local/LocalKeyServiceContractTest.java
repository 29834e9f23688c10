package org.icsmap.local;

import java.nio.file.Path;
import org.icsmap.domain.port.KeyService;
import org.icsmap.fixtures.aws.KeyServiceContract;
import org.junit.jupiter.api.io.TempDir;

/** The KeyService contract, which the AWS adapter passes too (functions/aws), against the local home. */
class LocalKeyServiceContractTest extends KeyServiceContract {

    @TempDir
    Path temp;

    @Override
    protected KeyService newKeyService() {
        return new LocalKeyService(temp.resolve("icsmap.p12"), "test".toCharArray());
    }
}
