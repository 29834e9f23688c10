package org.icsmap.engine.ingest;

import java.util.Map;
import org.icsmap.domain.port.KeyService;

/** Counts key-service calls, so the report (and tests) can show it stays at most two per upload. */
final class CountingKeys implements KeyService {
    private final KeyService delegate;
    int calls;

    CountingKeys(KeyService delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] pseudonymisationKey(String label) {
        calls++;
        return delegate.pseudonymisationKey(label);
    }

    @Override
    public DataKey generateDataKey(Map<String, String> encryptionContext) {
        calls++;
        return delegate.generateDataKey(encryptionContext);
    }

    @Override
    public byte[] decryptDataKey(byte[] encryptedKey, Map<String, String> encryptionContext) {
        calls++;
        return delegate.decryptDataKey(encryptedKey, encryptionContext);
    }
}
