package org.icsmap.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Zone;
import org.icsmap.domain.vault.Vault;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The ingest function and its trigger: every object created under {@code landing/} in the landing bucket reaches it
 * through EventBridge. It alone reads landing, derives pseudonyms (GenerateMac on the HMAC key) and writes the vault
 * (data keys bound to the sending provider); it never reads the vault.
 */
public final class Ingest extends Construct {

    /** Ingest's KMS calls are two per upload; ten at once keeps far below KMS's shared request quota. */
    static final int RESERVED_CONCURRENCY = 10;
    public static final String METRIC_NAMESPACE = "icsmap";

    private final JavaFunction function;

    public Ingest(Construct scope, String id, Naming naming, IcsConfig config, Zones zones, Keys keys, LambdaCode code,
                  ILayerVersion configLayer, Monitoring monitoring) {
        super(scope, id);
        Queue failures = monitoring.deadLetterQueue(this, "Failures", "ingest-failures");
        Map<String, String> environment = new LinkedHashMap<>();
        for (Zone zone : List.of(Zone.LANDING, Zone.CURATED, Zone.QUARANTINE, Zone.VAULT, Zone.AUDIT)) {
            environment.put("ICSMAP_" + zone.name() + "_BUCKET", zones.bucket(zone).getBucketName());
        }
        environment.put("ICSMAP_HMAC_KEY_ID", keys.pseudonyms().getKeyArn());
        environment.put("ICSMAP_VAULT_KEY_ID", keys.vault().getKeyArn());
        // No ICSMAP_SSE_KMS_KEY_ID: each object takes its zone bucket's own key.
        // 2 GB of /tmp stages a 2 GB upload's outputs (functions/ingest/README.md). SnapStart allows only 512 MB, and
        // ingest is asynchronous, so it starts cold (a few seconds against minutes of work) rather than fail big files.
        function = new JavaFunction(this, "Function", new JavaFunction.Props(naming.name("ingest"), LambdaModule.INGEST,
                2048, Duration.minutes(15), 2048, RESERVED_CONCURRENCY, environment, failures), code, configLayer, monitoring);
        Role role = function.role();

        role.addToPolicy(Access.objectActions(zones.bucket(Zone.LANDING), List.of("landing/"), Access.READ_OBJECTS));
        role.addToPolicy(Access.objectActions(zones.bucket(Zone.CURATED), List.of("curated/"),
                concat(Access.READ_OBJECTS, Access.WRITE_OBJECTS)));
        role.addToPolicy(Access.objectActions(zones.bucket(Zone.QUARANTINE), List.of("quarantine/"),
                concat(Access.WRITE_OBJECTS, Access.DELETE_OBJECTS)));
        role.addToPolicy(Access.objectActions(zones.bucket(Zone.VAULT), List.of("vault/"), concat(Access.WRITE_OBJECTS, Access.DELETE_OBJECTS)));
        role.addToPolicy(Access.objectActions(zones.bucket(Zone.AUDIT), List.of("audit/ingest/"), concat(Access.READ_OBJECTS, Access.WRITE_OBJECTS)));
        // Listing turns a missing object's 403 into the 404 ingest's replay checks expect.
        role.addToPolicy(Access.list(zones.bucket(Zone.LANDING), List.of("landing/")));
        role.addToPolicy(Access.list(zones.bucket(Zone.CURATED), List.of("curated/")));
        role.addToPolicy(Access.list(zones.bucket(Zone.AUDIT), List.of("audit/ingest/")));
        role.addToPolicy(Access.encryptThroughS3(List.of(keys.zone(Zone.CURATED), keys.zone(Zone.QUARANTINE), keys.zone(Zone.AUDIT))));

        ArnPrincipal ingest = new ArnPrincipal(role.getRoleArn());
        Keys.allowThroughS3(keys.zone(Zone.LANDING), "IngestReadsLanding", role, List.of("kms:Decrypt"));
        Keys.allowThroughS3(keys.zone(Zone.VAULT), "IngestWritesVault", role, List.of("kms:GenerateDataKey", "kms:Decrypt"));
        Keys.allow(keys.pseudonyms(), PolicyStatement.Builder.create()
                .sid("OnlyIngestDerivesPseudonymKey")
                .principals(List.of(ingest))
                .actions(List.of("kms:GenerateMac"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("kms:MacAlgorithm", "HMAC_SHA_256")))
                .build());
        List<String> providers = config.providers().stream().map(IcsConfig.Provider::ods).toList();
        Keys.allow(keys.vault(), PolicyStatement.Builder.create()
                .sid("IngestSealsVaultForItsProviders")
                .principals(List.of(ingest))
                .actions(List.of("kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(vaultContext(config.code(), providers))
                .build());

        Rule.Builder.create(this, "UploadArrived")
                .ruleName(naming.name("ingest-on-upload"))
                .description("every object created under landing/ goes to ingest")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.s3"))
                        .detailType(List.of("Object Created"))
                        .detail(Map.of(
                                "bucket", Map.of("name", List.of(zones.bucket(Zone.LANDING).getBucketName())),
                                "object", Map.of("key", List.of(Map.of("prefix", "landing/")))))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(function.alias())
                        .deadLetterQueue(failures)
                        .retryAttempts(8)
                        .maxEventAge(Duration.hours(24))
                        .build()))
                .build();

        countOutcome(monitoring, naming, "REJECTED", "IngestRejections",
                "an upload was rejected whole (see audit/ingest/ for its report; tell the provider)");
        countOutcome(monitoring, naming, "FAILED", "IngestFailures", "an upload failed to ingest (S3, KMS or a bug) and will be retried");
    }

    public JavaFunction function() {
        return function;
    }

    /** The vault's encryption context (ICS and provider, nothing else), as {@link Vault#encryptionContext} builds it. */
    static Map<String, Object> vaultContext(String ics, List<String> providers) {
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("kms:EncryptionContext:ics", ics, "kms:EncryptionContext:provider", providers));
        // Exactly the vault's context keys: no extra key can widen what a statement matches.
        conditions.put("ForAllValues:StringEquals", Map.of("kms:EncryptionContextKeys",
                Vault.encryptionContext(ics, providers.getFirst()).keySet().stream().sorted().toList()));
        return conditions;
    }

    private void countOutcome(Monitoring monitoring, Naming naming, String outcome, String metricName, String description) {
        MetricFilter.Builder.create(this, metricName + "Filter")
                .logGroup(function.function().getLogGroup())
                .filterPattern(FilterPattern.all(FilterPattern.stringValue("$.event", "=", "ingest.upload"),
                        FilterPattern.stringValue("$.outcome", "=", outcome)))
                .metricNamespace(METRIC_NAMESPACE + "/" + naming.icsCode())
                .metricName(metricName)
                .metricValue("1")
                .build();
        monitoring.alarmAtLeastOnce(this, metricName, Metric.Builder.create()
                .namespace(METRIC_NAMESPACE + "/" + naming.icsCode())
                .metricName(metricName)
                .statistic("Sum")
                .period(Duration.minutes(5))
                .build(), description);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
