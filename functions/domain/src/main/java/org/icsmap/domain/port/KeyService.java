package org.icsmap.domain.port;

import java.util.Arrays;
import java.util.Map;

/**
 * The keys behind pseudonyms and the vault. On AWS: KMS (an HMAC_256 key that never leaves KMS, and a
 * symmetric key for data keys); locally: software keys in a keystore file made on first run.
 * Callers make at most a couple of calls per invocation, never one per row: KMS's request quota is
 * shared by the whole account and region.
 */
public interface KeyService {

    /**
     * The pseudonymisation key K: the HMAC of a fixed, versioned label under the non-exportable HMAC key
     * (KMS GenerateMac). The same label gives the same K everywhere, which is what makes linkage work.
     */
    byte[] pseudonymisationKey(String label);

    /** A fresh 256-bit data key, and the same key encrypted under the vault key bound to the encryption context. */
    DataKey generateDataKey(Map<String, String> encryptionContext);

    /** Decrypts a data key; fails unless the encryption context is exactly the one it was made with. */
    byte[] decryptDataKey(byte[] encryptedKey, Map<String, String> encryptionContext);

    /** A data key: use {@code plaintext} and forget it, store {@code encrypted}. */
    record DataKey(byte[] plaintext, byte[] encrypted) {
        @Override
        public boolean equals(Object other) {
            return other instanceof DataKey d && Arrays.equals(plaintext, d.plaintext) && Arrays.equals(encrypted, d.encrypted);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(encrypted);
        }

        @Override
        public String toString() {
            return "DataKey[" + encrypted.length + " encrypted bytes]";
        }
    }

    /** The key service refused (wrong encryption context, no permission, throttled) or failed. */
    final class KeyServiceException extends RuntimeException {
        public KeyServiceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
