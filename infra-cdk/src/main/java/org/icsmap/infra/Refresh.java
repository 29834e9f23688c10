package org.icsmap.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import org.icsmap.domain.access.MartsLayout;
import org.icsmap.domain.config.Zone;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The refresh: the state machine from {@code refresh.asl.json} (the file the local interpreter runs) with its
 * placeholders substituted, the refresh-steps function it calls, and the schedule that starts it. Its queries run in
 * the platform workgroup as the state machine's role, which alone writes the marts.
 */
public final class Refresh extends Construct {

    /** Every night at 03:00 UTC, after providers' overnight uploads; override with {@code -c refreshSchedule=…}. */
    public static final String DEFAULT_SCHEDULE = "cron(0 3 * * ? *)";

    private final JavaFunction steps;
    private final StateMachine stateMachine;
    private final Role role;

    public Refresh(Construct scope, String id, Naming naming, Zones zones, Keys keys, Catalog catalog, RefreshDefinition definition,
                   String schedule, LambdaCode code, ILayerVersion configLayer, Monitoring monitoring) {
        super(scope, id);
        Map<String, String> environment = new LinkedHashMap<>();
        // The statements it renders write every snapshot table (under marts/) into the marts zone's bucket (reference
        // data are views, with no files);
        // the curated tables are Glue's, with partition projection, so their location is not rendered here.
        environment.put("ICSMAP_BUCKET", zones.bucket(Zone.MARTS).getBucketName());
        environment.put("ICSMAP_AUDIT_BUCKET", zones.bucket(Zone.AUDIT).getBucketName());
        steps = new JavaFunction(this, "Steps", new JavaFunction.Props(naming.name("refresh-steps"), LambdaModule.REFRESH_STEPS,
                1024, Duration.minutes(1), 512, 5, environment, null), code, configLayer, monitoring);
        steps.role().addToPolicy(Access.objectActions(zones.bucket(Zone.AUDIT), List.of("audit/refresh/"), List.of("s3:PutObject", "s3:GetObject")));
        steps.role().addToPolicy(Access.list(zones.bucket(Zone.AUDIT), List.of("audit/refresh/")));
        steps.role().addToPolicy(Access.encryptThroughS3(List.of(keys.zone(Zone.AUDIT))));

        role = Role.Builder.create(this, "Role")
                .roleName(naming.name("refresh-state-machine"))
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .build();
        String workGroup = naming.platformWorkGroup();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                        "athena:StopQueryExecution", "athena:GetWorkGroup"))
                .resources(List.of(Catalog.workGroupArn(workGroup)))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions",
                        "glue:BatchGetPartition", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:CreatePartition",
                        "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:DeletePartition", "glue:BatchDeletePartition"))
                .resources(List.of(Catalog.catalogArn(), catalog.databaseArn(), catalog.tablesArn()))
                .build());
        role.addToPolicy(Access.objectActions(zones.bucket(Zone.CURATED), List.of("curated/"), Access.READ_OBJECTS));
        role.addToPolicy(Access.list(zones.bucket(Zone.CURATED), List.of("curated/")));
        role.addToPolicy(Access.objectActions(zones.bucket(Zone.MARTS), List.of(MartsLayout.ZONE_PREFIX),
                concat(Access.READ_OBJECTS, Access.WRITE_OBJECTS, Access.DELETE_OBJECTS)));
        role.addToPolicy(Access.list(zones.bucket(Zone.MARTS), List.of(MartsLayout.ZONE_PREFIX)));
        role.addToPolicy(Access.objectActions(zones.athenaResults(), List.of(Catalog.resultsPrefix(workGroup)),
                concat(Access.READ_OBJECTS, Access.WRITE_OBJECTS)));
        role.addToPolicy(Access.list(zones.athenaResults(), List.of(Catalog.resultsPrefix(workGroup))));
        role.addToPolicy(Access.bucketLocation(List.of(zones.bucket(Zone.CURATED), zones.bucket(Zone.MARTS), zones.athenaResults())));
        role.addToPolicy(Access.decryptThroughS3(List.of(keys.zone(Zone.CURATED))));
        role.addToPolicy(Access.encryptThroughS3(List.of(keys.zone(Zone.MARTS), keys.athenaResults())));
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(steps.alias().getFunctionArn()))
                .build());

        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Step Functions' log delivery (logs:CreateLogDelivery and friends) and X-Ray tracing actions support no"
                        + " resource-level permission; IamPolicyTest checks that only such actions have resource *.")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        Map<String, String> offered = new LinkedHashMap<>();
        offered.put(RefreshDefinition.ATHENA_WORK_GROUP, workGroup);
        offered.put(RefreshDefinition.GLUE_DATABASE, catalog.databaseName());
        offered.put(RefreshDefinition.REFRESH_STEPS_FUNCTION_ARN, steps.alias().getFunctionArn());
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(naming.name("refresh"))
                .definitionBody(DefinitionBody.fromFile(definition.file().toString()))
                .definitionSubstitutions(definition.substitutions(offered))
                .role(role)
                .timeout(Duration.hours(6))
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(monitoring.logGroup(this, "Logs", "/aws/vendedlogs/states/" + naming.name("refresh")))
                        .level(LogLevel.ALL)
                        // States carry step names, SQL and counts, never rows; leaving data out keeps logs small all the same.
                        .includeExecutionData(false)
                        .build())
                .build();
        stateMachine.getNode().addDependency(catalog.platformWorkGroup());

        Rule.Builder.create(this, "Schedule")
                .ruleName(naming.name("refresh-schedule"))
                .description("starts a refresh of every mart from the curated data")
                .schedule(Schedule.expression(schedule))
                .targets(List.of(SfnStateMachine.Builder.create(stateMachine)
                        .input(RuleTargetInput.fromObject(Map.of("trigger", "schedule")))
                        .build()))
                .build();
        monitoring.alarmAtLeastOnce(this, "Failed", stateMachine.metricFailed(), "a refresh failed; the previous snapshot stays published");
        monitoring.alarmAtLeastOnce(this, "TimedOut", stateMachine.metricTimedOut(), "a refresh timed out; the previous snapshot stays published");
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public JavaFunction steps() {
        return steps;
    }

    public Role role() {
        return role;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
