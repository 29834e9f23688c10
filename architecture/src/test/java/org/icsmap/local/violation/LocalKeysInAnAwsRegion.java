package org.icsmap.local.violation;

import software.amazon.awssdk.regions.Region;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): the embedded home needing the AWS SDK. */
public final class LocalKeysInAnAwsRegion {
    Region region;
}
