package org.icsmap.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Zone;
import org.icsmap.domain.feed.Feed;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The upload and re-identification APIs: one REST API, IAM (SigV4) authorisation on every method, access logs,
 * throttling. Callers are the organisations' roles this construct creates (names are the contract with the
 * functions, which map the caller's assumed-role ARN to an ODS code through {@code ICSMAP_ORGANISATION_ROLES}).
 *
 * <p><b>Re-identification is one function per organisation.</b> Each has its own execution role, and the vault
 * key's policy lets that role decrypt only data keys whose encryption context names its own organisation
 * ({@code kms:EncryptionContext:provider}), and S3 lets it read only {@code vault/provider=<ODS>/}. Each
 * organisation's reidentifier role can invoke only its own function's route. So KMS and S3 refuse another
 * organisation's patients even if the function's own caller check had a bug; a single shared function could only
 * be limited to "any provider of this ICS".
 */
public final class Apis extends Construct {

    public static final String STAGE = "v1";
    public static final String UPLOADS_PATH = "/uploads";
    /** Caps a provider's requests; uploads are a few a month, so this stops a runaway client, not a provider. */
    static final double RATE_PER_SECOND = 10;
    static final int BURST = 20;
    static final int UPLOAD_CONCURRENCY = 5;
    static final int REIDENTIFY_CONCURRENCY = 2;

    private final RestApi api;
    private final JavaFunction uploadUrl;
    private final Map<String, JavaFunction> reidentify = new LinkedHashMap<>();
    private final Map<String, Role> uploaders = new TreeMap<>();
    private final Map<String, Role> reidentifiers = new LinkedHashMap<>();

    public static String reidentifyPath(String ods) {
        return "/organisations/" + ods + "/reidentify";
    }

    public Apis(Construct scope, String id, Naming naming, IcsConfig config, Organisations organisations, Zones zones, Keys keys,
                LambdaCode code, ILayerVersion configLayer, Monitoring monitoring) {
        super(scope, id);
        LogGroup accessLogs = monitoring.logGroup(this, "AccessLogs", "/icsmap/" + naming.prefix() + "/api-access");
        api = RestApi.Builder.create(this, "Api")
                .restApiName(naming.name("api"))
                .description("icsmap " + config.code() + ": upload URLs for providers, re-identification for caring organisations")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        // Request and response bodies carry NHS numbers (re-identification): never log them.
                        .dataTraceEnabled(false)
                        .tracingEnabled(true)
                        .throttlingRateLimit(RATE_PER_SECOND)
                        .throttlingBurstLimit(BURST)
                        .build())
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .build();
        RequestValidator validator = api.addRequestValidator("Validator", software.amazon.awscdk.services.apigateway.RequestValidatorOptions.builder()
                .requestValidatorName("body-and-parameters")
                .validateRequestBody(true)
                .validateRequestParameters(true)
                .build());
        MethodOptions iam = MethodOptions.builder().authorizationType(AuthorizationType.IAM).requestValidator(validator).build();

        // Uploads: one function signs URLs for whichever provider's role called.
        for (String ods : organisations.uploads().keySet()) {
            uploaders.put(ods, callerRole("Uploader" + ods, naming.uploaderRole(ods), ods + " asks for pre-signed upload URLs"));
        }
        Map<String, String> uploadEnvironment = new LinkedHashMap<>();
        uploadEnvironment.put("ICSMAP_LANDING_BUCKET", zones.bucket(Zone.LANDING).getBucketName());
        uploadEnvironment.put("ICSMAP_AUDIT_BUCKET", zones.bucket(Zone.AUDIT).getBucketName());
        uploadEnvironment.put("ICSMAP_SSE_KMS_KEY_ID", keys.zone(Zone.LANDING).getKeyArn());
        uploadEnvironment.put("ICSMAP_ORGANISATION_ROLES", json(roleMap(uploaders.keySet().stream().toList(), naming::uploaderRole)));
        uploadUrl = new JavaFunction(this, "UploadUrl", new JavaFunction.Props(naming.name("upload-url"), LambdaModule.UPLOAD_URL,
                1024, Duration.seconds(29), 512, UPLOAD_CONCURRENCY, uploadEnvironment, null), code, configLayer, monitoring);
        // The URL is signed with this role's credentials, so the role may put only where an agreement lets each provider send.
        List<String> uploadPrefixes = new ArrayList<>();
        organisations.uploads().forEach((ods, feeds) -> {
            for (Feed feed : feeds) {
                uploadPrefixes.add("landing/provider=" + ods + "/feed=" + feed.id() + "/");
            }
        });
        uploadUrl.role().addToPolicy(Access.objectActions(zones.bucket(Zone.LANDING), uploadPrefixes, List.of("s3:PutObject", "s3:AbortMultipartUpload")));
        Keys.allowThroughS3(keys.zone(Zone.LANDING), "UploadUrlSignsEncryptedPuts", uploadUrl.role(), List.of("kms:GenerateDataKey", "kms:Decrypt"));
        // Each grant is recorded before the URL is returned: create-only, never read back.
        uploadUrl.role().addToPolicy(Access.objectActions(zones.bucket(Zone.AUDIT), List.of("audit/uploads/"), List.of("s3:PutObject")));
        uploadUrl.role().addToPolicy(Access.encryptThroughS3(List.of(keys.zone(Zone.AUDIT))));
        Resource uploads = api.getRoot().addResource("uploads");
        uploads.addMethod("POST", new LambdaIntegration(uploadUrl.alias()), iam);
        uploaders.values().forEach(role -> role.addToPolicy(invoke("POST", UPLOADS_PATH)));

        // Re-identification: a function, a route and a caller role per organisation.
        Resource organisationsResource = api.getRoot().addResource("organisations");
        for (String ods : organisations.reidentifiers()) {
            Role caller = callerRole("Reidentifier" + ods, naming.reidentifierRole(ods), ods + " asks who its own patients are");
            reidentifiers.put(ods, caller);
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("ICSMAP_VAULT_BUCKET", zones.bucket(Zone.VAULT).getBucketName());
            environment.put("ICSMAP_AUDIT_BUCKET", zones.bucket(Zone.AUDIT).getBucketName());
            environment.put("ICSMAP_VAULT_KEY_ID", keys.vault().getKeyArn());
            environment.put("ICSMAP_ORGANISATION_ROLES", json(roleMap(List.of(ods), naming::reidentifierRole)));
            JavaFunction function = new JavaFunction(this, "Reidentify" + ods, new JavaFunction.Props(
                    naming.name("reidentify-" + ods.toLowerCase(Locale.ROOT)), LambdaModule.REIDENTIFY, 1024, Duration.seconds(29), 512,
                    REIDENTIFY_CONCURRENCY, environment, null), code, configLayer, monitoring);
            reidentify.put(ods, function);
            Role role = function.role();
            role.addToPolicy(Access.objectActions(zones.bucket(Zone.VAULT), List.of("vault/provider=" + ods + "/"), Access.READ_OBJECTS));
            role.addToPolicy(Access.list(zones.bucket(Zone.VAULT), List.of("vault/provider=" + ods + "/")));
            // Append-only audit: it may add records, never read, replace or delete them (the bucket's Object Lock does the rest).
            role.addToPolicy(Access.objectActions(zones.bucket(Zone.AUDIT), List.of("audit/reidentify/"), List.of("s3:PutObject")));
            role.addToPolicy(Access.encryptThroughS3(List.of(keys.zone(Zone.AUDIT))));
            Keys.allowThroughS3(keys.zone(Zone.VAULT), "Reidentify" + ods + "ReadsVault", role, List.of("kms:Decrypt"));
            Keys.allow(keys.vault(), PolicyStatement.Builder.create()
                    .sid("Reidentify" + ods + "OpensOnly" + ods + "Vault")
                    .principals(List.of(new ArnPrincipal(role.getRoleArn())))
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of("*"))
                    .conditions(Ingest.vaultContext(config.code(), List.of(ods)))
                    .build());
            organisationsResource.addResource(ods).addResource("reidentify").addMethod("POST", new LambdaIntegration(function.alias()), iam);
            caller.addToPolicy(invoke("POST", reidentifyPath(ods)));
        }
        // After every method exists: a suppression covers only the children present when it is added.
        Suppressions.on(api, "AwsSolutions-COG4", "Every method uses IAM (SigV4) authorisation: callers are the organisations'"
                + " IAM roles, whose names the functions map to an ODS code; a Cognito user pool would be a second, weaker identity.");
        Suppressions.on(api, "AwsSolutions-APIG3", "Every request must be SigV4-signed by one of the ICS's own organisation roles and is"
                + " throttled per stage; WAF's managed rules add nothing for signed JSON calls from known principals.");
        Suppressions.on(api, "HIPAA.Security-APIGWCacheEnabledAndEncrypted", "Responses are one-time pre-signed URLs and NHS numbers:"
                + " they must never be cached, encrypted or not.");
        Suppressions.on(api, "HIPAA.Security-APIGWSSLEnabled", "The integrations are Lambda proxies invoked by API Gateway over"
                + " AWS's API, not HTTP back ends that could check a client certificate.");
        Suppressions.on(api, "AwsSolutions-IAM4", "API Gateway's account-level role for writing execution logs to CloudWatch uses AWS's"
                + " own service-role policy AmazonAPIGatewayPushToCloudWatchLogs, which AWS keeps to exactly those log actions.");
    }

    public RestApi api() {
        return api;
    }

    public JavaFunction uploadUrl() {
        return uploadUrl;
    }

    public Map<String, JavaFunction> reidentify() {
        return reidentify;
    }

    public Map<String, Role> uploaders() {
        return uploaders;
    }

    public Map<String, Role> reidentifiers() {
        return reidentifiers;
    }

    private PolicyStatement invoke(String method, String path) {
        return PolicyStatement.Builder.create()
                .actions(List.of("execute-api:Invoke"))
                .resources(List.of(api.arnForExecuteApi(method, path, STAGE)))
                .build();
    }

    /**
     * An organisation's identity. The account trusts it to whoever the ICS's identity provider or IAM Identity Center
     * maps that organisation's people to; the role itself can do one thing.
     */
    private Role callerRole(String id, String name, String description) {
        return Role.Builder.create(this, id)
                .roleName(name)
                .description("icsmap: " + description)
                .assumedBy(new AccountRootPrincipal())
                .maxSessionDuration(Duration.hours(1))
                .build();
    }

    private static Map<String, String> roleMap(List<String> odsCodes, java.util.function.Function<String, String> roleName) {
        Map<String, String> roles = new TreeMap<>();
        odsCodes.forEach(ods -> roles.put(roleName.apply(ods), ods));
        return roles;
    }

    private static String json(Map<String, String> value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
