package org.icsmap.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.icsmap.domain.port.KeyService.DataKey;
import org.icsmap.domain.port.KeyService.KeyServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the local key service has to get right: its keystore file. The port's contract itself runs
 * against it in functions/aws, beside KMS, from test-fixtures' KeyServiceContract (this module cannot
 * depend on test-fixtures, which depends on it); the context check is repeated here so the domain
 * build alone catches a regression in the thing the vault relies on.
 */
class LocalKeyServiceTest {

    private static final char[] PASSWORD = "local-only".toCharArray();
    private static final String LABEL = "icsmap/pseudonym/v1";
    private static final Map<String, String> RX1 = Map.of("provider", "RX1");

    @TempDir
    Path temp;

    @Test
    void theKeystoreIsCreatedOnFirstRunReadableByItsOwnerOnly() throws IOException {
        Path file = temp.resolve("keys/icsmap.p12");

        new LocalKeyService(file, PASSWORD);

        assertThat(file).isRegularFile();
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        assumeTrue(posix != null, "POSIX permissions only");
        assertThat(PosixFilePermissions.toString(posix.readAttributes().permissions())).isEqualTo("rw-------");
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void theSameFileGivesTheSameKeysAfterARestart() throws IOException {
        Path file = temp.resolve("icsmap.p12");
        LocalKeyService first = new LocalKeyService(file, PASSWORD);
        byte[] pseudonymisationKey = first.pseudonymisationKey(LABEL);
        DataKey dataKey = first.generateDataKey(RX1);
        byte[] bytesOnDisk = Files.readAllBytes(file);

        LocalKeyService restarted = new LocalKeyService(file, PASSWORD);

        assertThat(restarted.pseudonymisationKey(LABEL)).isEqualTo(pseudonymisationKey);
        assertThat(restarted.decryptDataKey(dataKey.encrypted(), RX1)).isEqualTo(dataKey.plaintext());
        assertThat(file).hasBinaryContent(bytesOnDisk); // opened, not rewritten
    }

    @Test
    void anotherKeystoreGivesOtherKeys() {
        LocalKeyService one = new LocalKeyService(temp.resolve("one.p12"), PASSWORD);
        LocalKeyService other = new LocalKeyService(temp.resolve("other.p12"), PASSWORD);
        DataKey dataKey = one.generateDataKey(RX1);

        assertThat(other.pseudonymisationKey(LABEL)).isNotEqualTo(one.pseudonymisationKey(LABEL));
        assertThatThrownBy(() -> other.decryptDataKey(dataKey.encrypted(), RX1)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void thePseudonymisationKeyIsTheHmacOfTheLabelAsKmsGenerateMacComputesIt() throws Exception {
        Path file = temp.resolve("icsmap.p12");
        LocalKeyService keys = new LocalKeyService(file, PASSWORD);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keyStore.getKey(LocalKeyService.HMAC_ALIAS, PASSWORD).getEncoded(), "HmacSHA256"));

        assertThat(keys.pseudonymisationKey(LABEL)).isEqualTo(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aDataKeyDecryptsOnlyWithTheContextItWasMadeWith() {
        LocalKeyService keys = new LocalKeyService(temp.resolve("icsmap.p12"), PASSWORD);
        DataKey dataKey = keys.generateDataKey(RX1);

        assertThat(keys.decryptDataKey(dataKey.encrypted(), Map.of("provider", "RX1"))).isEqualTo(dataKey.plaintext());
        assertThatThrownBy(() -> keys.decryptDataKey(dataKey.encrypted(), Map.of("provider", "RX2")))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining("encryption context");
        assertThatThrownBy(() -> keys.decryptDataKey(new byte[] {1, 2, 3}, RX1)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void theCanonicalContextCannotBeForgedWithSeparators() {
        assertThat(LocalKeyService.canonical(Map.of("a", "1&b=2")))
                .isNotEqualTo(LocalKeyService.canonical(Map.of("a", "1", "b", "2")));
        assertThat(new String(LocalKeyService.canonical(Map.of("provider", "RX1", "purpose", "vault"))))
                .isEqualTo("provider=RX1&purpose=vault");
    }

    @Test
    void aWrongPasswordIsRefused() {
        Path file = temp.resolve("icsmap.p12");
        new LocalKeyService(file, PASSWORD);

        assertThatThrownBy(() -> new LocalKeyService(file, "guess".toCharArray()))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aKeystoreOthersCanReadIsRefused() throws IOException {
        Path file = temp.resolve("icsmap.p12");
        new LocalKeyService(file, PASSWORD);
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        assumeTrue(posix != null, "POSIX permissions only");
        posix.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new LocalKeyService(file, PASSWORD))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void concurrentFirstRunsAgreeOnOneKeystore() throws Exception {
        Path file = temp.resolve("icsmap.p12");
        CountDownLatch go = new CountDownLatch(1);

        List<String> keys = runConcurrently(8, () -> {
            go.await();
            return HexFormat.of().formatHex(new LocalKeyService(file, PASSWORD).pseudonymisationKey(LABEL));
        }, go);

        assertThat(keys).hasSize(8).containsOnly(keys.getFirst());
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        LocalKeyService keys = new LocalKeyService(temp.resolve("icsmap.p12"), PASSWORD);
        String expected = HexFormat.of().formatHex(keys.pseudonymisationKey(LABEL));
        CountDownLatch go = new CountDownLatch(1);

        List<String> results = runConcurrently(8, () -> {
            go.await();
            for (int i = 0; i < 100; i++) {
                Map<String, String> context = Map.of("provider", "P" + i);
                DataKey dataKey = keys.generateDataKey(context);
                assertThat(keys.decryptDataKey(dataKey.encrypted(), context)).isEqualTo(dataKey.plaintext());
                assertThat(HexFormat.of().formatHex(keys.pseudonymisationKey(LABEL))).isEqualTo(expected);
            }
            return "ok";
        }, go);

        assertThat(results).hasSize(8).containsOnly("ok");
    }

    private static List<String> runConcurrently(int threads, Callable<String> task, CountDownLatch go) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
