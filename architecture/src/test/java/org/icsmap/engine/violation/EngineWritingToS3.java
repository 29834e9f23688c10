package org.icsmap.engine.violation;

import org.icsmap.aws.s3.S3ObjectStore;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): the engine naming one home's adapter instead of the ObjectStore port. */
public final class EngineWritingToS3 {
    S3ObjectStore store;
}
