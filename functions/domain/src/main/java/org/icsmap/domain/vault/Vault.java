package org.icsmap.domain.vault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.icsmap.domain.port.KeyService;
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
 *       instead of per patient; the digest rather than the lines themselves, because SHA-256 is cheaper than GCM's
 *       GHASH over the same bytes.</li>
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
    public static final char SEALED = '*';
    public static final int NUMBER_DIGITS = 10;
    public static final int PSEUDONYM_HEX = 2 * Pseudonymiser.BYTES;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;

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

    public static MessageDigest sha256() {
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
