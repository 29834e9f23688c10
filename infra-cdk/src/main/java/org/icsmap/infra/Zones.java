package org.icsmap.infra;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Zone;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * One bucket per DESIGN.md zone (keys keep their zone prefix inside it, e.g. {@code landing/provider=…}), each
 * under its own KMS key, TLS only, versioned, private, owner-enforced, access-logged, and expiring objects after the
 * retention the ICS config sets for the zone; plus the access-log bucket and the Athena results bucket.
 */
public final class Zones extends Construct {

    /** Old versions of identifiable raw data go as soon as S3 allows; other zones keep them a month for recovery. */
    private static final int LANDING_NONCURRENT_DAYS = 1;
    private static final int NONCURRENT_DAYS = 30;
    private static final int ATHENA_RESULTS_DAYS = 30;

    private final Map<Zone, Bucket> buckets = new EnumMap<>(Zone.class);
    private final Bucket accessLogs;
    private final Bucket athenaResults;

    public Zones(Construct scope, String id, Naming naming, IcsConfig config, Keys keys) {
        super(scope, id);
        int auditDays = config.retentionDays().getOrDefault(Zone.AUDIT, IcsConfig.DEFAULT_RETENTION_DAYS.get(Zone.AUDIT));
        // S3 server access logging delivers only to SSE-S3 buckets; the logs hold keys and callers, never contents.
        accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .bucketName(globalName(naming.name("access-logs")))
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(expiry("expire-access-logs", auditDays, NONCURRENT_DAYS)))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        for (Zone zone : Zone.values()) {
            buckets.put(zone, zoneBucket(naming, config, keys, zone));
        }
        // Providers' uploads raise EventBridge "Object Created" events natively (no notification custom resource).
        ((CfnBucket) buckets.get(Zone.LANDING).getNode().getDefaultChild())
                .addPropertyOverride("NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled", true);
        Suppressions.on(accessLogs, "HIPAA.Security-S3DefaultEncryptionKMS", "S3 server access logging delivers only to"
                + " buckets encrypted with SSE-S3; the logs name objects and callers, never their contents.");
        athenaResults = Bucket.Builder.create(this, "AthenaResults")
                .bucketName(globalName(naming.name("athena-results")))
                .encryption(BucketEncryption.KMS)
                .encryptionKey(keys.athenaResults())
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("athena-results/")
                .lifecycleRules(List.of(expiry("expire-query-results", ATHENA_RESULTS_DAYS, 1)))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        noReplication();
    }

    /**
     * Replication: NHS data must stay in the UK and London (eu-west-2) is AWS's only UK region, so there is nowhere to
     * replicate to; versioning (and Object Lock on audit) is the recovery from mistakes, and the ingest inputs are
     * the providers' own extracts, which they can send again.
     */
    private void noReplication() {
        List<Bucket> all = new java.util.ArrayList<>(buckets.values());
        all.add(accessLogs);
        all.add(athenaResults);
        all.forEach(bucket -> Suppressions.on(bucket, "HIPAA.Security-S3BucketReplicationEnabled", "NHS data stays in the UK and"
                + " eu-west-2 is the only UK region: no second region to replicate to. Versioning (and Object Lock on audit) recovers"
                + " from mistakes; providers can resend extracts."));
    }

    public Bucket bucket(Zone zone) {
        return buckets.get(zone);
    }

    public Bucket accessLogs() {
        return accessLogs;
    }

    public Bucket athenaResults() {
        return athenaResults;
    }

    /**
     * Denies reading a zone's objects to every principal but the given roles: no IAM policy granted later, to
     * anyone, can reach identifiable data (landing: ingest only; vault: re-identification only).
     */
    public void onlyTheseRolesRead(Zone zone, List<? extends IRole> readers) {
        buckets.get(zone).addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("Only" + zone.name().charAt(0) + zone.name().substring(1).toLowerCase(Locale.ROOT) + "ReadersGetObjects")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes", "s3:RestoreObject"))
                .resources(List.of(buckets.get(zone).arnForObjects("*")))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", readers.stream().map(IRole::getRoleArn).toList())))
                .build());
    }

    private Bucket zoneBucket(Naming naming, IcsConfig config, Keys keys, Zone zone) {
        String name = zone.name().toLowerCase(Locale.ROOT);
        int days = config.retentionDays().getOrDefault(zone, IcsConfig.DEFAULT_RETENTION_DAYS.get(zone));
        Bucket.Builder bucket = Bucket.Builder.create(this, Character.toUpperCase(name.charAt(0)) + name.substring(1))
                .bucketName(globalName(naming.bucketPrefix(zone)))
                .encryption(BucketEncryption.KMS)
                .encryptionKey(keys.zone(zone))
                // One KMS call per bucket key rather than per object: KMS quotas and cost.
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix(name + "/")
                .lifecycleRules(List.of(expiry("expire-after-retention", days,
                        zone == Zone.LANDING ? LANDING_NONCURRENT_DAYS : NONCURRENT_DAYS)))
                .removalPolicy(RemovalPolicy.RETAIN);
        if (zone == Zone.AUDIT) {
            // Append-only: governance-mode retention for the whole retention period; no role gets BypassGovernanceRetention.
            bucket.objectLockEnabled(true).objectLockDefaultRetention(ObjectLockRetention.governance(Duration.days(days)));
        }
        return bucket.build();
    }

    private static LifecycleRule expiry(String id, int days, int noncurrentDays) {
        return LifecycleRule.builder()
                .id(id)
                .enabled(true)
                .expiration(Duration.days(days))
                .noncurrentVersionExpiration(Duration.days(noncurrentDays))
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build();
    }

    /** Bucket names are global: the account and region make the ICS's names unique. */
    private static String globalName(String name) {
        return name + "-" + Aws.ACCOUNT_ID + "-" + Aws.REGION;
    }

}
