package org.icsmap.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The function's settings, read once from its environment variables (the CDK stack sets them):
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code ICSMAP_BUCKET}</td><td>the bucket the refresh's SQL reads and writes ({@code curated/}, {@code reference/},
 *       {@code marts/}): the locations in every rendered statement</td><td>required</td></tr>
 *   <tr><td>{@code ICSMAP_AUDIT_BUCKET}</td><td>where refresh outcomes are written, under {@code audit/refresh/}</td>
 *       <td>{@code ICSMAP_BUCKET}</td></tr>
 *   <tr><td>{@code ICSMAP_SSE_KMS_KEY_ID}</td><td>KMS key audit records are encrypted under (SSE-KMS)</td><td>the bucket's default</td></tr>
 *   <tr><td>{@code ICSMAP_CONFIG}</td><td>the ICS config: {@code classpath:<resource>} or a file path</td><td>{@code classpath:ics.yaml}</td></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>set by Lambda</td><td>required</td></tr>
 * </table>
 */
public record RefreshStepsEnvironment(String bucket, String auditBucket, Optional<String> sseKmsKeyId, String configLocation, String region) {

    public static final String BUCKET = "ICSMAP_BUCKET";
    public static final String AUDIT_BUCKET = "ICSMAP_AUDIT_BUCKET";
    public static final String SSE_KMS_KEY_ID = "ICSMAP_SSE_KMS_KEY_ID";
    public static final String CONFIG = "ICSMAP_CONFIG";
    public static final String REGION = "AWS_REGION";
    public static final String DEFAULT_CONFIG = "classpath:ics.yaml";

    /** Reads the settings, or fails naming every variable that is missing. */
    public static RefreshStepsEnvironment from(Map<String, String> environment) {
        List<String> missing = new ArrayList<>();
        Optional<String> bucket = value(environment, BUCKET);
        Optional<String> region = value(environment, REGION);
        if (bucket.isEmpty()) {
            missing.add(BUCKET);
        }
        if (region.isEmpty()) {
            missing.add(REGION);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the refresh-steps function is missing environment variables: " + String.join(", ", missing));
        }
        return new RefreshStepsEnvironment(bucket.get(), value(environment, AUDIT_BUCKET).orElse(bucket.get()), value(environment, SSE_KMS_KEY_ID),
                value(environment, CONFIG).orElse(DEFAULT_CONFIG), region.get());
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
