package org.icsmap.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.domain.access.MartsLayout;
import org.icsmap.domain.config.Zone;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The analysts' roles: ICS analysts read the shared marts; each organisation's analysts read their own
 * {@code org=<ODS>/} outputs too. What each may read in S3 is {@link MartsLayout#readablePrefixes} and nothing else,
 * so access is enforced by storage, as DESIGN.md requires; Athena and Glue only let them query, in their own
 * workgroup, whose results only they can read.
 */
public final class AnalystRoles extends Construct {

    private final Map<AnalystRole, Role> roles = new LinkedHashMap<>();

    public AnalystRoles(Construct scope, String id, Naming naming, List<AnalystRole> analystRoles, Zones zones, Keys keys, Catalog catalog) {
        super(scope, id);
        for (AnalystRole analystRole : analystRoles) {
            String roleName;
            String workGroup;
            String logicalId;
            switch (analystRole) {
                case AnalystRole.Shared s -> {
                    roleName = naming.sharedAnalystRole();
                    workGroup = naming.sharedWorkGroup();
                    logicalId = "SharedAnalyst";
                }
                case AnalystRole.Organisation o -> {
                    roleName = naming.analystRole(o.ods());
                    workGroup = naming.organisationWorkGroup(o.ods());
                    logicalId = "Analyst" + o.ods();
                }
            }
            Role role = Role.Builder.create(this, logicalId)
                    .roleName(roleName)
                    .description("icsmap: " + analystRole + " analysts query the marts in Athena workgroup " + workGroup)
                    .assumedBy(new AccountRootPrincipal())
                    .maxSessionDuration(Duration.hours(8))
                    .build();
            List<String> readable = MartsLayout.readablePrefixes(analystRole);
            role.addToPolicy(Access.objectActions(zones.bucket(Zone.MARTS), readable, Access.READ_OBJECTS));
            role.addToPolicy(Access.list(zones.bucket(Zone.MARTS), readable));
            role.addToPolicy(Access.objectActions(zones.athenaResults(), List.of(Catalog.resultsPrefix(workGroup)),
                    List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload")));
            role.addToPolicy(Access.list(zones.athenaResults(), List.of(Catalog.resultsPrefix(workGroup))));
            role.addToPolicy(Access.bucketLocation(List.of(zones.bucket(Zone.MARTS), zones.athenaResults())));
            role.addToPolicy(Access.decryptThroughS3(List.of(keys.zone(Zone.MARTS))));
            role.addToPolicy(Access.encryptThroughS3(List.of(keys.athenaResults())));
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                            "athena:GetQueryResultsStream", "athena:StopQueryExecution", "athena:ListQueryExecutions",
                            "athena:BatchGetQueryExecution", "athena:GetWorkGroup"))
                    .resources(List.of(Catalog.workGroupArn(workGroup)))
                    .build());
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("athena:GetDataCatalog", "athena:ListDatabases", "athena:GetDatabase", "athena:ListTableMetadata",
                            "athena:GetTableMetadata"))
                    .resources(List.of("arn:" + Aws.PARTITION + ":athena:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":datacatalog/AwsDataCatalog"))
                    .build());
            // Table definitions are not data: every analyst sees the catalogue, and S3 decides which rows they reach.
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition",
                            "glue:GetPartitions", "glue:BatchGetPartition"))
                    .resources(List.of(Catalog.catalogArn(), catalog.databaseArn(), catalog.tablesArn()))
                    .build());
            roles.put(analystRole, role);
        }
    }

    public Map<AnalystRole, Role> roles() {
        return roles;
    }
}
