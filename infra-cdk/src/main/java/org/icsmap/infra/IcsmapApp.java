package org.icsmap.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * {@code cdk synth|deploy -c config=<ics.yaml>}: one stack per ICS config file. Context: {@code config} (required),
 * {@code refreshSchedule} (an EventBridge schedule expression), {@code alarmEmail}. The account and region are the
 * CLI's ({@code CDK_DEFAULT_ACCOUNT}/{@code CDK_DEFAULT_REGION}). cdk-nag's AwsSolutions and HIPAA Security packs
 * run at every synth, so a finding fails synth, not just the tests.
 */
public final class IcsmapApp {

    /**
     * Feature flags the stack relies on: server access logs are delivered under a bucket policy, which an
     * owner-enforced bucket (no ACLs) requires.
     */
    public static final Map<String, Object> FEATURE_FLAGS = Map.of("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);

    private IcsmapApp() {
    }

    /** An app with the stack's feature flags (and whatever context the CLI passes). */
    public static App newApp() {
        return App.Builder.create().context(FEATURE_FLAGS).build();
    }

    public static void main(String[] args) {
        App app = newApp();
        Object configContext = app.getNode().tryGetContext("config");
        if (configContext == null) {
            throw new IllegalArgumentException("say which ICS to deploy: cdk synth -c config=../config/example-ics.yaml");
        }
        Path repository = repositoryRoot();
        Path configFile = Path.of(configContext.toString());
        if (!configFile.isAbsolute() && !Files.exists(configFile)) {
            configFile = repository.resolve(configContext.toString());
        }
        IcsConfig config = new IcsConfigLoader().load(configFile);
        Object schedule = app.getNode().tryGetContext("refreshSchedule");
        Object alarmEmail = app.getNode().tryGetContext("alarmEmail");
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        StackProps.Builder stack = StackProps.builder()
                .description("icsmap for " + config.name() + " (" + config.code() + ")");
        if (account != null && region != null) {
            stack.env(Environment.builder().account(account).region(region).build());
        }
        new IcsmapStack(app, Naming.of(config).stackName(), new IcsmapStack.Props(config, configFile,
                RefreshDefinition.inRepository(repository), LambdaCode.builtJars(repository),
                schedule == null ? Refresh.DEFAULT_SCHEDULE : schedule.toString(),
                alarmEmail == null ? null : alarmEmail.toString(), stack.build()));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new HIPAASecurityChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }

    /** The repository: the working directory, or its parent when the CLI runs from {@code infra-cdk/}. */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the CDK app inside the icsmap repository (no mvnw and functions/ above " + here + ")");
    }
}
