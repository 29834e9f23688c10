package org.icsmap.infra;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.icsmap.domain.config.Zone;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.constructs.Construct;

/**
 * The stack's KMS keys: the HMAC key pseudonyms are derived under, one symmetric key per zone (each bucket's
 * default encryption), the vault's data-key key, the Athena results key and the operations key (logs, alarms).
 *
 * <p>The HMAC key, the vault key and the landing and vault zone keys hold identifiable data's secrets, so their key
 * policies give the account only key administration, never a cryptographic operation: an IAM policy alone cannot
 * grant their use, and each use is a statement in the key policy naming the one role allowed (see
 * {@link #allow}). The other keys keep CDK's default policy (the account delegates to IAM) and are granted by the
 * least-privilege role policies.
 */
public final class Keys extends Construct {

    /** Key administration without any cryptographic operation. */
    static final List<String> ADMINISTRATION = List.of(
            "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
            "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
            "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand");

    private static final List<Zone> RESTRICTED_ZONES = List.of(Zone.LANDING, Zone.VAULT);

    private final Key pseudonyms;
    private final Key vault;
    private final Map<Zone, Key> zones = new EnumMap<>(Zone.class);
    private final Key athenaResults;
    private final Key operations;

    public Keys(Construct scope, String id, Naming naming) {
        super(scope, id);
        pseudonyms = Key.Builder.create(this, "Pseudonyms")
                .alias(naming.prefix() + "/pseudonyms")
                .description("icsmap " + naming.icsCode() + ": HMAC key the pseudonymisation key K is derived under (GenerateMac by ingest only)")
                .keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .policy(administrationOnly())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        vault = restricted("Vault", naming.prefix() + "/vault-data-keys",
                "icsmap " + naming.icsCode() + ": the vault's data keys, bound to the providing organisation by encryption context");
        for (Zone zone : Zone.values()) {
            String name = zone.name().toLowerCase(Locale.ROOT);
            String description = "icsmap " + naming.icsCode() + ": default encryption of the " + name + " zone";
            zones.put(zone, RESTRICTED_ZONES.contains(zone)
                    ? restricted(pascal(name) + "Zone", naming.prefix() + "/zone-" + name, description)
                    : delegated(pascal(name) + "Zone", naming.prefix() + "/zone-" + name, description));
        }
        athenaResults = delegated("AthenaResults", naming.prefix() + "/athena-results", "icsmap " + naming.icsCode() + ": Athena query results");
        operations = delegated("Operations", naming.prefix() + "/operations",
                "icsmap " + naming.icsCode() + ": log groups, alarm topic and queues (no patient data)");
    }

    /** The HMAC_256 key under which K is derived. */
    public Key pseudonyms() {
        return pseudonyms;
    }

    /** The symmetric key whose data keys encrypt the vault's NHS numbers. */
    public Key vault() {
        return vault;
    }

    public Key zone(Zone zone) {
        return zones.get(zone);
    }

    public Key athenaResults() {
        return athenaResults;
    }

    public Key operations() {
        return operations;
    }

    /** Adds a statement to a key's own policy (for the keys whose policy is administration only). */
    public static void allow(Key key, PolicyStatement statement) {
        key.addToResourcePolicy(statement);
    }

    /** Lets one role use a key through S3 only (in a key policy, resource {@code *} is the key itself). */
    public static void allowThroughS3(Key key, String sid, IRole role, List<String> actions) {
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .principals(List.of(new ArnPrincipal(role.getRoleArn())))
                .actions(actions)
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + Aws.REGION + ".amazonaws.com")))
                .build());
    }

    private Key restricted(String id, String alias, String description) {
        return Key.Builder.create(this, id)
                .alias(alias)
                .description(description)
                .enableKeyRotation(true)
                .policy(administrationOnly())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private Key delegated(String id, String alias, String description) {
        return Key.Builder.create(this, id)
                .alias(alias)
                .description(description)
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private static PolicyDocument administrationOnly() {
        return PolicyDocument.Builder.create()
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("KeyAdministrationOnly")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AccountRootPrincipal()))
                        .actions(ADMINISTRATION)
                        .resources(List.of("*"))
                        .build()))
                .build();
    }

    private static String pascal(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
