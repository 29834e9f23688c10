package org.icsmap.domain.pseudonymise;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.icsmap.domain.port.KeyService;

/**
 * {@code person_id = HMAC-SHA256(K, NHS number)}, lower-case hex. K comes from the key service once per
 * invocation (one KMS call, whatever the row count) and never leaves this object.
 *
 * <p>The label is versioned: changing it re-keys every pseudonym in the ICS, which is a deliberate,
 * whole-system event (all curated data must then be re-ingested), never a side effect.
 */
public final class Pseudonymiser {

    /** The label K is derived from. */
    public static final String LABEL = "icsmap/person-id/v1";

    private final Mac mac;

    private Pseudonymiser(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Derives K with one key-service call. Not thread-safe: one per ingest. */
    public static Pseudonymiser derive(KeyService keys) {
        byte[] key = keys.pseudonymisationKey(LABEL);
        try {
            return new Pseudonymiser(key);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /** The pseudonym of a standardised (10-digit, valid) NHS number. */
    public String personId(String standardisedNhsNumber) {
        return HexFormat.of().formatHex(mac.doFinal(standardisedNhsNumber.getBytes(StandardCharsets.US_ASCII)));
    }
}
