package org.icsmap.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Least-privilege IAM statements, always for named key prefixes: S3 objects under a prefix, listing only under
 * that prefix, and KMS use only through S3.
 */
final class Access {

    static final List<String> READ_OBJECTS = List.of("s3:GetObject", "s3:GetObjectVersion");
    static final List<String> WRITE_OBJECTS = List.of("s3:PutObject", "s3:AbortMultipartUpload");
    static final List<String> DELETE_OBJECTS = List.of("s3:DeleteObject");

    private Access() {
    }

    /** {@code arn:…:bucket/<prefix>*} for each prefix. */
    static List<String> objects(IBucket bucket, List<String> prefixes) {
        return prefixes.stream().map(prefix -> bucket.arnForObjects(prefix + "*")).toList();
    }

    static PolicyStatement objectActions(IBucket bucket, List<String> prefixes, List<String> actions) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(objects(bucket, prefixes))
                .build();
    }

    /** ListBucket, but only for keys under the given prefixes. */
    static PolicyStatement list(IBucket bucket, List<String> prefixes) {
        return PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket", "s3:ListBucketVersions"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", prefixes.stream().map(p -> p + "*").toList())))
                .build();
    }

    static PolicyStatement bucketLocation(List<IBucket> buckets) {
        return PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation"))
                .resources(buckets.stream().map(IBucket::getBucketArn).toList())
                .build();
    }

    /** What S3 needs of a caller to read SSE-KMS objects. */
    static PolicyStatement decryptThroughS3(List<? extends IKey> keys) {
        return throughS3(keys, List.of("kms:Decrypt"));
    }

    /** What S3 needs of a caller to write (and multipart-upload) SSE-KMS objects. */
    static PolicyStatement encryptThroughS3(List<? extends IKey> keys) {
        return throughS3(keys, List.of("kms:GenerateDataKey", "kms:Decrypt"));
    }

    private static PolicyStatement throughS3(List<? extends IKey> keys, List<String> actions) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(keys.stream().map(IKey::getKeyArn).toList())
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + Aws.REGION + ".amazonaws.com")))
                .build();
    }
}
