package org.icsmap.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.icsmap.domain.config.IcsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestFactoryTest {

    @Test
    void theConfigIsReadFromAFile() {
        IcsConfig config = IngestFactory.loadConfig("../../config/example-ics.yaml");

        assertThat(config.code()).isEqualTo("QJ2");
    }

    @Test
    void theConfigIsReadFromTheClassPath() {
        IcsConfig config = IngestFactory.loadConfig("classpath:/example-ics.yaml");

        assertThat(config.code()).isEqualTo("QJ2");
    }

    @Test
    void aConfigMissingFromTheClassPathSaysHowToPackageIt() {
        assertThatThrownBy(() -> IngestFactory.loadConfig("classpath:ics.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the ICS config classpath:ics.yaml is not on the class path: package it as ics.yaml at the root of the "
                        + "function's code, or point ICSMAP_CONFIG at a file");
    }

    @Test
    void stagesLeftByAnInvocationThatDiedAreRemovedAndNothingElse(@TempDir Path workDir) throws IOException {
        Path stale = Files.createDirectories(workDir.resolve("ingest-123/nested"));
        Files.writeString(stale.resolve("data.parquet"), "half-written");
        Path other = Files.writeString(workDir.resolve("keep.txt"), "not ours");

        IngestFactory.removeStaleStages(workDir);
        IngestFactory.removeStaleStages(workDir.resolve("absent"));

        assertThat(workDir.resolve("ingest-123")).doesNotExist();
        assertThat(other).exists();
    }
}
