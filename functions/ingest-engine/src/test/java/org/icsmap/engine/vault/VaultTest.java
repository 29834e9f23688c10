package org.icsmap.engine.vault;

import org.icsmap.domain.vault.Vault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {

    private static final String ICS = "QJ2";
    private static final Map<String, String> RFS = Vault.encryptionContext(ICS, "RFS");
    private static final Map<String, String> RX9 = Vault.encryptionContext(ICS, "RX9");

    @TempDir
    Path dir;

    private CountingKeys keys;
    private Pseudonymiser pseudonymiser;

    @BeforeEach
    void keys() {
        keys = new CountingKeys(new LocalKeyService(dir.resolve("keys.p12"), "test-only".toCharArray()));
        pseudonymiser = Pseudonymiser.derive(keys);
    }

    /** {@code count} patients with valid synthetic NHS numbers, pseudonym → number, in order. */
    private Map<String, String> patients(int count, int first) {
        return SyntheticPatients.of(pseudonymiser, count, first);
    }

    private Path write(Map<String, String> patients) throws IOException {
        Path file = Files.createTempFile(dir, "vault", ".vault");
        try (VaultWriter writer = new VaultWriter(keys, ICS, "RFS", file)) {
            for (Map.Entry<String, String> patient : patients.entrySet()) {
                writer.add(patient.getKey(), patient.getValue());
                writer.add(patient.getKey(), patient.getValue()); // a patient's second row adds nothing
            }
            assertThat(writer.patients()).isEqualTo(patients.size());
        }
        return file;
    }

    private Map<String, String> lookup(Path file, Map<String, String> context, Set<String> asked) throws IOException {
        return lookup(Files.readAllBytes(file), context, asked);
    }

    private Map<String, String> lookup(byte[] file, Map<String, String> context, Set<String> asked) throws IOException {
        return Vault.lookup(keys, context, new ByteArrayInputStream(file), asked);
    }

    @Test
    void patientsAreSealedInBlocksAndEachComesBackAlone() throws IOException {
        Map<String, String> patients = patients(2 * Vault.BLOCK_PATIENTS + 37, 0); // two full blocks and a short one
        Path file = write(patients);
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertThat(lines.getFirst()).isEqualTo("#format=" + Vault.FORMAT);
        assertThat(lines).filteredOn(line -> line.startsWith("*")).hasSize(3);
        assertThat(lines).filteredOn(line -> line.matches("[0-9a-f]{64}")).hasSize(patients.size());
        assertThat(String.join("\n", lines)).doesNotContain(patients.values().iterator().next());

        List<String> ids = new ArrayList<>(patients.keySet());
        for (int i : new int[] {0, Vault.BLOCK_PATIENTS - 1, Vault.BLOCK_PATIENTS, ids.size() - 1}) {
            assertThat(lookup(file, RFS, Set.of(ids.get(i)))).as("patient %d", i).containsExactly(Map.entry(ids.get(i), patients.get(ids.get(i))));
        }
        Set<String> several = Set.of(ids.get(3), ids.get(300), ids.get(ids.size() - 2));
        Map<String, String> found = lookup(file, RFS, several);
        assertThat(found).hasSize(3);
        several.forEach(id -> assertThat(found).containsEntry(id, patients.get(id)));
    }

    @Test
    void onlyTheDataKeyOfAFileHoldingAnAskedPseudonymIsDecrypted() throws IOException {
        Path file = write(patients(300, 0));
        String stranger = patients(1, 50_000).keySet().iterator().next();
        int before = keys.decrypts.get();
        assertThat(lookup(file, RFS, Set.of(stranger))).isEmpty();
        assertThat(keys.decrypts.get()).isEqualTo(before);
        lookup(file, RFS, Set.of(patients(300, 0).keySet().iterator().next(), stranger));
        assertThat(keys.decrypts.get()).isEqualTo(before + 1);
    }

    @Test
    void anotherOrganisationsContextCannotOpenTheFile() throws IOException {
        Map<String, String> patients = patients(10, 0);
        Path file = write(patients);
        assertThatThrownBy(() -> lookup(file, RX9, patients.keySet())).isInstanceOf(KeyService.KeyServiceException.class);
    }

    @Test
    void aPseudonymMovedWithinOrBetweenBlocksFailsAuthentication() throws IOException {
        Map<String, String> patients = patients(Vault.BLOCK_PATIENTS + 10, 0);
        Path file = write(patients);
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        int first = lines.indexOf(patients.keySet().iterator().next());

        List<String> swapped = new ArrayList<>(lines); // two patients of one block trade numbers
        swapped.set(first, lines.get(first + 1));
        swapped.set(first + 1, lines.get(first));
        assertThatThrownBy(() -> lookup(joined(swapped), RFS, Set.of(lines.get(first))))
                .isInstanceOf(IOException.class).hasMessageContaining("failed authentication");

        List<String> moved = new ArrayList<>(lines); // a patient of the short block put into the first
        String last = lines.get(lines.size() - 2);
        moved.remove(lines.size() - 2);
        moved.add(first, last);
        assertThatThrownBy(() -> lookup(joined(moved), RFS, Set.of(last)))
                .isInstanceOf(IOException.class).hasMessageContaining("failed authentication");

        List<String> dropped = new ArrayList<>(lines); // a patient taken out of a block
        dropped.remove(first + 5);
        assertThatThrownBy(() -> lookup(joined(dropped), RFS, Set.of(lines.get(first))))
                .isInstanceOf(IOException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void aFileCutShortInsideABlockIsRefused() throws IOException {
        Map<String, String> patients = patients(20, 0);
        List<String> lines = Files.readAllLines(write(patients), StandardCharsets.US_ASCII);
        List<String> cut = lines.subList(0, lines.size() - 1); // the sealed line is gone
        assertThatThrownBy(() -> lookup(joined(cut), RFS, Set.of(patients.keySet().iterator().next())))
                .isInstanceOf(IOException.class).hasMessageContaining("cut short");
    }

    @Test
    void aFileOfTheFirstFormatIsStillRead() throws IOException, GeneralSecurityException {
        Map<String, String> patients = patients(40, 0);
        byte[] file = firstFormat(patients, RFS);
        List<String> ids = new ArrayList<>(patients.keySet());
        Set<String> asked = new HashSet<>(Set.of(ids.get(0), ids.get(39)));
        asked.add(patients(1, 50_000).keySet().iterator().next()); // a stranger is just not found
        Map<String, String> found = lookup(file, RFS, asked);
        assertThat(found).containsOnly(Map.entry(ids.get(0), patients.get(ids.get(0))), Map.entry(ids.get(39), patients.get(ids.get(39))));
        assertThatThrownBy(() -> lookup(file, RX9, Set.of(ids.get(0)))).isInstanceOf(KeyService.KeyServiceException.class);

        String text = new String(file, StandardCharsets.US_ASCII);
        String entry = text.lines().filter(line -> line.startsWith(ids.get(1))).findFirst().orElseThrow();
        byte[] moved = text.replace(entry, ids.get(0) + entry.substring(64)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> lookup(moved, RFS, Set.of(ids.get(0)))).isInstanceOf(IOException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void anUnknownFormatIsRefused() {
        byte[] file = "#format=icsmap-vault/9\nabc\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> lookup(file, RFS, Set.of("abc"))).isInstanceOf(IOException.class).hasMessageContaining("icsmap-vault/9");
    }

    @Test
    void onlyStandardisedNumbersAndWholePseudonymsAreTaken() throws IOException {
        try (VaultWriter writer = new VaultWriter(keys, ICS, "RFS", dir.resolve("bad.vault"))) {
            String personId = patients(1, 0).keySet().iterator().next();
            assertThatThrownBy(() -> writer.add(personId, "943 476 5919")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.add(personId.substring(1), "9434765919")).isInstanceOf(IllegalArgumentException.class);
            assertThat(writer.isEmpty()).isTrue();
        }
        assertThat(dir.resolve("bad.vault")).doesNotExist();
    }

    private static byte[] joined(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] firstFormat(Map<String, String> patients, Map<String, String> context) throws GeneralSecurityException {
        return FirstFormatVault.write(keys, context, patients);
    }

    /** The local key service, counting data-key decryptions. */
    private static final class CountingKeys implements KeyService {
        private final KeyService delegate;
        final AtomicInteger decrypts = new AtomicInteger();

        CountingKeys(KeyService delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] pseudonymisationKey(String label) {
            return delegate.pseudonymisationKey(label);
        }

        @Override
        public DataKey generateDataKey(Map<String, String> encryptionContext) {
            return delegate.generateDataKey(encryptionContext);
        }

        @Override
        public byte[] decryptDataKey(byte[] encryptedKey, Map<String, String> encryptionContext) {
            decrypts.incrementAndGet();
            return delegate.decryptDataKey(encryptedKey, encryptionContext);
        }
    }
}
