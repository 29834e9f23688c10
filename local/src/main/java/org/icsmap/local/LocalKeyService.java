package org.icsmap.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.icsmap.domain.port.KeyService;

/**
 * The local home of {@link KeyService}: software keys standing in for the two KMS keys, kept in a PKCS12
 * keystore file made on first run.
 *
 * <ul>
 *   <li>{@value #HMAC_ALIAS} (HmacSHA256, 256 bits) stands in for the KMS HMAC key:
 *       {@code pseudonymisationKey(label) = HmacSHA256(key, UTF-8 label)}, what KMS GenerateMac computes.
 *   <li>{@value #KEK_ALIAS} (AES-256) stands in for the KMS symmetric key: a data key is encrypted with
 *       AES-GCM under it, the encryption context bound as additional authenticated data, so decrypting
 *       with any other context fails, as KMS's Decrypt does.
 * </ul>
 *
 * The file is created with owner-only permissions (0600 on POSIX file systems) and refused if group or
 * others can read it, as ssh refuses a private key; the PKCS12 password adds an integrity check and
 * protects copies of the file. Creation is race-free: the keystore is written to a temporary file and
 * hard-linked into place, which fails if another process got there first, and then its keys are used.
 * The same file always gives the same keys, so pseudonyms stay stable across restarts.
 *
 * <p>Thread-safe: the keys are read once; every call makes its own {@link Mac} or {@link Cipher}.
 */
public final class LocalKeyService implements KeyService {

    static final String HMAC_ALIAS = "icsmap-pseudonymisation-hmac";
    static final String KEK_ALIAS = "icsmap-data-key-encryption";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final byte FORMAT_VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey hmacKey;
    private final SecretKey keyEncryptionKey;

    /**
     * Opens the keystore at {@code keystoreFile}, creating it with fresh keys if it does not exist: for throwaway
     * homes (tests, benchmarks). A home that may hold data uses {@link #open} and, only on its first run, {@link #create}:
     * new keys silently replacing lost ones would make every pseudonym, vault and opt-out in the home unmatchable.
     */
    public LocalKeyService(Path keystoreFile, char[] password) {
        this(keystoreFile, password, true);
    }

    /** Opens the existing keystore at {@code keystoreFile}; refuses, naming the file, if there is none. */
    public static LocalKeyService open(Path keystoreFile, char[] password) {
        return new LocalKeyService(keystoreFile, password, false);
    }

    /** Creates the keystore at {@code keystoreFile} with fresh keys (or, if another process just did, opens theirs). */
    public static LocalKeyService create(Path keystoreFile, char[] password) {
        return new LocalKeyService(keystoreFile, password, true);
    }

    private LocalKeyService(Path keystoreFile, char[] password, boolean createIfMissing) {
        try {
            if (Files.notExists(keystoreFile)) {
                if (!createIfMissing) {
                    throw new KeyServiceException("no local keystore at " + keystoreFile + ": the keys that made this home's pseudonyms "
                            + "and sealed its vault are missing; restore the file (a new key would match none of them)", null);
                }
                createKeystore(keystoreFile, password);
            }
            requireOwnerOnly(keystoreFile);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystoreFile)) {
                keyStore.load(in, password);
            }
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            hmacKey = secretKey(keyStore, HMAC_ALIAS, protection, keystoreFile);
            keyEncryptionKey = secretKey(keyStore, KEK_ALIAS, protection, keystoreFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyServiceException("cannot open local keystore " + keystoreFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] pseudonymisationKey(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("pseudonymisationKey failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public DataKey generateDataKey(Map<String, String> encryptionContext) {
        byte[] plaintext = new byte[DATA_KEY_BYTES];
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(plaintext);
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyEncryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(canonical(encryptionContext));
            byte[] sealed = cipher.doFinal(plaintext);
            // Layout: version, IV, ciphertext with its tag. The version lets the format change later.
            ByteBuffer encrypted = ByteBuffer.allocate(1 + IV_BYTES + sealed.length);
            encrypted.put(FORMAT_VERSION).put(iv).put(sealed);
            return new DataKey(plaintext, encrypted.array());
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("generateDataKey failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public byte[] decryptDataKey(byte[] encryptedKey, Map<String, String> encryptionContext) {
        if (encryptedKey.length <= 1 + IV_BYTES || encryptedKey[0] != FORMAT_VERSION) {
            throw new KeyServiceException("decryptDataKey refused: not a data key made by this key service", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keyEncryptionKey, new GCMParameterSpec(TAG_BITS, encryptedKey, 1, IV_BYTES));
            cipher.updateAAD(canonical(encryptionContext));
            return cipher.doFinal(encryptedKey, 1 + IV_BYTES, encryptedKey.length - 1 - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyServiceException("decryptDataKey refused: the encryption context differs from the data key's, or the key was altered", e);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("decryptDataKey failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The encryption context as AAD: entries sorted by key, each {@code key=value}, joined by {@code &},
     * URL-encoded so that no choice of keys and values can make two different contexts look the same.
     */
    static byte[] canonical(Map<String, String> encryptionContext) {
        return new TreeMap<>(encryptionContext).entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void createKeystore(Path keystoreFile, char[] password) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
        keyStore.setEntry(HMAC_ALIAS, new KeyStore.SecretKeyEntry(newKey("HmacSHA256")), protection);
        keyStore.setEntry(KEK_ALIAS, new KeyStore.SecretKeyEntry(newKey("AES")), protection);

        Path directory = keystoreFile.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        // createTempFile makes the file owner-only (0600) on POSIX file systems.
        Path temp = Files.createTempFile(directory, "." + keystoreFile.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                keyStore.store(out, password);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // A hard link, unlike a rename, fails if the name exists: two first runs cannot overwrite each other.
            Files.createLink(keystoreFile, temp);
        } catch (FileAlreadyExistsException e) {
            // another process or thread created it first: use theirs
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static SecretKey newKey(String algorithm) throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance(algorithm);
        generator.init(256);
        return generator.generateKey();
    }

    private static void requireOwnerOnly(Path keystoreFile) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(keystoreFile, PosixFileAttributeView.class);
        if (posix == null) {
            return; // not a POSIX file system: its ACLs are the operator's to set
        }
        Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException("keystore is accessible to group or others (" + PosixFilePermissions.toString(permissions)
                    + "); restrict it with chmod 600");
        }
    }

    private static SecretKey secretKey(KeyStore keyStore, String alias, KeyStore.ProtectionParameter protection, Path file)
            throws GeneralSecurityException {
        if (!(keyStore.getEntry(alias, protection) instanceof KeyStore.SecretKeyEntry entry)) {
            throw new KeyStoreException("keystore " + file + " has no secret key " + alias);
        }
        return entry.getSecretKey();
    }
}
