package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.local.LocalKeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonIdsTest {

    @TempDir
    Path dir;

    @Test
    void aPatientsPseudonymIsTheirPersonIdWithOneKeyServiceCallForAllPatients() {
        CountingKeys keys = new CountingKeys(new LocalKeyService(dir.resolve("k.p12"), "t".toCharArray()));
        PersonIds personIds = new PersonIds(keys);
        assertThat(keys.calls).isZero();

        PersonIds.Pseudonym first = personIds.of("9434765919".toCharArray(), 0, 10);
        String firstText = first.text();
        long firstHigh = first.high;
        String second = personIds.of("xx4010232137".toCharArray(), 2, 12).text();

        Pseudonymiser expected = Pseudonymiser.derive(new LocalKeyService(dir.resolve("k.p12"), "t".toCharArray()));
        assertThat(firstText).isEqualTo(expected.personId("9434765919")).matches("[0-9a-f]{64}");
        assertThat(firstHigh).isEqualTo(Pseudonymiser.high(firstText));
        assertThat(second).isEqualTo(expected.personId("4010232137")).isNotEqualTo(firstText);
        assertThat(keys.calls).isEqualTo(1);
    }

    @Test
    void aRowWithoutAValidNhsNumberHasNoPseudonymAndCostsNoKeyServiceCall() {
        CountingKeys keys = new CountingKeys(new LocalKeyService(dir.resolve("k.p12"), "t".toCharArray()));
        AcceptedRow unlinked = StageRows.apc("nhs_number", "");
        int nhsNumber = org.icsmap.domain.feed.Feed.APC.definition().indexOf("nhs_number");

        assertThat(new PersonIds(keys).of(unlinked, nhsNumber)).isNull();
        assertThat(keys.calls).isZero();
    }
}
