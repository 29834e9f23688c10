package org.icsmap.domain.vault;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.icsmap.domain.hashing.Hash128Set;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.port.KeyService.DataKey;
import org.icsmap.domain.pseudonymise.Pseudonymiser;

/**
 * The re-identification vault: for each provider, the NHS numbers it sent, by pseudonym, encrypted with
 * AES-256-GCM under a data key whose key-service encryption context names the ICS and that provider.
 * Only a caller whose own organisation is in the context can have the data key decrypted, so the key
 * service itself refuses another organisation's patients.
 *
 * <p>One vault file per curated partition ({@code vault/provider=<ODS>/feed=<feed>/period=<YYYY-MM>.vault}),
 * replaced with it. Text: {@code #}-prefixed header lines (format, context, encrypted data key), then one
 * line per patient: {@code person_id TAB base64(nonce ‖ ciphertext)}; the pseudonym is the GCM
 * associated data, so a line cannot be moved to another pseudonym.
 */
public final class Vault {

    public static final String FORMAT = "icsmap-vault/1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final VarHandle LONG_NONCE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Vault() {
    }

    public static String key(String provider, String feed, String period) {
        return "vault/provider=" + provider + "/feed=" + feed + "/period=" + period + ".vault";
    }

    public static String providerPrefix(String provider) {
        return "vault/provider=" + provider + "/";
    }

    /** The encryption context that binds a provider's vault keys. */
    public static Map<String, String> encryptionContext(String ics, String provider) {
        return Map.of("ics", ics, "provider", provider);
    }

    /**
     * Writes one vault file. Asks the key service for one data key, on the first patient only, so an
     * upload costs at most one call here whatever its size.
     *
     * <p>Built for ingest's hot path: the pseudonyms already written are a {@link Hash128Set} of their
     * first 128 bits (~18–37 bytes a patient, no object each), and each entry's 96-bit GCM nonce is a
     * random 32-bit prefix drawn once per file followed by a 64-bit counter — NIST SP 800-38D's
     * deterministic construction (§8.2.1), which never repeats a nonce under one data key and costs no
     * random bytes per entry. Every file has its own fresh data key, so counters restarting at zero in
     * the next file do not matter. Readers see the same format as ever: the nonce is stored with each entry.
     */
    public static final class Writer implements Closeable {
        private final KeyService keys;
        private final Map<String, String> context;
        private final Path file;
        private final Hash128Set seen = new Hash128Set();
        private final byte[] nonce = new byte[NONCE_BYTES];
        private final byte[] plaintext = new byte[16];
        private final byte[] encodedScratch = new byte[64];
        private final byte[] line = new byte[256];
        /** Nonce, ciphertext and tag of the entry being written; every standardised number has ten digits, so one size. */
        private byte[] sealed = new byte[0];
        private long counter;
        /**
         * Patients given to {@link #add} and not yet looked up: added {@value #BATCH} at a time, each batch's set slots
         * peeked at first ({@link Hash128Set#peek}) so their cache misses overlap. The file is the same, line for line.
         */
        private static final int BATCH = 16;
        private final long[] pendingHigh = new long[BATCH];
        private final long[] pendingLow = new long[BATCH];
        private final byte[][] pendingHex = new byte[BATCH][];
        /** Each pending patient's standardised NHS number, as ASCII digits. */
        private final byte[][] pendingNumber = new byte[BATCH][16];
        private final int[] pendingNumberLength = new int[BATCH];
        private int pending;
        private long peeked;
        private OutputStream out;
        private Cipher cipher;
        private SecretKeySpec key;

        public Writer(KeyService keys, String ics, String provider, Path file) {
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
            int length = to - from;
            if (length > pendingNumber[pending].length) {
                throw new IllegalArgumentException("not a standardised NHS number");
            }
            byte[] digits = pendingNumber[pending];
            for (int i = 0; i < length; i++) {
                digits[i] = (byte) nhsNumber[from + i]; // standardised: ten ASCII digits
            }
            pendingNumberLength[pending] = length;
            byte[] hex = pendingHex[pending];
            if (hex == null || hex.length != personIdHex.length) {
                hex = new byte[personIdHex.length];
                pendingHex[pending] = hex;
            }
            System.arraycopy(personIdHex, 0, hex, 0, hex.length);
            pendingHigh[pending] = high;
            pendingLow[pending] = low;
            if (++pending == BATCH) {
                flushPending();
            }
        }

        private void flushPending() throws IOException {
            long peek = 0;
            for (int i = 0; i < pending; i++) {
                peek += seen.peek(pendingHigh[i], pendingLow[i]);
            }
            peeked += peek; // kept, so the reads are not optimised away
            for (int i = 0; i < pending; i++) {
                addNow(pendingHigh[i], pendingLow[i], pendingHex[i], pendingNumber[i], pendingNumberLength[i]);
            }
            pending = 0;
        }

        private void addNow(long high, long low, byte[] personIdHex, byte[] nhsNumber, int length) throws IOException {
            if (!seen.add(high, low)) {
                return;
            }
            if (out == null) {
                open();
            }
            if (length > plaintext.length || personIdHex.length > 128) {
                throw new IllegalArgumentException("not a pseudonym and a standardised NHS number");
            }
            System.arraycopy(nhsNumber, 0, plaintext, 0, length);
            try {
                LONG_NONCE.set(nonce, NONCE_BYTES - Long.BYTES, counter++);
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(personIdHex);
                if (sealed.length != NONCE_BYTES + length + TAG_BITS / 8) {
                    sealed = new byte[NONCE_BYTES + length + TAG_BITS / 8];
                }
                System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
                cipher.doFinal(plaintext, 0, length, sealed, NONCE_BYTES);
                System.arraycopy(personIdHex, 0, line, 0, personIdHex.length);
                int at = personIdHex.length;
                line[at++] = '\t';
                int encoded = BASE64.encode(sealed, encodedScratch);
                System.arraycopy(encodedScratch, 0, line, at, encoded);
                at += encoded;
                line[at++] = '\n';
                out.write(line, 0, at);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
        }

        public int patients() {
            flushPendingUnchecked();
            return seen.size();
        }

        /** Whether anything was written (an upload without valid NHS numbers makes no vault file). */
        public boolean isEmpty() {
            flushPendingUnchecked();
            return out == null;
        }

        private void flushPendingUnchecked() {
            try {
                flushPending();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
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
                flushPending();
            } finally {
                if (out != null) {
                    out.close();
                }
            }
        }
    }

    /**
     * Looks pseudonyms up in one vault file, decrypting its data key with the given context: the caller's
     * own organisation. A file of another organisation cannot be opened (the key service refuses).
     * Returns only the pseudonyms found.
     */
    public static Map<String, String> lookup(KeyService keys, Map<String, String> callerContext, InputStream vaultFile, Set<String> personIds)
            throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(vaultFile, StandardCharsets.US_ASCII));
        Map<String, String> header = new HashMap<>();
        Map<String, String> found = new HashMap<>();
        Cipher cipher = null;
        SecretKeySpec key = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("#")) {
                int eq = line.indexOf('=');
                header.put(line.substring(1, eq), line.substring(eq + 1));
                continue;
            }
            int tab = line.indexOf('\t');
            String personId = line.substring(0, tab);
            if (!personIds.contains(personId)) {
                continue;
            }
            if (key == null) {
                if (!FORMAT.equals(header.get("format"))) {
                    throw new IOException("not an " + FORMAT + " file");
                }
                byte[] plaintext = keys.decryptDataKey(Base64.getDecoder().decode(header.get("encrypted_data_key")), callerContext);
                key = new SecretKeySpec(plaintext, "AES");
                Arrays.fill(plaintext, (byte) 0);
                try {
                    cipher = Cipher.getInstance("AES/GCM/NoPadding");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES-GCM is unavailable", e);
                }
            }
            byte[] sealed = Base64.getDecoder().decode(line.substring(tab + 1));
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
                cipher.updateAAD(personId.getBytes(StandardCharsets.US_ASCII));
                found.put(personId, new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException e) {
                throw new IOException("a vault entry failed authentication: the file has been altered", e);
            }
        }
        return found;
    }
}
