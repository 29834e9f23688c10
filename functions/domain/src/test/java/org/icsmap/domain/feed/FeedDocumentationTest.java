package org.icsmap.domain.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/feeds.md is generated from the definitions; this keeps it current (run with -Dicsmap.update-docs=true to rewrite it). */
class FeedDocumentationTest {

    private static final Path DOC = Path.of("../../docs/feeds.md");

    @Test
    void docsFeedsMdMatchesTheDefinitions() throws Exception {
        String generated = FeedDocumentation.markdown();
        if (Boolean.getBoolean("icsmap.update-docs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/feeds.md is out of date: run ./mvnw -pl functions/domain test -Dicsmap.update-docs=true")
                .exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/feeds.md is out of date: run ./mvnw -pl functions/domain test -Dicsmap.update-docs=true")
                .isEqualTo(generated);
    }
}
