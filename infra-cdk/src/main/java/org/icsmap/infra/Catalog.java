package org.icsmap.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Zone;
import org.icsmap.domain.curated.CuratedColumn;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Feed;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Glue database with one curated table per feed, generated from {@link CuratedSchema} (the same columns the
 * Parquet files and the local Trino tables have) with partition projection over provider and period, so no crawler
 * and no partition registration is ever needed; and the Athena workgroups: one for the refresh, one for ICS
 * analysts, one per organisation, each enforcing its result location, encryption and bytes-scanned cutoff.
 */
public final class Catalog extends Construct {

    /** A runaway analyst query stops at 10 GB scanned (5 US cents' worth at $5/TB); the whole ICS's curated data is less. */
    static final long ANALYST_SCAN_CUTOFF_BYTES = 10L * 1024 * 1024 * 1024;
    /** The refresh reads all curated data several times; 200 GB is ten times a million-person ICS's year. */
    static final long REFRESH_SCAN_CUTOFF_BYTES = 200L * 1024 * 1024 * 1024;
    /** Periods projected: from the start of the oldest plausible extract to now. */
    static final String PERIOD_RANGE = "2015-01,NOW";

    private final Naming naming;
    private final CfnDatabase database;
    private final CfnWorkGroup platformWorkGroup;
    private final Map<AnalystRole, CfnWorkGroup> analystWorkGroups = new LinkedHashMap<>();
    private final IBucket results;

    public Catalog(Construct scope, String id, Naming naming, IcsConfig config, Zones zones, Keys keys, List<AnalystRole> analystRoles) {
        super(scope, id);
        this.naming = naming;
        this.results = zones.athenaResults();
        database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(Aws.ACCOUNT_ID)
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(naming.glueDatabase())
                        .description("icsmap " + config.code() + ": curated (pseudonymised) feeds, marts and their views")
                        .build())
                .build();
        IBucket curated = zones.bucket(Zone.CURATED);
        for (Feed feed : Feed.values()) {
            curatedTable(config, feed, curated).addResourceDependency(database);
        }
        platformWorkGroup = workGroup("Refresh", naming.platformWorkGroup(), "the refresh state machine's queries",
                REFRESH_SCAN_CUTOFF_BYTES, keys);
        for (AnalystRole role : analystRoles) {
            String name = switch (role) {
                case AnalystRole.Shared s -> naming.sharedWorkGroup();
                case AnalystRole.Organisation o -> naming.organisationWorkGroup(o.ods());
            };
            String description = switch (role) {
                case AnalystRole.Shared s -> "ICS analysts: shared, disclosure-controlled marts";
                case AnalystRole.Organisation o -> o.ods() + " analysts: their own patients and the shared marts";
            };
            String logicalId = switch (role) {
                case AnalystRole.Shared s -> "SharedAnalysts";
                case AnalystRole.Organisation o -> "Analysts" + o.ods();
            };
            analystWorkGroups.put(role, workGroup(logicalId, name, description, ANALYST_SCAN_CUTOFF_BYTES, keys));
        }
    }

    public String databaseName() {
        return naming.glueDatabase();
    }

    public CfnWorkGroup platformWorkGroup() {
        return platformWorkGroup;
    }

    public CfnWorkGroup workGroup(AnalystRole role) {
        return analystWorkGroups.get(role);
    }

    /** Where a workgroup's results go inside the results bucket. */
    public static String resultsPrefix(String workGroup) {
        return "results/" + workGroup + "/";
    }

    public String databaseArn() {
        return "arn:" + Aws.PARTITION + ":glue:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":database/" + naming.glueDatabase();
    }

    public String tablesArn() {
        return "arn:" + Aws.PARTITION + ":glue:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":table/" + naming.glueDatabase() + "/*";
    }

    public static String catalogArn() {
        return "arn:" + Aws.PARTITION + ":glue:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":catalog";
    }

    public static String workGroupArn(String name) {
        return "arn:" + Aws.PARTITION + ":athena:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":workgroup/" + name;
    }

    private CfnTable curatedTable(IcsConfig config, Feed feed, IBucket curated) {
        List<String> senders = config.providers().stream().filter(p -> p.feeds().contains(feed)).map(IcsConfig.Provider::ods).toList();
        if (senders.isEmpty()) {
            senders = config.providers().stream().map(IcsConfig.Provider::ods).toList();
        }
        String root = "s3://" + curated.getBucketName() + "/curated/feed=" + feed.id() + "/";
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("projection.enabled", "true");
        parameters.put("projection.provider.type", "enum");
        parameters.put("projection.provider.values", String.join(",", senders));
        parameters.put("projection.period.type", "date");
        parameters.put("projection.period.format", "yyyy-MM");
        parameters.put("projection.period.range", PERIOD_RANGE);
        parameters.put("projection.period.interval", "1");
        parameters.put("projection.period.interval.unit", "MONTHS");
        parameters.put("storage.location.template", root + "provider=${provider}/period=${period}/");
        return CfnTable.Builder.create(this, "Curated" + pascal(feed.id()))
                .catalogId(Aws.ACCOUNT_ID)
                .databaseName(naming.glueDatabase())
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name("curated_" + feed.id())
                        .description("pseudonymised " + feed.id() + " rows, as ingest writes them (generated from CuratedSchema)")
                        .tableType("EXTERNAL_TABLE")
                        .parameters(parameters)
                        .partitionKeys(columns(CuratedSchema.PARTITION_COLUMNS))
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location(root)
                                .columns(columns(CuratedSchema.columns(feed)))
                                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                                        .serializationLibrary("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                                        .build())
                                .build())
                        .build())
                .build();
    }

    private static List<Object> columns(List<CuratedColumn> columns) {
        List<Object> glue = new ArrayList<>();
        for (CuratedColumn column : columns) {
            glue.add(CfnTable.ColumnProperty.builder()
                    .name(column.name())
                    .type(column.type().glueType())
                    .comment(column.description().length() > 255 ? column.description().substring(0, 255) : column.description())
                    .build());
        }
        return glue;
    }

    private CfnWorkGroup workGroup(String id, String name, String description, long cutoffBytes, Keys keys) {
        return CfnWorkGroup.Builder.create(this, id)
                .name(name)
                .description(description)
                .state("ENABLED")
                // Query history and results go with the stack; the data they were computed from stays.
                .recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery(cutoffBytes)
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder().selectedEngineVersion("Athena engine version 3").build())
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation("s3://" + results.getBucketName() + "/" + resultsPrefix(name))
                                .expectedBucketOwner(Aws.ACCOUNT_ID)
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                        .encryptionOption("SSE_KMS")
                                        .kmsKey(keys.athenaResults().getKeyArn())
                                        .build())
                                .build())
                        .build())
                .build();
    }

    private static String pascal(String id) {
        StringBuilder out = new StringBuilder();
        for (String part : id.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
