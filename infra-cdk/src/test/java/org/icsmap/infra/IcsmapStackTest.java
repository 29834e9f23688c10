package org.icsmap.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.domain.access.MartsLayout;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Zone;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Feed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.constructs.IConstruct;

/** The example ICS's template: who may read and decrypt what, TLS, wildcards, the refresh definition, the catalogue. */
class IcsmapStackTest {

    /**
     * Actions that support no resource-level permission in IAM, so {@code *} is the narrowest resource they can have:
     * Step Functions' log delivery and X-Ray (added by CDK for the state machine's logging and tracing).
     */
    private static final Set<String> ONLY_STAR_ACTIONS = Set.of(
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
            "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets");

    private static IcsConfig config;
    private static Naming naming;
    private static IcsmapStack stack;
    private static TemplateJson template;
    private static Path assemblyDirectory;

    @BeforeAll
    static void synthesise() {
        config = TestStacks.exampleConfig();
        naming = Naming.of(config);
        App app = IcsmapApp.newApp();
        stack = TestStacks.example(app);
        CloudAssembly assembly = app.synth();
        assemblyDirectory = Path.of(assembly.getDirectory());
        template = TemplateJson.of(Template.fromStack(stack));
    }

    private static String logicalId(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return stack.getLogicalId((CfnElement) element);
    }

    private static String bucketArn(Zone zone) {
        return "<" + logicalId(stack.zones().bucket(zone)) + ".Arn>";
    }

    private static List<String> allowedObjectResources(String roleName, String action) {
        List<String> resources = new ArrayList<>();
        for (JsonNode statement : template.statementsOfRole(template.logicalIdOfRole(roleName))) {
            if (statement.path("Effect").asText().equals("Allow") && TemplateJson.strings(statement.get("Action")).contains(action)) {
                resources.addAll(TemplateJson.strings(statement.get("Resource")));
            }
        }
        return resources;
    }

    @Test
    void eachOrganisationsAnalystsReadOnlyTheirOwnOutputsAndTheSharedMarts() {
        Organisations organisations = Organisations.of(config);
        assertThat(organisations.analystRoles()).hasSize(config.providers().size() + 1);
        String marts = bucketArn(Zone.MARTS);
        for (AnalystRole role : organisations.analystRoles()) {
            String roleName = role instanceof AnalystRole.Organisation o ? naming.analystRole(o.ods()) : naming.sharedAnalystRole();
            List<String> reads = allowedObjectResources(roleName, "s3:GetObject");
            List<String> expected = new ArrayList<>();
            MartsLayout.readablePrefixes(role).forEach(prefix -> expected.add(marts + "/" + prefix + "*"));
            String workGroup = role instanceof AnalystRole.Organisation o ? naming.organisationWorkGroup(o.ods()) : naming.sharedWorkGroup();
            expected.add("<" + logicalId(stack.zones().athenaResults()) + ".Arn>/" + Catalog.resultsPrefix(workGroup) + "*");
            assertThat(reads).as(roleName).containsExactlyInAnyOrderElementsOf(expected);
            if (role instanceof AnalystRole.Organisation o) {
                assertThat(reads).as(roleName).contains(marts + "/marts/org=" + o.ods() + "/*");
            }
            // No other organisation's prefix appears anywhere in the role's policies, whatever the action.
            String everything = template.statementsOfRole(template.logicalIdOfRole(roleName)).toString();
            for (IcsConfig.Provider other : config.providers()) {
                if (!(role instanceof AnalystRole.Organisation o && o.ods().equals(other.ods()))) {
                    assertThat(everything).as(roleName).doesNotContain("org=" + other.ods() + "/");
                }
            }
            assertThat(everything).as(roleName + " reads no other zone")
                    .doesNotContain(logicalId(stack.zones().bucket(Zone.CURATED)))
                    .doesNotContain(logicalId(stack.zones().bucket(Zone.VAULT)))
                    .doesNotContain(logicalId(stack.zones().bucket(Zone.LANDING)));
        }
    }

    @Test
    void eachProvidersUploaderMayOnlyAskForItsOwnUploadUrlsAndTheSignerOnlyPutsWhereAgreementsAllow() {
        Organisations organisations = Organisations.of(config);
        assertThat(organisations.uploads().keySet()).containsExactlyInAnyOrderElementsOf(
                config.providers().stream().map(IcsConfig.Provider::ods).toList());
        for (String ods : organisations.uploads().keySet()) {
            List<JsonNode> statements = template.statementsOfRole(template.logicalIdOfRole(naming.uploaderRole(ods)));
            assertThat(statements).hasSize(1);
            assertThat(TemplateJson.strings(statements.getFirst().get("Action"))).containsExactly("execute-api:Invoke");
            assertThat(TemplateJson.strings(statements.getFirst().get("Resource"))).singleElement().asString().endsWith("/v1/POST/uploads");
        }
        List<String> puts = allowedObjectResources(naming.name("upload-url"), "s3:PutObject");
        List<String> expected = new ArrayList<>();
        organisations.uploads().forEach((ods, feeds) -> feeds.forEach(feed ->
                expected.add(bucketArn(Zone.LANDING) + "/landing/provider=" + ods + "/feed=" + feed.id() + "/*")));
        expected.add(bucketArn(Zone.AUDIT) + "/audit/uploads/*"); // each grant's create-only audit record
        assertThat(puts).containsExactlyInAnyOrderElementsOf(expected);
        // RTG sends apc, op and ed; it may not be given a URL for, say, community data.
        assertThat(puts).contains(bucketArn(Zone.LANDING) + "/landing/provider=RTG/feed=apc/*")
                .doesNotContain(bucketArn(Zone.LANDING) + "/landing/provider=RTG/feed=community/*");
        // The function maps exactly the uploader roles to their organisations.
        JsonNode function = function(naming.name("upload-url"));
        assertThat(function.path("Properties").path("Environment").path("Variables").path("ICSMAP_ORGANISATION_ROLES").asText())
                .isEqualTo(organisations.uploads().keySet().stream().sorted(java.util.Comparator.comparing(naming::uploaderRole))
                        .map(ods -> "\"" + naming.uploaderRole(ods) + "\":\"" + ods + "\"").collect(Collectors.joining(",", "{", "}")));
    }

    @Test
    void eachOrganisationsReidentificationReachesOnlyItsOwnVaultAndRoute() {
        Organisations organisations = Organisations.of(config);
        assertThat(organisations.reidentifiers()).hasSize(config.providers().size());
        for (String ods : organisations.reidentifiers()) {
            List<JsonNode> caller = template.statementsOfRole(template.logicalIdOfRole(naming.reidentifierRole(ods)));
            assertThat(caller).hasSize(1);
            assertThat(TemplateJson.strings(caller.getFirst().get("Resource"))).singleElement().asString()
                    .endsWith("/v1/POST/organisations/" + ods + "/reidentify");
            String functionRole = naming.name("reidentify-" + ods.toLowerCase(java.util.Locale.ROOT));
            assertThat(allowedObjectResources(functionRole, "s3:GetObject"))
                    .containsExactly(bucketArn(Zone.VAULT) + "/vault/provider=" + ods + "/*");
            assertThat(allowedObjectResources(functionRole, "s3:PutObject"))
                    .containsExactly(bucketArn(Zone.AUDIT) + "/audit/reidentify/*");
            assertThat(function(functionRole).path("Properties").path("Environment").path("Variables").path("ICSMAP_ORGANISATION_ROLES").asText())
                    .isEqualTo("{\"" + naming.reidentifierRole(ods) + "\":\"" + ods + "\"}");
        }
    }

    @Test
    void theVaultKeyDecryptsOnlyForEachOrganisationsReidentifyFunctionWithItsOwnContext() {
        JsonNode policy = keyPolicy(stack.keys().vault());
        Map<String, String> decryptors = new TreeMap<>();
        for (JsonNode statement : policy.path("Statement")) {
            List<String> actions = TemplateJson.strings(statement.get("Action"));
            assertThat(actions).as("nobody gets every KMS action on the vault key").doesNotContain("kms:*");
            if (actions.stream().anyMatch(a -> a.startsWith("kms:Decrypt") || a.startsWith("kms:ReEncrypt"))) {
                assertThat(actions).containsExactly("kms:Decrypt");
                String principal = TemplateJson.render(statement.path("Principal").path("AWS"));
                JsonNode equals = statement.path("Condition").path("StringEquals");
                assertThat(equals.path("kms:EncryptionContext:ics").asText()).isEqualTo(config.code());
                assertThat(TemplateJson.strings(equals.path("kms:EncryptionContext:provider"))).hasSize(1);
                assertThat(TemplateJson.strings(statement.path("Condition").path("ForAllValues:StringEquals").path("kms:EncryptionContextKeys")))
                        .containsExactly("ics", "provider");
                decryptors.put(principal, TemplateJson.strings(equals.path("kms:EncryptionContext:provider")).getFirst());
            }
        }
        Map<String, String> expected = new TreeMap<>();
        stack.apis().reidentify().forEach((ods, function) -> expected.put("<" + logicalId(function.role()) + ".Arn>", ods));
        assertThat(decryptors).isEqualTo(expected);
        // Ingest seals vault files for any of the ICS's providers, and cannot open them.
        String ingest = "<" + logicalId(stack.ingest().function().role()) + ".Arn>";
        for (JsonNode statement : policy.path("Statement")) {
            if (TemplateJson.render(statement.path("Principal").path("AWS")).equals(ingest)) {
                assertThat(TemplateJson.strings(statement.get("Action"))).containsExactly("kms:GenerateDataKey");
            }
        }
    }

    @Test
    void onlyIngestDerivesThePseudonymisationKey() {
        JsonNode policy = keyPolicy(stack.keys().pseudonyms());
        List<String> macUsers = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            List<String> actions = TemplateJson.strings(statement.get("Action"));
            assertThat(actions).doesNotContain("kms:*");
            if (actions.contains("kms:GenerateMac")) {
                macUsers.add(TemplateJson.render(statement.path("Principal").path("AWS")));
            }
        }
        assertThat(macUsers).containsExactly("<" + logicalId(stack.ingest().function().role()) + ".Arn>");
    }

    @Test
    void everyBucketDeniesRequestsWithoutTls() {
        List<String> buckets = template.ofType("AWS::S3::Bucket").stream().map(Map.Entry::getKey).toList();
        assertThat(buckets).hasSize(Zone.values().length + 2);
        for (String bucket : buckets) {
            JsonNode policy = template.ofType("AWS::S3::BucketPolicy").stream()
                    .filter(e -> e.getValue().path("Properties").path("Bucket").path("Ref").asText().equals(bucket))
                    .map(e -> e.getValue().path("Properties").path("PolicyDocument"))
                    .findFirst().orElseThrow(() -> new AssertionError(bucket + " has no bucket policy"));
            boolean deniesPlainHttp = false;
            for (JsonNode statement : policy.path("Statement")) {
                deniesPlainHttp |= statement.path("Effect").asText().equals("Deny")
                        && TemplateJson.strings(statement.get("Action")).contains("s3:*")
                        && statement.path("Principal").path("AWS").asText().equals("*")
                        && statement.path("Condition").path("Bool").path("aws:SecureTransport").asText().equals("false");
            }
            assertThat(deniesPlainHttp).as(bucket + " denies requests without TLS").isTrue();
        }
    }

    @Test
    void onlyIngestReadsLandingAndOnlyReidentificationReadsTheVault() {
        assertThat(readersAllowedByBucketPolicy(Zone.LANDING)).containsExactly("<" + logicalId(stack.ingest().function().role()) + ".Arn>");
        assertThat(readersAllowedByBucketPolicy(Zone.VAULT)).containsExactlyInAnyOrderElementsOf(
                stack.apis().reidentify().values().stream().map(f -> "<" + logicalId(f.role()) + ".Arn>").toList());
        // And no role's own policy reads them otherwise.
        String landing = bucketArn(Zone.LANDING);
        String vault = bucketArn(Zone.VAULT);
        for (Map.Entry<String, JsonNode> role : template.ofType("AWS::IAM::Role")) {
            for (JsonNode statement : template.statementsOfRole(role.getKey())) {
                if (TemplateJson.strings(statement.get("Action")).contains("s3:GetObject")) {
                    for (String resource : TemplateJson.strings(statement.get("Resource"))) {
                        if (resource.startsWith(landing)) {
                            assertThat(role.getKey()).isEqualTo(logicalId(stack.ingest().function().role()));
                        }
                        if (resource.startsWith(vault)) {
                            assertThat(role.getValue().path("Properties").path("RoleName").asText()).startsWith(naming.name("reidentify-"));
                        }
                    }
                }
            }
        }
    }

    @Test
    void noIamStatementHasAWildcardResourceWhereANarrowerOneExists() {
        List<String> offending = new ArrayList<>();
        for (Map.Entry<String, JsonNode> policy : template.ofType("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.getValue().path("Properties").path("PolicyDocument").path("Statement")) {
                if (TemplateJson.strings(statement.get("Resource")).contains("*")) {
                    for (String action : TemplateJson.strings(statement.get("Action"))) {
                        if (!ONLY_STAR_ACTIONS.contains(action)) {
                            offending.add(policy.getKey() + ": " + action);
                        }
                    }
                }
                for (String resource : TemplateJson.strings(statement.get("Resource"))) {
                    assertThat(resource).as(policy.getKey() + ": a whole bucket's objects").doesNotMatch(".*\\.Arn>/\\*$");
                }
                assertThat(TemplateJson.strings(statement.get("Action"))).as(policy.getKey()).noneMatch(a -> a.endsWith(":*"));
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void theStateMachineRunsTheAslFileWithItsPlaceholdersSubstituted() throws Exception {
        RefreshDefinition definition = TestStacks.refreshDefinition();
        List<Map.Entry<String, JsonNode>> machines = template.ofType("AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSize(1);
        JsonNode properties = machines.getFirst().getValue().path("Properties");
        String key = TemplateJson.render(properties.path("DefinitionS3Location").path("Key"));
        Path asset = Files.list(assemblyDirectory).filter(p -> key.startsWith(p.getFileName().toString().replace("asset.", "")))
                .findFirst().orElseThrow(() -> new AssertionError("no asset " + key + " in " + assemblyDirectory));
        assertThat(Files.readString(asset)).isEqualTo(definition.text());

        Map<String, String> substitutions = new TreeMap<>();
        properties.path("DefinitionSubstitutions").fields().forEachRemaining(e -> substitutions.put(e.getKey(), TemplateJson.render(e.getValue())));
        assertThat(substitutions.keySet()).isEqualTo(definition.placeholders());
        assertThat(substitutions).containsEntry(RefreshDefinition.ATHENA_WORK_GROUP, naming.platformWorkGroup())
                .containsEntry(RefreshDefinition.GLUE_DATABASE, naming.glueDatabase())
                .containsEntry(RefreshDefinition.REFRESH_STEPS_FUNCTION_ARN, "<" + logicalId(stack.refresh().steps().alias()) + ">");
        String substituted = definition.text();
        for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
            substituted = substituted.replace("${" + substitution.getKey() + "}", substitution.getValue());
        }
        assertThat(substituted).doesNotContain("${");
        assertThat(new ObjectMapper().readTree(substituted).path("StartAt").asText()).isNotEmpty();
    }

    @Test
    void gluesCuratedTablesAreTheCuratedSchemaWithPartitionProjection() {
        List<Map.Entry<String, JsonNode>> tables = template.ofType("AWS::Glue::Table");
        assertThat(tables).hasSize(Feed.values().length);
        for (Feed feed : Feed.values()) {
            JsonNode input = tables.stream().map(e -> e.getValue().path("Properties").path("TableInput"))
                    .filter(t -> t.path("Name").asText().equals("curated_" + feed.id())).findFirst().orElseThrow();
            List<String> columns = new ArrayList<>();
            input.path("StorageDescriptor").path("Columns").forEach(c -> columns.add(c.path("Name").asText() + " " + c.path("Type").asText()));
            assertThat(columns).containsExactlyElementsOf(CuratedSchema.columns(feed).stream().map(c -> c.name() + " " + c.type().glueType()).toList());
            JsonNode parameters = input.path("Parameters");
            assertThat(parameters.path("projection.enabled").asText()).isEqualTo("true");
            assertThat(parameters.path("projection.period.format").asText()).isEqualTo("yyyy-MM");
            assertThat(TemplateJson.render(parameters.path("storage.location.template")))
                    .endsWith("/curated/feed=" + feed.id() + "/provider=${provider}/period=${period}/");
            List<String> senders = config.providers().stream().filter(p -> p.feeds().contains(feed)).map(IcsConfig.Provider::ods).toList();
            if (!senders.isEmpty()) {
                assertThat(parameters.path("projection.provider.values").asText().split(",")).containsExactlyElementsOf(senders);
            }
        }
        assertThat(template.ofType("AWS::Glue::Crawler")).isEmpty();
    }

    @Test
    void everyWorkgroupEnforcesEncryptedResultsAndAScanLimit() {
        List<Map.Entry<String, JsonNode>> workGroups = template.ofType("AWS::Athena::WorkGroup");
        assertThat(workGroups).hasSize(1 + Organisations.of(config).analystRoles().size());
        for (Map.Entry<String, JsonNode> workGroup : workGroups) {
            JsonNode configuration = workGroup.getValue().path("Properties").path("WorkGroupConfiguration");
            assertThat(configuration.path("EnforceWorkGroupConfiguration").asBoolean()).isTrue();
            assertThat(configuration.path("BytesScannedCutoffPerQuery").asLong()).isPositive();
            assertThat(configuration.path("ResultConfiguration").path("EncryptionConfiguration").path("EncryptionOption").asText()).isEqualTo("SSE_KMS");
            String name = workGroup.getValue().path("Properties").path("Name").asText();
            assertThat(TemplateJson.render(configuration.path("ResultConfiguration").path("OutputLocation"))).endsWith("/" + Catalog.resultsPrefix(name));
        }
    }

    @Test
    void uploadsInLandingTriggerIngestAndZonesExpireAsConfigured() {
        JsonNode rule = template.ofType("AWS::Events::Rule").stream().map(Map.Entry::getValue)
                .filter(r -> r.path("Properties").path("EventPattern").path("detail-type").toString().contains("Object Created"))
                .findFirst().orElseThrow();
        assertThat(rule.path("Properties").path("EventPattern").path("detail").path("object").path("key").get(0).path("prefix").asText()).isEqualTo("landing/");
        assertThat(TemplateJson.render(rule.path("Properties").path("Targets").get(0).path("Arn"))).isEqualTo("<" + logicalId(stack.ingest().function().alias()) + ">");
        for (Zone zone : Zone.values()) {
            JsonNode bucket = template.resources().get(logicalId(stack.zones().bucket(zone))).path("Properties");
            assertThat(bucket.path("LifecycleConfiguration").path("Rules").get(0).path("ExpirationInDays").asInt())
                    .as(zone.name()).isEqualTo(config.retentionDays().get(zone));
            assertThat(bucket.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
            assertThat(bucket.path("BucketEncryption").path("ServerSideEncryptionConfiguration").get(0)
                    .path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText()).isEqualTo("aws:kms");
        }
        assertThat(template.resources().get(logicalId(stack.zones().bucket(Zone.LANDING))).path("Properties")
                .path("NotificationConfiguration").path("EventBridgeConfiguration").path("EventBridgeEnabled").asBoolean()).isTrue();
        assertThat(template.resources().get(logicalId(stack.zones().bucket(Zone.AUDIT))).path("Properties")
                .path("ObjectLockConfiguration").path("Rule").path("DefaultRetention").path("Days").asInt()).isEqualTo(config.retentionDays().get(Zone.AUDIT));
    }

    @Test
    void functionsRunJava25AndTheSynchronousOnesUseSnapStartThroughTheirAlias() {
        List<Map.Entry<String, JsonNode>> functions = template.ofType("AWS::Lambda::Function");
        assertThat(functions).hasSize(3 + Organisations.of(config).reidentifiers().size());
        for (Map.Entry<String, JsonNode> function : functions) {
            JsonNode properties = function.getValue().path("Properties");
            assertThat(properties.path("Runtime").asText()).isEqualTo("java25");
            assertThat(properties.path("ReservedConcurrentExecutions").asInt()).isPositive();
            assertThat(properties.path("Environment").path("Variables").path("ICSMAP_CONFIG").asText()).isEqualTo(JavaFunction.CONFIG_PATH);
            boolean ingest = properties.path("FunctionName").asText().equals(naming.name("ingest"));
            assertThat(properties.path("SnapStart").path("ApplyOn").asText()).isEqualTo(ingest ? "" : "PublishedVersions");
            if (ingest) {
                assertThat(properties.path("DeadLetterConfig").path("TargetArn").isMissingNode()).isFalse();
            }
        }
    }

    private static JsonNode function(String name) {
        return template.ofType("AWS::Lambda::Function").stream().map(Map.Entry::getValue)
                .filter(f -> f.path("Properties").path("FunctionName").asText().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode keyPolicy(software.amazon.awscdk.services.kms.Key key) {
        return template.resources().get(logicalId(key)).path("Properties").path("KeyPolicy");
    }

    private static List<String> readersAllowedByBucketPolicy(Zone zone) {
        String bucket = logicalId(stack.zones().bucket(zone));
        JsonNode policy = template.ofType("AWS::S3::BucketPolicy").stream()
                .filter(e -> e.getValue().path("Properties").path("Bucket").path("Ref").asText().equals(bucket))
                .map(e -> e.getValue().path("Properties").path("PolicyDocument")).findFirst().orElseThrow();
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Effect").asText().equals("Deny") && TemplateJson.strings(statement.get("Action")).contains("s3:GetObject")) {
                assertThat(statement.path("Principal").path("AWS").asText()).isEqualTo("*");
                return TemplateJson.strings(statement.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn"));
            }
        }
        throw new AssertionError(zone + " has no statement denying reads");
    }
}
