package org.icsmap.uploadurl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.icsmap.aws.lambda.PackagedConfig;
import org.icsmap.domain.access.OrganisationRoles;
import org.icsmap.domain.upload.UploadService;

/**
 * The function's settings, read once from its environment variables (the CDK stack sets them):
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code ICSMAP_LANDING_BUCKET}</td><td>the bucket uploads are signed for (keys keep their {@code landing/} prefix)</td>
 *       <td>{@code ICSMAP_BUCKET}</td></tr>
 *   <tr><td>{@code ICSMAP_AUDIT_BUCKET}</td><td>the bucket each grant is recorded in, under {@code audit/uploads/}</td>
 *       <td>{@code ICSMAP_BUCKET}</td></tr>
 *   <tr><td>{@code ICSMAP_SSE_KMS_KEY_ID}</td><td>the landing bucket's KMS key: the signed PUT requires SSE-KMS under it
 *       (audit records take the audit bucket's default encryption)</td><td>required</td></tr>
 *   <tr><td>{@code ICSMAP_ORGANISATION_ROLES}</td><td>JSON object, IAM role name → ODS code: which organisation each caller's
 *       role uploads for, e.g. {@code {"icsmap-qj2-RFS-uploader":"RFS"}}</td><td>required</td></tr>
 *   <tr><td>{@code ICSMAP_CONFIG}</td><td>the ICS config: {@code classpath:<resource>} or a file path</td><td>{@code classpath:ics.yaml}</td></tr>
 *   <tr><td>{@code ICSMAP_MAX_UPLOAD_BYTES}</td><td>the largest file accepted, in bytes (at most 5 GiB, 5368709120)</td>
 *       <td>5 GiB (the ICS config has no limit of its own)</td></tr>
 * </table>
 *
 * The region is Lambda's {@code AWS_REGION} (required); credentials come from the SDK's default provider chain
 * (the function's role, which signs the URLs).
 *
 * @param organisationRoles {@code ICSMAP_ORGANISATION_ROLES}
 * @param maxUploadBytes    empty: {@link UploadService#SINGLE_PUT_LIMIT_BYTES}
 */
public record UploadUrlEnvironment(String landingBucket, String auditBucket, String sseKmsKeyId, OrganisationRoles organisationRoles,
                                   String configLocation, OptionalLong maxUploadBytes, String region) {

    public static final String BUCKET = "ICSMAP_BUCKET";
    public static final String LANDING_BUCKET = "ICSMAP_LANDING_BUCKET";
    public static final String AUDIT_BUCKET = "ICSMAP_AUDIT_BUCKET";
    public static final String SSE_KMS_KEY_ID = "ICSMAP_SSE_KMS_KEY_ID";
    public static final String ORGANISATION_ROLES = "ICSMAP_ORGANISATION_ROLES";
    public static final String CONFIG = "ICSMAP_CONFIG";
    public static final String MAX_UPLOAD_BYTES = "ICSMAP_MAX_UPLOAD_BYTES";
    public static final String REGION = "AWS_REGION";

    /** The upload limit in force. */
    public long uploadLimit() {
        return maxUploadBytes.orElse(UploadService.SINGLE_PUT_LIMIT_BYTES);
    }

    /** Reads the settings, or fails naming every variable that is missing or malformed. */
    public static UploadUrlEnvironment from(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Optional<String> shared = value(environment, BUCKET);
        Optional<String> landing = value(environment, LANDING_BUCKET).or(() -> shared);
        Optional<String> audit = value(environment, AUDIT_BUCKET).or(() -> shared);
        if (landing.isEmpty()) {
            problems.add(LANDING_BUCKET + " (or " + BUCKET + ") is missing");
        }
        if (audit.isEmpty()) {
            problems.add(AUDIT_BUCKET + " (or " + BUCKET + ") is missing");
        }
        Optional<String> kmsKey = value(environment, SSE_KMS_KEY_ID);
        if (kmsKey.isEmpty()) {
            problems.add(SSE_KMS_KEY_ID + " is missing: every upload must be encrypted under the landing bucket's KMS key");
        }
        OrganisationRoles roles = organisationRoles(environment, problems);
        OptionalLong max = OptionalLong.empty();
        Optional<String> maxText = value(environment, MAX_UPLOAD_BYTES);
        if (maxText.isPresent()) {
            try {
                long bytes = Long.parseLong(maxText.get());
                if (bytes <= 0 || bytes > UploadService.SINGLE_PUT_LIMIT_BYTES) {
                    throw new NumberFormatException();
                }
                max = OptionalLong.of(bytes);
            } catch (NumberFormatException e) {
                problems.add(MAX_UPLOAD_BYTES + " must be a whole number of bytes from 1 to " + UploadService.SINGLE_PUT_LIMIT_BYTES + " (5 GiB)");
            }
        }
        Optional<String> region = value(environment, REGION);
        if (region.isEmpty()) {
            problems.add(REGION + " is missing");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the upload-url function's environment is wrong: " + String.join("; ", problems));
        }
        return new UploadUrlEnvironment(landing.get(), audit.get(), kmsKey.get(), roles,
                value(environment, CONFIG).orElse(PackagedConfig.DEFAULT_LOCATION), max, region.get());
    }

    /** Parses {@code ICSMAP_ORGANISATION_ROLES}, adding what is wrong with it to {@code problems}. */
    static OrganisationRoles organisationRoles(Map<String, String> environment, List<String> problems) {
        Optional<String> json = value(environment, ORGANISATION_ROLES);
        if (json.isEmpty()) {
            problems.add(ORGANISATION_ROLES + " is missing (a JSON object: IAM role name → ODS code)");
            return null;
        }
        try {
            return OrganisationRoles.fromJson(json.get());
        } catch (IllegalArgumentException e) {
            problems.add(ORGANISATION_ROLES + " " + e.getMessage());
            return null;
        }
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
