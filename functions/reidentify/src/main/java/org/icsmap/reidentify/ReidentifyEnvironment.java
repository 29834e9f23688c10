package org.icsmap.reidentify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icsmap.aws.lambda.PackagedConfig;
import org.icsmap.domain.access.OrganisationRoles;

/**
 * The function's settings, read once from its environment variables (the CDK stack sets them):
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code ICSMAP_VAULT_BUCKET}</td><td>the bucket holding {@code vault/provider=<ODS>/…}</td><td>{@code ICSMAP_BUCKET}</td></tr>
 *   <tr><td>{@code ICSMAP_AUDIT_BUCKET}</td><td>the bucket every request is recorded in, create-only, under
 *       {@code audit/reidentify/} (Object Lock on AWS)</td><td>{@code ICSMAP_BUCKET}</td></tr>
 *   <tr><td>{@code ICSMAP_VAULT_KEY_ID}</td><td>KMS symmetric key the vault's data keys were generated under; Decrypt names it,
 *       so a data key of any other key is refused</td><td>required</td></tr>
 *   <tr><td>{@code ICSMAP_SSE_KMS_KEY_ID}</td><td>KMS key the audit records are encrypted under (SSE-KMS)</td>
 *       <td>none: the audit bucket's default encryption</td></tr>
 *   <tr><td>{@code ICSMAP_ORGANISATION_ROLES}</td><td>JSON object, IAM role name → ODS code: which organisation each caller's role
 *       re-identifies for, e.g. {@code {"icsmap-qj2-RFS-reidentifier":"RFS"}}</td><td>required</td></tr>
 *   <tr><td>{@code ICSMAP_CONFIG}</td><td>the ICS config: {@code classpath:<resource>} or a file path</td><td>{@code classpath:ics.yaml}</td></tr>
 * </table>
 *
 * The region is Lambda's {@code AWS_REGION} (required); credentials come from the SDK's default provider chain.
 */
public record ReidentifyEnvironment(String vaultBucket, String auditBucket, String vaultKeyId, Optional<String> sseKmsKeyId,
                                    OrganisationRoles organisationRoles, String configLocation, String region) {

    public static final String BUCKET = "ICSMAP_BUCKET";
    public static final String VAULT_BUCKET = "ICSMAP_VAULT_BUCKET";
    public static final String AUDIT_BUCKET = "ICSMAP_AUDIT_BUCKET";
    public static final String VAULT_KEY_ID = "ICSMAP_VAULT_KEY_ID";
    public static final String SSE_KMS_KEY_ID = "ICSMAP_SSE_KMS_KEY_ID";
    public static final String ORGANISATION_ROLES = "ICSMAP_ORGANISATION_ROLES";
    public static final String CONFIG = "ICSMAP_CONFIG";
    public static final String REGION = "AWS_REGION";

    /** Reads the settings, or fails naming every variable that is missing or malformed. */
    public static ReidentifyEnvironment from(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Optional<String> shared = value(environment, BUCKET);
        Optional<String> vault = value(environment, VAULT_BUCKET).or(() -> shared);
        Optional<String> audit = value(environment, AUDIT_BUCKET).or(() -> shared);
        if (vault.isEmpty()) {
            problems.add(VAULT_BUCKET + " (or " + BUCKET + ") is missing");
        }
        if (audit.isEmpty()) {
            problems.add(AUDIT_BUCKET + " (or " + BUCKET + ") is missing");
        }
        Optional<String> vaultKey = value(environment, VAULT_KEY_ID);
        if (vaultKey.isEmpty()) {
            problems.add(VAULT_KEY_ID + " is missing");
        }
        OrganisationRoles roles = null;
        Optional<String> rolesJson = value(environment, ORGANISATION_ROLES);
        if (rolesJson.isEmpty()) {
            problems.add(ORGANISATION_ROLES + " is missing (a JSON object: IAM role name → ODS code)");
        } else {
            try {
                roles = OrganisationRoles.fromJson(rolesJson.get());
            } catch (IllegalArgumentException e) {
                problems.add(ORGANISATION_ROLES + " " + e.getMessage());
            }
        }
        Optional<String> region = value(environment, REGION);
        if (region.isEmpty()) {
            problems.add(REGION + " is missing");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the reidentify function's environment is wrong: " + String.join("; ", problems));
        }
        return new ReidentifyEnvironment(vault.get(), audit.get(), vaultKey.get(), value(environment, SSE_KMS_KEY_ID), roles,
                value(environment, CONFIG).orElse(PackagedConfig.DEFAULT_LOCATION), region.get());
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
