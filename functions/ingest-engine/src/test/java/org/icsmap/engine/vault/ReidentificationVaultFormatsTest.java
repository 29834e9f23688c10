package org.icsmap.engine.vault;

import org.icsmap.domain.reidentify.ReidentificationAnswer;
import org.icsmap.domain.reidentify.ReidentificationService;
import org.icsmap.domain.reidentify.ReidentificationRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.icsmap.domain.access.Caller;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Answered;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Identified;
import org.icsmap.domain.vault.Vault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-identification over an organisation's vault files of both formats: blocks (written now) and an entry per patient (before). */
class ReidentificationVaultFormatsTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));

    @TempDir
    Path dir;

    @Test
    void patientsInFilesOfEitherFormatComeBackOnlyToTheirOwnOrganisation() throws Exception {
        DirectoryObjectStore store = new DirectoryObjectStore(dir.resolve("zones"));
        LocalKeyService keys = new LocalKeyService(dir.resolve("keys.p12"), "test-only".toCharArray());
        Pseudonymiser pseudonymiser = Pseudonymiser.derive(keys);
        Map<String, String> older = SyntheticPatients.of(pseudonymiser, 30, 0);
        Map<String, String> newer = SyntheticPatients.of(pseudonymiser, Vault.BLOCK_PATIENTS + 20, 1_000);
        Map<String, String> rfs = Vault.encryptionContext(CONFIG.code(), "RFS");

        store.put(Vault.key("RFS", "apc", "2024-04"), FirstFormatVault.write(keys, rfs, older), Map.of());
        Path file = dir.resolve("newer.vault");
        try (VaultWriter writer = new VaultWriter(keys, CONFIG.code(), "RFS", file)) {
            for (Map.Entry<String, String> patient : newer.entrySet()) {
                writer.add(patient.getKey(), patient.getValue());
            }
        }
        store.put(Vault.key("RFS", "apc", "2024-05"), file, Map.of());

        String fromOlder = older.keySet().iterator().next();
        String fromNewer = newer.keySet().stream().skip(Vault.BLOCK_PATIENTS + 3).findFirst().orElseThrow(); // in the second block
        String stranger = SyntheticPatients.of(pseudonymiser, 1, 90_000).keySet().iterator().next();
        List<String> asked = List.of(fromOlder, fromNewer, stranger);
        ReidentificationService service = new ReidentificationService(CONFIG, store, store, keys, Clock.systemUTC());

        ReidentificationAnswer answer = service.reidentify(Caller.of("clinician", "RFS"), new ReidentificationRequest(asked, "direct_care"));
        assertThat(answer).isInstanceOf(Answered.class);
        assertThat(((Answered) answer).identified()).containsExactlyInAnyOrder(new Identified(fromOlder, older.get(fromOlder)),
                new Identified(fromNewer, newer.get(fromNewer)));
        assertThat(((Answered) answer).notFound()).containsExactly(stranger);

        // Another organisation reads only its own vault: RFS's patients are simply not found.
        ReidentificationAnswer other = service.reidentify(Caller.of("clinician", "RX9"), new ReidentificationRequest(asked, "direct_care"));
        assertThat(other).isInstanceOf(Answered.class);
        assertThat(((Answered) other).identified()).isEmpty();
    }
}
