package org.icsmap.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * One of icsmap's Micronaut functions as Lambda runs it: {@code java25} on arm64, SnapStart on published versions
 * (callers always go through the {@code live} alias, so always through a snapshot) unless it needs more {@code /tmp}
 * than SnapStart allows, its own role with nothing but
 * what its caller adds, its own encrypted log group, the ICS config layer at {@code /opt/icsmap/ics.yaml}, and a
 * reserved concurrency that caps what it can ask of KMS, S3 and Athena.
 */
public final class JavaFunction extends Construct {

    /** Where the config layer puts the ICS config the stack was synthesised from. */
    public static final String CONFIG_PATH = "/opt/icsmap/ics.yaml";
    public static final String ALIAS = "live";

    /**
     * @param name                 function name (also its role's and log group's)
     * @param module               which jar and handler
     * @param memoryMb             memory, which also buys CPU
     * @param timeout              time limit of one invocation
     * @param ephemeralStorageMb   {@code /tmp}
     * @param reservedConcurrency  the most instances at once
     * @param environment          settings beyond {@code ICSMAP_CONFIG}
     * @param deadLetterQueue      for asynchronous invocations; {@code null} for synchronously invoked functions
     */
    public record Props(String name, LambdaModule module, int memoryMb, Duration timeout, int ephemeralStorageMb,
                        int reservedConcurrency, Map<String, String> environment, IQueue deadLetterQueue) {

        /** SnapStart allows at most this much {@code /tmp}; a function that needs more starts cold instead. */
        public static final int SNAPSTART_MAX_EPHEMERAL_MB = 512;

        public boolean snapStart() {
            return ephemeralStorageMb <= SNAPSTART_MAX_EPHEMERAL_MB;
        }
    }

    private final Role role;
    private final Function function;
    private final Alias alias;

    public JavaFunction(Construct scope, String id, Props props, LambdaCode code, ILayerVersion configLayer, Monitoring monitoring) {
        super(scope, id);
        role = Role.Builder.create(this, "Role")
                .roleName(props.name())
                .description("icsmap function " + props.name())
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        LogGroup logs = monitoring.logGroup(this, "Logs", "/aws/lambda/" + props.name());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ICSMAP_CONFIG", CONFIG_PATH);
        // The runtime may leave the heap at the JVM's default quarter of memory; icsmap's functions need most of it.
        environment.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=80");
        environment.putAll(props.environment());
        Function.Builder builder = Function.Builder.create(this, "Function")
                .functionName(props.name())
                .description("icsmap " + props.module().module())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(props.module().handler())
                .code(code.code(props.module()))
                .layers(List.of(configLayer))
                .role(role)
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .ephemeralStorageSize(Size.mebibytes(props.ephemeralStorageMb()))
                .reservedConcurrentExecutions(props.reservedConcurrency())
                .logGroup(logs)
                .environment(environment);
        if (props.snapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        if (props.deadLetterQueue() != null) {
            // Lambda retries a failed asynchronous event twice (its default), then parks it here.
            builder.deadLetterQueue(props.deadLetterQueue());
        }
        function = builder.build();
        alias = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
        if (props.snapStart()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "every caller invokes the live alias, which always points at a published version");
        }
        if (props.deadLetterQueue() == null) {
            Suppressions.on(function, "HIPAA.Security-LambdaDLQ", "Invoked synchronously (by API Gateway or Step Functions), so a"
                    + " failure goes back to the caller, which reports or retries it; a dead-letter queue only ever receives asynchronous events.");
        }
        Suppressions.on(function, "HIPAA.Security-LambdaInsideVPC", "The function reaches only S3, KMS (and Athena/Glue for the"
                + " refresh) through AWS's public, TLS-only endpoints under IAM and key policies that name this role; it opens no"
                + " connection of its own and holds no network-reachable state. A VPC with interface endpoints is a possible later"
                + " data-perimeter control (docs/deploy.md), not one this release relies on.");
        monitoring.alarmAtLeastOnce(this, "Errors", alias.metricErrors(),
                props.name() + " failed (see its log group)");
    }

    public Role role() {
        return role;
    }

    public Function function() {
        return function;
    }

    /** What every caller invokes: the published, snapshotted version. */
    public Alias alias() {
        return alias;
    }
}
