package org.icsmap.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Zone;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/** One ICS on AWS, from its config file: zones, keys, functions, refresh, catalogue, roles, APIs, trail, alarms. */
public final class IcsmapStack extends Stack {

    /**
     * @param config          the ICS, as {@code IcsConfigLoader} read it
     * @param configFile      the file it was read from (packaged for the functions)
     * @param refresh         the refresh state machine's ASL file
     * @param code            where the functions' jars come from
     * @param refreshSchedule an EventBridge schedule expression
     * @param alarmEmail      who gets alarms; may be {@code null}
     */
    public record Props(IcsConfig config, Path configFile, RefreshDefinition refresh, LambdaCode code, String refreshSchedule,
                        String alarmEmail, StackProps stack) {
    }

    private final Keys keys;
    private final Zones zones;
    private final Ingest ingest;
    private final Apis apis;
    private final Refresh refresh;
    private final Catalog catalog;
    private final AnalystRoles analysts;

    public IcsmapStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        IcsConfig config = props.config();
        Naming naming = Naming.of(config);
        Organisations organisations = Organisations.of(config);

        keys = new Keys(this, "Keys", naming);
        Monitoring monitoring = new Monitoring(this, "Monitoring", naming, keys.operations(), props.alarmEmail());
        zones = new Zones(this, "Zones", naming, config, keys);
        LayerVersion configLayer = LayerVersion.Builder.create(this, "ConfigLayer")
                .layerVersionName(naming.name("config"))
                .description("the ICS config the stack was synthesised from, at " + JavaFunction.CONFIG_PATH)
                .code(Code.fromAsset(stageConfig(props.configFile()).toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_25))
                .build();

        ingest = new Ingest(this, "Ingest", naming, config, zones, keys, props.code(), configLayer, monitoring);
        apis = new Apis(this, "Apis", naming, config, organisations, zones, keys, props.code(), configLayer, monitoring);
        catalog = new Catalog(this, "Catalog", naming, config, zones, keys, organisations.analystRoles());
        refresh = new Refresh(this, "Refresh", naming, zones, keys, catalog, props.refresh(), props.refreshSchedule(), props.code(),
                configLayer, monitoring);
        analysts = new AnalystRoles(this, "Analysts", naming, organisations.analystRoles(), zones, keys, catalog);
        new DataEventsTrail(this, "Trail", naming, zones, keys, monitoring);

        zones.onlyTheseRolesRead(Zone.LANDING, List.of(ingest.function().role()));
        List<IRole> vaultReaders = new ArrayList<>();
        apis.reidentify().values().forEach(function -> vaultReaders.add(function.role()));
        zones.onlyTheseRolesRead(Zone.VAULT, vaultReaders);

        CfnOutput.Builder.create(this, "ApiUrl").value(apis.api().urlForPath("/")).description("upload and re-identification API").build();
        CfnOutput.Builder.create(this, "LandingBucket").value(zones.bucket(Zone.LANDING).getBucketName()).build();
        CfnOutput.Builder.create(this, "MartsBucket").value(zones.bucket(Zone.MARTS).getBucketName()).build();
        CfnOutput.Builder.create(this, "GlueDatabase").value(catalog.databaseName()).build();
        CfnOutput.Builder.create(this, "RefreshStateMachine").value(refresh.stateMachine().getStateMachineArn()).build();
        Suppressions.apply(this);
    }

    public Keys keys() {
        return keys;
    }

    public Zones zones() {
        return zones;
    }

    public Ingest ingest() {
        return ingest;
    }

    public Apis apis() {
        return apis;
    }

    public Refresh refresh() {
        return refresh;
    }

    public Catalog catalog() {
        return catalog;
    }

    public AnalystRoles analysts() {
        return analysts;
    }

    /** The layer's content: {@code icsmap/ics.yaml}. The asset is hashed by content, so the template stays deterministic. */
    private static Path stageConfig(Path configFile) {
        try {
            Path dir = Files.createTempDirectory("icsmap-config-layer");
            Path target = dir.resolve("icsmap").resolve("ics.yaml");
            Files.createDirectories(target.getParent());
            Files.copy(configFile, target);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the ICS config for its layer: " + configFile, e);
        }
    }
}
