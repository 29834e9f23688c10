package org.icsmap.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshDefinitionTest {

    private static final Map<String, String> OFFERED = Map.of(
            RefreshDefinition.ATHENA_WORK_GROUP, "wg", RefreshDefinition.GLUE_DATABASE, "db", RefreshDefinition.REFRESH_STEPS_FUNCTION_ARN, "arn");

    @Test
    void findsThePlaceholdersTheFileUses() {
        RefreshDefinition definition = TestStacks.refreshDefinition();
        assertThat(definition.placeholders()).isNotEmpty().isSubsetOf(OFFERED.keySet());
        assertThat(definition.substitutions(OFFERED)).containsOnlyKeys(definition.placeholders());
    }

    @Test
    void aPlaceholderTheStackDoesNotMapFailsSynthNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("refresh.asl.json");
        Files.writeString(file, "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":\"${GlueDatabase} ${SnapshotBucket}\",\"End\":true}}}");
        assertThatThrownBy(() -> new RefreshDefinition(file).substitutions(OFFERED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("${SnapshotBucket}")
                .hasMessageNotContaining("uses placeholders the CDK stack does not map: ${GlueDatabase}");
    }

    @Test
    void aMissingOrMalformedFileIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new RefreshDefinition(dir.resolve("absent.json")).placeholders()).hasMessageContaining("absent.json");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"StartAt\": ");
        assertThatThrownBy(() -> new RefreshDefinition(broken).placeholders()).hasMessageContaining("not JSON").hasMessageContaining("broken.json");
    }

    @Test
    void aMissingFunctionJarFailsWithTheCommandThatBuildsIt(@TempDir Path dir) {
        assertThatThrownBy(() -> LambdaCode.builtJars(dir).code(LambdaModule.REIDENTIFY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("functions/reidentify/target/icsmap-reidentify-" + LambdaCode.projectVersion() + "-lambda.jar")
                .hasMessageContaining("./mvnw -B -pl functions/reidentify -am package");
    }

    @Test
    void organisationsFollowTheAgreements() {
        Organisations organisations = Organisations.of(TestStacks.exampleConfig());
        assertThat(organisations.uploads().get("RTG")).extracting(f -> f.id()).containsExactly("apc", "op", "ed");
        assertThat(organisations.uploads().get("QJ2")).extracting(f -> f.id()).containsExactlyInAnyOrder("gp", "opt_out");
        assertThat(organisations.reidentifiers()).contains("RFS", "830", "QJ2");
        assertThat(organisations.analystRoles().getFirst()).hasToString("shared");
    }
}
