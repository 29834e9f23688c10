package org.icsmap.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icsmap.domain.config.Zone;

/**
 * The function's settings, read once from its environment variables (the CDK stack sets them):
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code ICSMAP_BUCKET}</td><td>the one bucket that holds every zone, each under its prefix</td><td>none</td></tr>
 *   <tr><td>{@code ICSMAP_LANDING_BUCKET}, {@code ICSMAP_CURATED_BUCKET}, {@code ICSMAP_QUARANTINE_BUCKET},
 *       {@code ICSMAP_VAULT_BUCKET}, {@code ICSMAP_AUDIT_BUCKET}</td>
 *       <td>a zone's own bucket (keys keep their zone prefix inside it)</td><td>{@code ICSMAP_BUCKET}</td></tr>
 *   <tr><td>{@code ICSMAP_HMAC_KEY_ID}</td><td>KMS HMAC_256 key the pseudonymisation key is derived under (id, alias or ARN)</td><td>required</td></tr>
 *   <tr><td>{@code ICSMAP_VAULT_KEY_ID}</td><td>KMS symmetric key the vault's data keys are generated under</td><td>required</td></tr>
 *   <tr><td>{@code ICSMAP_SSE_KMS_KEY_ID}</td><td>KMS key every object written is encrypted under (SSE-KMS)</td>
 *       <td>none: each bucket's default encryption</td></tr>
 *   <tr><td>{@code ICSMAP_CONFIG}</td><td>the ICS config: {@code classpath:<resource>} or a file path</td><td>{@code classpath:ics.yaml}</td></tr>
 *   <tr><td>{@code ICSMAP_WORK_DIR}</td><td>local directory uploads are staged in (emptied before each upload)</td>
 *       <td>{@code /tmp/icsmap-ingest}</td></tr>
 * </table>
 *
 * The region is Lambda's {@code AWS_REGION} (required, so the SDK never probes for one); credentials come from
 * the SDK's default provider chain, resolved on first use.
 *
 * @param buckets       the bucket of each zone ingest touches
 * @param hmacKeyId     {@code ICSMAP_HMAC_KEY_ID}
 * @param vaultKeyId    {@code ICSMAP_VAULT_KEY_ID}
 * @param sseKmsKeyId   {@code ICSMAP_SSE_KMS_KEY_ID}
 * @param configLocation {@code ICSMAP_CONFIG}
 * @param workDir       {@code ICSMAP_WORK_DIR}
 * @param region        {@code AWS_REGION}
 */
public record IngestEnvironment(Map<Zone, String> buckets, String hmacKeyId, String vaultKeyId, Optional<String> sseKmsKeyId,
                                String configLocation, Path workDir, String region) {

    /** The zones an ingest reads or writes. */
    public static final List<Zone> ZONES = List.of(Zone.LANDING, Zone.CURATED, Zone.QUARANTINE, Zone.VAULT, Zone.AUDIT);
    public static final String BUCKET = "ICSMAP_BUCKET";
    public static final String HMAC_KEY_ID = "ICSMAP_HMAC_KEY_ID";
    public static final String VAULT_KEY_ID = "ICSMAP_VAULT_KEY_ID";
    public static final String SSE_KMS_KEY_ID = "ICSMAP_SSE_KMS_KEY_ID";
    public static final String CONFIG = "ICSMAP_CONFIG";
    public static final String WORK_DIR = "ICSMAP_WORK_DIR";
    public static final String REGION = "AWS_REGION";
    public static final String DEFAULT_CONFIG = "classpath:ics.yaml";
    public static final Path DEFAULT_WORK_DIR = Path.of("/tmp/icsmap-ingest");

    public IngestEnvironment {
        buckets = Map.copyOf(buckets);
    }

    /** The variable naming a zone's own bucket, e.g. {@code ICSMAP_LANDING_BUCKET}. */
    public static String bucketVariable(Zone zone) {
        return "ICSMAP_" + zone.name() + "_BUCKET";
    }

    /** Reads the settings, or fails naming every variable that is missing. */
    public static IngestEnvironment from(Map<String, String> environment) {
        List<String> missing = new ArrayList<>();
        Map<Zone, String> buckets = new EnumMap<>(Zone.class);
        Optional<String> shared = value(environment, BUCKET);
        List<String> zonesWithout = new ArrayList<>();
        for (Zone zone : ZONES) {
            Optional<String> bucket = value(environment, bucketVariable(zone)).or(() -> shared);
            bucket.ifPresentOrElse(name -> buckets.put(zone, name), () -> zonesWithout.add(bucketVariable(zone)));
        }
        if (zonesWithout.size() == ZONES.size()) {
            missing.add(BUCKET + " (or a bucket per zone: " + String.join(", ", zonesWithout) + ")");
        } else {
            zonesWithout.forEach(variable -> missing.add(variable + " (or " + BUCKET + ")"));
        }
        Optional<String> hmacKeyId = value(environment, HMAC_KEY_ID);
        Optional<String> vaultKeyId = value(environment, VAULT_KEY_ID);
        if (hmacKeyId.isEmpty()) {
            missing.add(HMAC_KEY_ID);
        }
        if (vaultKeyId.isEmpty()) {
            missing.add(VAULT_KEY_ID);
        }
        Optional<String> region = value(environment, REGION);
        if (region.isEmpty()) {
            missing.add(REGION);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the ingest function is missing environment variables: " + String.join(", ", missing));
        }
        return new IngestEnvironment(buckets, hmacKeyId.get(), vaultKeyId.get(), value(environment, SSE_KMS_KEY_ID),
                value(environment, CONFIG).orElse(DEFAULT_CONFIG), value(environment, WORK_DIR).map(Path::of).orElse(DEFAULT_WORK_DIR),
                region.get());
    }

    public String bucket(Zone zone) {
        String bucket = buckets.get(zone);
        if (bucket == null) {
            throw new IllegalArgumentException("ingest does not use the " + zone + " zone");
        }
        return bucket;
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
