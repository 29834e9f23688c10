package org.icsmap.aws.s3;

import org.icsmap.domain.local.DirectoryObjectStore;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.fixtures.aws.ObjectStoreContract;

/**
 * The ObjectStore contract against its local home, here beside the S3 runs so one module shows both
 * homes passing the same tests. (functions/domain cannot run it: test-fixtures depends on the domain.)
 */
class DirectoryObjectStoreContractTest extends ObjectStoreContract {

    @Override
    protected ObjectStore newStore() throws Exception {
        return new DirectoryObjectStore(scratch.resolve("store"));
    }
}
