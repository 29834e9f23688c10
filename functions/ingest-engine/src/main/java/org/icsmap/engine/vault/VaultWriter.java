package org.icsmap.engine.vault;

import static org.icsmap.domain.vault.Vault.BLOCK_PATIENTS;
import static org.icsmap.domain.vault.Vault.FORMAT;
import static org.icsmap.domain.vault.Vault.NONCE_BYTES;
import static org.icsmap.domain.vault.Vault.NUMBER_DIGITS;
import static org.icsmap.domain.vault.Vault.PSEUDONYM_HEX;
import static org.icsmap.domain.vault.Vault.SEALED;
import static org.icsmap.domain.vault.Vault.TAG_BITS;
import static org.icsmap.domain.vault.Vault.encryptionContext;
import static org.icsmap.domain.vault.Vault.sha256;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.port.KeyService.DataKey;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.domain.vault.Vault;
import org.icsmap.engine.hashing.Hash128Set;

/**
 * Writes one {@link Vault} file ({@value Vault#FORMAT}). Asks the key service for one data key, on the first patient only, so an
 * upload costs at most one call here whatever its size.
 *
 * <p>The pseudonyms already written are a {@link Hash128Set} of their first 128 bits (~18–37 bytes a patient, no
 * object each), and each block's 96-bit GCM nonce is a
 * random 32-bit prefix drawn once per file followed by a 64-bit counter — NIST SP 800-38D's
 * deterministic construction (§8.2.1), which never repeats a nonce under one data key and costs no
 * random bytes per block. Every file has its own fresh data key, so counters restarting at zero in
 * the next file do not matter. The nonce is stored with each block.
 */
public final class VaultWriter implements Closeable {
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final VarHandle LONG_NONCE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final KeyService keys;
    private final Map<String, String> context;
    private final Path file;
    private final Hash128Set seen = new Hash128Set();
    private final byte[] nonce = new byte[NONCE_BYTES];
    /** The block being filled: its pseudonym lines (the associated data, written as they are) and its numbers. */
    private final byte[] blockLines = new byte[BLOCK_PATIENTS * (PSEUDONYM_HEX + 1)];
    private final byte[] blockNumbers = new byte[BLOCK_PATIENTS * NUMBER_DIGITS];
    private int blockSize;
    private final byte[] sealed = new byte[NONCE_BYTES + BLOCK_PATIENTS * NUMBER_DIGITS + TAG_BITS / 8];
    private final byte[] base64 = new byte[(sealed.length + 2) / 3 * 4];
    private final MessageDigest sha256 = sha256();
    private final byte[] linesDigest = new byte[32];
    private long counter;
    /** The standardised NHS number being added, as ASCII digits. */
    private final byte[] digits = new byte[NUMBER_DIGITS];
    private OutputStream out;
    private Cipher cipher;
    private SecretKeySpec key;

    public VaultWriter(KeyService keys, String ics, String provider, Path file) {
        this.keys = keys;
        this.context = encryptionContext(ics, provider);
        this.file = file;
    }

    /** Records a patient's NHS number once per file. */
    public void add(String personId, String nhsNumber) throws IOException {
        add(Pseudonymiser.high(personId), Pseudonymiser.low(personId), personId.getBytes(StandardCharsets.US_ASCII), nhsNumber);
    }

    /**
     * Records a patient's NHS number once per file, the pseudonym given as its set member
     * ({@link Pseudonymiser#high}, {@link Pseudonymiser#low}) and its hex text as ASCII bytes.
     */
    public void add(long high, long low, byte[] personIdHex, String nhsNumber) throws IOException {
        char[] chars = nhsNumber.toCharArray();
        add(high, low, personIdHex, chars, 0, chars.length);
    }

    /** {@link #add(long, long, byte[], String)} with the standardised NHS number written {@code chars[from, to)}. */
    public void add(long high, long low, byte[] personIdHex, char[] nhsNumber, int from, int to) throws IOException {
        if (personIdHex.length != PSEUDONYM_HEX) {
            throw new IllegalArgumentException("not a pseudonym");
        }
        add(high, low, personIdHex, 0, nhsNumber, from, to);
    }

    /** As {@link #add(long, long, byte[], char[], int, int)}, the hex text being {@code hex[hexFrom, hexFrom + 64)}. */
    public void add(long high, long low, byte[] hex, int hexFrom, char[] nhsNumber, int from, int to) throws IOException {
        if (to - from != NUMBER_DIGITS || hexFrom < 0 || hexFrom + PSEUDONYM_HEX > hex.length) {
            throw new IllegalArgumentException("not a pseudonym and a standardised NHS number");
        }
        for (int i = 0; i < NUMBER_DIGITS; i++) {
            char c = nhsNumber[from + i];
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a standardised NHS number");
            }
            digits[i] = (byte) c;
        }
        if (!seen.add(high, low)) {
            return;
        }
        if (out == null) {
            open();
        }
        int line = blockSize * (PSEUDONYM_HEX + 1);
        System.arraycopy(hex, hexFrom, blockLines, line, PSEUDONYM_HEX);
        blockLines[line + PSEUDONYM_HEX] = '\n';
        System.arraycopy(digits, 0, blockNumbers, blockSize * NUMBER_DIGITS, NUMBER_DIGITS);
        if (++blockSize == BLOCK_PATIENTS) {
            sealBlock();
        }
    }

    /** Writes the block's pseudonym lines and, after them, the line sealing their numbers. */
    private void sealBlock() throws IOException {
        if (blockSize == 0) {
            return;
        }
        int lines = blockSize * (PSEUDONYM_HEX + 1);
        int numbers = blockSize * NUMBER_DIGITS;
        int length;
        try {
            LONG_NONCE.set(nonce, NONCE_BYTES - Long.BYTES, counter++);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            sha256.update(blockLines, 0, lines);
            sha256.digest(linesDigest, 0, linesDigest.length);
            cipher.updateAAD(linesDigest);
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            length = NONCE_BYTES + cipher.doFinal(blockNumbers, 0, numbers, sealed, NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
        out.write(blockLines, 0, lines);
        int encoded = BASE64.encode(length == sealed.length ? sealed : Arrays.copyOf(sealed, length), base64); // a short block: the last
        out.write(SEALED);
        out.write(base64, 0, encoded);
        out.write('\n');
        blockSize = 0;
    }

    public int patients() {
        return seen.size();
    }
    /** Whether anything was written (an upload without valid NHS numbers makes no vault file). */
    public boolean isEmpty() {
        return out == null;
    }

    private void open() throws IOException {
        DataKey dataKey = keys.generateDataKey(context);
        key = new SecretKeySpec(dataKey.plaintext(), "AES");
        Arrays.fill(dataKey.plaintext(), (byte) 0);
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
        new SecureRandom().nextBytes(nonce); // the first four bytes stay: the file's nonce prefix
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        StringBuilder header = new StringBuilder("#format=" + FORMAT + "\n");
        for (Map.Entry<String, String> entry : new TreeMap<>(context).entrySet()) {
            header.append("#context.").append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
        }
        header.append("#encrypted_data_key=").append(Base64.getEncoder().encodeToString(dataKey.encrypted())).append('\n');
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        try {
            if (out != null) {
                sealBlock();
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }
}
