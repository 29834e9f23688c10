package org.icsmap.infra;

import java.util.List;
import java.util.Map;
import org.icsmap.domain.config.Zone;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.cloudtrail.ReadWriteType;
import software.amazon.awscdk.services.cloudtrail.Trail;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * CloudTrail for the identifiable zones: every read and write of an object in landing and vault (who, when, which
 * key), plus the account's management events, delivered under {@code audit/cloudtrail/} in the append-only audit
 * bucket, encrypted under the audit key, with digest files and a copy in CloudWatch Logs.
 */
public final class DataEventsTrail extends Construct {

    public static final String KEY_PREFIX = "audit/cloudtrail";

    public DataEventsTrail(Construct scope, String id, Naming naming, Zones zones, Keys keys, Monitoring monitoring) {
        super(scope, id);
        String trailArn = "arn:" + Aws.PARTITION + ":cloudtrail:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":trail/" + naming.name("data-events");
        keys.zone(Zone.AUDIT).addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudTrailEncryptsTheTrail")
                .principals(List.of(new ServicePrincipal("cloudtrail.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey*", "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceArn", trailArn)))
                .build());
        Trail trail = Trail.Builder.create(this, "Trail")
                .trailName(naming.name("data-events"))
                .bucket(zones.bucket(Zone.AUDIT))
                .s3KeyPrefix(KEY_PREFIX)
                .encryptionKey(keys.zone(Zone.AUDIT))
                .enableFileValidation(true)
                .includeGlobalServiceEvents(true)
                .isMultiRegionTrail(false)
                .sendToCloudWatchLogs(true)
                .cloudWatchLogGroup(monitoring.logGroup(this, "Logs", "/icsmap/" + naming.prefix() + "/cloudtrail"))
                .build();
        trail.addS3EventSelector(List.of(
                        software.amazon.awscdk.services.cloudtrail.S3EventSelector.builder().bucket(zones.bucket(Zone.LANDING)).objectPrefix("landing/").build(),
                        software.amazon.awscdk.services.cloudtrail.S3EventSelector.builder().bucket(zones.bucket(Zone.VAULT)).objectPrefix("vault/").build()),
                software.amazon.awscdk.services.cloudtrail.AddEventSelectorOptions.builder()
                        .readWriteType(ReadWriteType.ALL)
                        .includeManagementEvents(true)
                        .build());
    }

}
