package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.icsmap.engine.hashing.Hash128Set;
import org.icsmap.local.LocalKeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptOutFilterTest {

    @TempDir
    Path dir;

    @Test
    void excludesExactlyThePatientsOnTheList() {
        PersonIds personIds = new PersonIds(new LocalKeyService(dir.resolve("k.p12"), "t".toCharArray()));
        PersonIds.Pseudonym optedOut = personIds.of("9434765919".toCharArray(), 0, 10);
        Hash128Set list = new Hash128Set();
        list.add(optedOut.high, optedOut.low);
        OptOutFilter filter = new OptOutFilter(list.lookup());

        assertThat(filter.excludes(personIds.of("9434765919".toCharArray(), 0, 10))).isTrue();
        assertThat(filter.excludes(personIds.of("4010232137".toCharArray(), 0, 10))).isFalse();
        assertThat(OptOutFilter.nobody().excludes(personIds.of("9434765919".toCharArray(), 0, 10))).isFalse();
    }
}
