package org.icsmap.local;

import org.icsmap.domain.port.ObjectStore;
import org.icsmap.fixtures.aws.ObjectStoreContract;

/** The ObjectStore contract, which the AWS adapter passes too (functions/aws), against the local home. */
class DirectoryObjectStoreContractTest extends ObjectStoreContract {

    @Override
    protected ObjectStore newStore() throws Exception {
        return new DirectoryObjectStore(scratch.resolve("store"));
    }
}
