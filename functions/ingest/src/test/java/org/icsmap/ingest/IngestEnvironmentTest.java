package org.icsmap.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.icsmap.domain.config.Zone;
import org.junit.jupiter.api.Test;

/** One test per variable and per default of the function's environment. */
class IngestEnvironmentTest {

    static Map<String, String> minimal() {
        Map<String, String> environment = new HashMap<>();
        environment.put("ICSMAP_BUCKET", "icsmap-qj2");
        environment.put("ICSMAP_HMAC_KEY_ID", "alias/icsmap-pseudonymisation");
        environment.put("ICSMAP_VAULT_KEY_ID", "alias/icsmap-vault");
        environment.put("AWS_REGION", "eu-west-2");
        return environment;
    }

    @Test
    void oneBucketHoldsEveryZone() {
        IngestEnvironment environment = IngestEnvironment.from(minimal());

        assertThat(IngestEnvironment.ZONES).allSatisfy(zone -> assertThat(environment.bucket(zone)).isEqualTo("icsmap-qj2"));
        assertThat(environment.hmacKeyId()).isEqualTo("alias/icsmap-pseudonymisation");
        assertThat(environment.vaultKeyId()).isEqualTo("alias/icsmap-vault");
        assertThat(environment.region()).isEqualTo("eu-west-2");
    }

    @Test
    void aZonesOwnBucketOverridesTheSharedOne() {
        Map<String, String> variables = minimal();
        variables.put("ICSMAP_LANDING_BUCKET", "icsmap-qj2-landing");
        variables.put("ICSMAP_VAULT_BUCKET", "icsmap-qj2-vault");

        IngestEnvironment environment = IngestEnvironment.from(variables);

        assertThat(environment.bucket(Zone.LANDING)).isEqualTo("icsmap-qj2-landing");
        assertThat(environment.bucket(Zone.VAULT)).isEqualTo("icsmap-qj2-vault");
        assertThat(environment.bucket(Zone.CURATED)).isEqualTo("icsmap-qj2");
    }

    @Test
    void everyZoneMayHaveItsOwnBucketWithoutASharedOne() {
        Map<String, String> variables = minimal();
        variables.remove("ICSMAP_BUCKET");
        IngestEnvironment.ZONES.forEach(zone -> variables.put(IngestEnvironment.bucketVariable(zone), "b-" + zone.name().toLowerCase()));

        IngestEnvironment environment = IngestEnvironment.from(variables);

        assertThat(environment.bucket(Zone.AUDIT)).isEqualTo("b-audit");
        assertThat(environment.buckets()).hasSize(5);
    }

    @Test
    void aZoneIngestDoesNotUseHasNoBucket() {
        assertThatThrownBy(() -> IngestEnvironment.from(minimal()).bucket(Zone.MARTS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaults() {
        IngestEnvironment environment = IngestEnvironment.from(minimal());

        assertThat(environment.sseKmsKeyId()).isEmpty();
        assertThat(environment.configLocation()).isEqualTo("classpath:ics.yaml");
        assertThat(environment.workDir()).isEqualTo(Path.of("/tmp/icsmap-ingest"));
    }

    @Test
    void optionalSettings() {
        Map<String, String> variables = minimal();
        variables.put("ICSMAP_SSE_KMS_KEY_ID", "alias/icsmap-zones");
        variables.put("ICSMAP_CONFIG", "/var/task/derbyshire.yaml");
        variables.put("ICSMAP_WORK_DIR", "/tmp/elsewhere");

        IngestEnvironment environment = IngestEnvironment.from(variables);

        assertThat(environment.sseKmsKeyId()).isEqualTo(Optional.of("alias/icsmap-zones"));
        assertThat(environment.configLocation()).isEqualTo("/var/task/derbyshire.yaml");
        assertThat(environment.workDir()).isEqualTo(Path.of("/tmp/elsewhere"));
    }

    @Test
    void everyMissingVariableIsNamedAtOnce() {
        assertThatThrownBy(() -> IngestEnvironment.from(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the ingest function is missing environment variables: ICSMAP_BUCKET (or a bucket per zone: "
                        + "ICSMAP_LANDING_BUCKET, ICSMAP_CURATED_BUCKET, ICSMAP_QUARANTINE_BUCKET, ICSMAP_VAULT_BUCKET, ICSMAP_AUDIT_BUCKET), "
                        + "ICSMAP_HMAC_KEY_ID, ICSMAP_VAULT_KEY_ID, AWS_REGION");
    }

    @Test
    void withSomeZonesGivenTheOthersAreNamed() {
        Map<String, String> variables = minimal();
        variables.remove("ICSMAP_BUCKET");
        variables.put("ICSMAP_LANDING_BUCKET", "l");
        variables.put("ICSMAP_CURATED_BUCKET", "c");
        variables.put("ICSMAP_QUARANTINE_BUCKET", "q");

        assertThatThrownBy(() -> IngestEnvironment.from(variables))
                .hasMessage("the ingest function is missing environment variables: ICSMAP_VAULT_BUCKET (or ICSMAP_BUCKET), "
                        + "ICSMAP_AUDIT_BUCKET (or ICSMAP_BUCKET)");
    }

    @Test
    void blankCountsAsMissingAndValuesAreTrimmed() {
        Map<String, String> variables = minimal();
        variables.put("ICSMAP_HMAC_KEY_ID", "  ");
        variables.put("ICSMAP_VAULT_KEY_ID", " alias/icsmap-vault ");

        assertThatThrownBy(() -> IngestEnvironment.from(variables)).hasMessageEndingWith("variables: ICSMAP_HMAC_KEY_ID");
        variables.put("ICSMAP_HMAC_KEY_ID", "k");
        assertThat(IngestEnvironment.from(variables).vaultKeyId()).isEqualTo("alias/icsmap-vault");
    }
}
