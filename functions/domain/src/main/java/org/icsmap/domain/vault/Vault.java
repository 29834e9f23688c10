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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
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
 * replaced with it. Text: {@code #}-prefixed header lines (format, context, encrypted data key), then the entries.
 * Two formats, told apart by the {@code #format=} line; ingest writes {@value #FORMAT}, and both are read:
 * <ul>
 *   <li><b>{@value #FORMAT}</b> (blocks): up to {@value #BLOCK_PATIENTS} lines of one pseudonym each, then one line
 *       {@code * base64(nonce ‖ ciphertext ‖ tag)} sealing those patients' NHS numbers, ten ASCII digits each, in the
 *       order of the lines above it. The GCM associated data is the SHA-256 of the exact bytes of the block's
 *       pseudonym lines (each {@code person_id LF}), so no pseudonym can be changed, dropped, added or moved to
 *       another number without the block failing authentication. One AES-GCM initialisation and seal per block
 *       instead of per patient (that was an eighth of ingest's time); and the lines go through SHA-256, which the JVM
 *       runs as one machine instruction per 64 bytes wherever ingest computes pseudonyms, rather than through GCM's
 *       GHASH, whose intrinsic the JVM only uses in code called often enough to be fully compiled — a few thousand
 *       blocks a file are not, and GHASH in plain Java over the pseudonyms cost more than the seals saved.</li>
 *   <li><b>{@value #FORMAT_1}</b> (an entry per patient, files written before blocks): one line per patient,
 *       {@code person_id TAB base64(nonce ‖ ciphertext ‖ tag)}, the pseudonym as the GCM associated data.</li>
 * </ul>
 */
public final class Vault {

    /** The format ingest writes. */
    public static final String FORMAT = "icsmap-vault/2";
    /** The earlier format, one sealed entry per patient: still read. */
    public static final String FORMAT_1 = "icsmap-vault/1";
    /** Patients sealed together in a {@value #FORMAT} file (the last block of a file may hold fewer). */
    public static final int BLOCK_PATIENTS = 256;
    /** The first character of a block's sealed line. */
    private static final char SEALED = '*';
    private static final int NUMBER_DIGITS = 10;
    private static final int PSEUDONYM_HEX = 2 * Pseudonymiser.BYTES;
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
     * Writes one vault file ({@value #FORMAT}). Asks the key service for one data key, on the first patient only, so an
     * upload costs at most one call here whatever its size.
     *
     * <p>Built for ingest's hot path: the pseudonyms already written are a {@link Hash128Set} of their
     * first 128 bits (~18–37 bytes a patient, no object each), and each block's 96-bit GCM nonce is a
     * random 32-bit prefix drawn once per file followed by a 64-bit counter — NIST SP 800-38D's
     * deterministic construction (§8.2.1), which never repeats a nonce under one data key and costs no
     * random bytes per block. Every file has its own fresh data key, so counters restarting at zero in
     * the next file do not matter. The nonce is stored with each block.
     */
    public static final class Writer implements Closeable {
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
        /**
         * Patients given to {@link #add} and not yet looked up: added {@value #BATCH} at a time, each batch's set slots
         * peeked at first ({@link Hash128Set#peek}) so their cache misses overlap. The file is the same, line for line.
         */
        private static final int BATCH = 16;
        private final long[] pendingHigh = new long[BATCH];
        private final long[] pendingLow = new long[BATCH];
        private final byte[][] pendingHex = new byte[BATCH][PSEUDONYM_HEX];
        /** Each pending patient's standardised NHS number, as ASCII digits. */
        private final byte[][] pendingNumber = new byte[BATCH][NUMBER_DIGITS];
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
            byte[] digits = pendingNumber[pending];
            for (int i = 0; i < NUMBER_DIGITS; i++) {
                char c = nhsNumber[from + i];
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not a standardised NHS number");
                }
                digits[i] = (byte) c;
            }
            System.arraycopy(hex, hexFrom, pendingHex[pending], 0, PSEUDONYM_HEX);
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
                addNow(pendingHigh[i], pendingLow[i], pendingHex[i], pendingNumber[i]);
            }
            pending = 0;
        }

        private void addNow(long high, long low, byte[] personIdHex, byte[] nhsNumber) throws IOException {
            if (!seen.add(high, low)) {
                return;
            }
            if (out == null) {
                open();
            }
            int line = blockSize * (PSEUDONYM_HEX + 1);
            System.arraycopy(personIdHex, 0, blockLines, line, PSEUDONYM_HEX);
            blockLines[line + PSEUDONYM_HEX] = '\n';
            System.arraycopy(nhsNumber, 0, blockNumbers, blockSize * NUMBER_DIGITS, NUMBER_DIGITS);
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

    /**
     * Looks pseudonyms up in one vault file of either format, decrypting its data key with the given context: the
     * caller's own organisation. A file of another organisation cannot be opened (the key service refuses). The data key
     * is decrypted only if the file holds an asked pseudonym, and in a {@value #FORMAT} file only the blocks holding one
     * are opened. Returns only the pseudonyms found.
     */
    public static Map<String, String> lookup(KeyService keys, Map<String, String> callerContext, InputStream vaultFile, Set<String> personIds)
            throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(vaultFile, StandardCharsets.US_ASCII));
        Map<String, String> header = new HashMap<>();
        Map<String, String> found = new HashMap<>();
        Opener opener = new Opener(keys, callerContext, header);
        String format = null;
        List<String> block = new ArrayList<>();
        boolean blockAsked = false;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("#")) {
                int eq = line.indexOf('=');
                header.put(line.substring(1, eq), line.substring(eq + 1));
                continue;
            }
            if (format == null) {
                format = header.get("format");
                if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
                    throw new IOException("not an icsmap vault file: format " + format + ", expected " + FORMAT + " or " + FORMAT_1);
                }
            }
            if (FORMAT_1.equals(format)) {
                int tab = line.indexOf('\t');
                String personId = line.substring(0, tab);
                if (personIds.contains(personId)) {
                    byte[] number = opener.open(Base64.getDecoder().decode(line.substring(tab + 1)), personId.getBytes(StandardCharsets.US_ASCII),
                            "a vault entry");
                    found.put(personId, new String(number, StandardCharsets.US_ASCII));
                }
            } else if (line.isEmpty() || line.charAt(0) != SEALED) {
                block.add(line);
                blockAsked |= personIds.contains(line);
            } else {
                if (blockAsked) {
                    openBlock(opener, block, line, personIds, found);
                }
                block.clear();
                blockAsked = false;
            }
        }
        if (!block.isEmpty()) {
            throw new IOException("the vault file ends inside a block (pseudonyms without their sealed line): it has been cut short");
        }
        return found;
    }

    /** Opens one block of a {@value #FORMAT} file and takes the asked pseudonyms' numbers from it. */
    private static void openBlock(Opener opener, List<String> block, String sealedLine, Set<String> personIds, Map<String, String> found)
            throws IOException {
        StringBuilder lines = new StringBuilder(block.size() * (PSEUDONYM_HEX + 1));
        for (String personId : block) {
            lines.append(personId).append('\n');
        }
        byte[] numbers = opener.open(Base64.getDecoder().decode(sealedLine.substring(1)),
                sha256().digest(lines.toString().getBytes(StandardCharsets.US_ASCII)), "a vault block");
        if (numbers.length != block.size() * NUMBER_DIGITS) {
            throw new IOException("a vault block holds " + numbers.length + " bytes for " + block.size() + " patients");
        }
        for (int i = 0; i < block.size(); i++) {
            if (personIds.contains(block.get(i))) {
                found.put(block.get(i), new String(numbers, i * NUMBER_DIGITS, NUMBER_DIGITS, StandardCharsets.US_ASCII));
            }
        }
        Arrays.fill(numbers, (byte) 0); // the block's other patients were not asked for
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Decrypts one file's sealed entries or blocks, asking the key service for its data key on first use only. */
    private static final class Opener {
        private final KeyService keys;
        private final Map<String, String> callerContext;
        private final Map<String, String> header;
        private Cipher cipher;
        private SecretKeySpec key;

        Opener(KeyService keys, Map<String, String> callerContext, Map<String, String> header) {
            this.keys = keys;
            this.callerContext = callerContext;
            this.header = header;
        }

        byte[] open(byte[] sealed, byte[] associatedData, String what) throws IOException {
            if (key == null) {
                byte[] plaintext = keys.decryptDataKey(Base64.getDecoder().decode(header.get("encrypted_data_key")), callerContext);
                key = new SecretKeySpec(plaintext, "AES");
                Arrays.fill(plaintext, (byte) 0);
                try {
                    cipher = Cipher.getInstance("AES/GCM/NoPadding");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES-GCM is unavailable", e);
                }
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
                cipher.updateAAD(associatedData);
                return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            } catch (GeneralSecurityException e) {
                throw new IOException(what + " failed authentication: the file has been altered", e);
            }
        }
    }
}
