package org.icsmap.domain.pseudonymise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
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

    /** Bytes in a pseudonym (HMAC-SHA256). */
    public static final int BYTES = 32;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Mac mac;
    private byte[] scratch = new byte[10];

    private Pseudonymiser(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** Derives K with one key-service call. Not thread-safe: one per ingest. */
    public static Pseudonymiser derive(KeyService keys) {
        byte[] key = keys.pseudonymisationKey(LABEL);
        try {
            return new Pseudonymiser(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The pseudonym of a standardised (10-digit, valid) NHS number. */
    public String personId(String standardisedNhsNumber) {
        byte[] message = standardisedNhsNumber.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[BYTES];
        hmac(message, message.length, out);
        return HexFormat.of().formatHex(out);
    }

    /**
     * The same pseudonym as raw HMAC bytes, into {@code out} (32 bytes), allocating nothing: ingest calls
     * this once a row, and uses the bytes both as the set member (opt-outs, vault) and for the hex text.
     */
    public void personId(String standardisedNhsNumber, byte[] out) {
        int length = standardisedNhsNumber.length();
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        for (int i = 0; i < length; i++) {
            scratch[i] = (byte) standardisedNhsNumber.charAt(i); // digits only: ASCII
        }
        hmac(scratch, length, out);
    }

    /** {@link #personId(String, byte[])} of the standardised number written {@code chars[from, to)}. */
    public void personId(char[] chars, int from, int to, byte[] out) {
        int length = to - from;
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        for (int i = 0; i < length; i++) {
            scratch[i] = (byte) chars[from + i]; // digits only: ASCII
        }
        hmac(scratch, length, out);
    }

    /** HMAC-SHA256(K, message[0, length)) into {@code out[0, 32)}. */
    private void hmac(byte[] message, int length, byte[] out) {
        if (out.length < BYTES) {
            throw new IllegalArgumentException("a pseudonym needs " + BYTES + " bytes, not " + out.length);
        }
        mac.update(message, 0, length);
        try {
            mac.doFinal(out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex of a pseudonym's bytes, as ASCII bytes: what {@link #personId(String)} returns, encoded. */
    public static byte[] hexAscii(byte[] personId) {
        byte[] hex = new byte[personId.length * 2];
        hexAscii(personId, hex);
        return hex;
    }

    /** {@link #hexAscii(byte[])} into {@code hex} (twice the pseudonym's length), for a caller that reuses one array. */
    public static void hexAscii(byte[] personId, byte[] hex) {
        if (hex.length != personId.length * 2) {
            throw new IllegalArgumentException("hex must hold " + personId.length * 2 + " bytes, not " + hex.length);
        }
        hexAscii(personId, hex, 0);
    }

    /** {@link #hexAscii(byte[])} into {@code hex} from {@code at}. */
    public static void hexAscii(byte[] personId, byte[] hex, int at) {
        java.util.Objects.checkFromIndexSize(at, personId.length * 2, hex.length);
        for (int i = 0; i < personId.length; i++) {
            hex[at + 2 * i] = HEX_DIGITS[(personId[i] >> 4) & 0xF];
            hex[at + 2 * i + 1] = HEX_DIGITS[personId[i] & 0xF];
        }
    }

    /** The first 64 bits of a pseudonym: with {@link #low}, its 128-bit set member. */
    public static long high(byte[] personId) {
        return (long) LONGS.get(personId, 0);
    }

    public static long low(byte[] personId) {
        return (long) LONGS.get(personId, 8);
    }

    /** The set member of a pseudonym given as hex text (as curated files hold it): its first 32 hex digits. */
    public static long high(String personIdHex) {
        return Long.parseUnsignedLong(personIdHex, 0, 16, 16);
    }

    public static long low(String personIdHex) {
        return Long.parseUnsignedLong(personIdHex, 16, 32, 16);
    }
}
