package org.icsmap.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.icsmap.domain.curated.CuratedColumn;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;

/**
 * The curated tables, generated from {@link CuratedSchema} (never hand-written): one Parquet table per feed,
 * {@code curated_<feed>}, over {@code s3://<bucket>/curated/feed=<feed>/}, partitioned by provider and period.
 * The same statement runs on Athena (Glue) and on the local Trino; {@code CREATE TABLE IF NOT EXISTS} makes it
 * safe to run before every refresh, and {@link #syncPartitions} then makes newly ingested partitions visible
 * ({@code MSCK REPAIR TABLE}'s job on Athena, which the CDK stack may replace with partition projection).
 */
public final class CuratedTables {

    private CuratedTables() {
    }

    /** The table name of a feed's curated data. */
    public static String tableName(Feed feed) {
        return "curated_" + feed.id();
    }

    /** Where a feed's curated partitions live. */
    public static SqlValue.Location location(String bucket, Feed feed) {
        return SqlValue.location(bucket, "curated/feed=" + feed.id() + "/");
    }

    /** The DDL of one feed's curated table: data columns in file order, then the partition columns. */
    public static SqlScript createTable(Feed feed, String bucket) {
        StringJoiner columns = new StringJoiner(",\n    ", "(\n    ", "\n)");
        List<CuratedColumn> all = new ArrayList<>(CuratedSchema.columns(feed));
        all.addAll(CuratedSchema.PARTITION_COLUMNS);
        for (CuratedColumn column : all) {
            columns.add(new SqlValue.Identifier(column.name()).name() + " " + column.type().trinoType());
        }
        StringJoiner partitions = new StringJoiner(", ", "ARRAY[", "]");
        CuratedSchema.PARTITION_COLUMNS.forEach(c -> partitions.add("'" + c.name() + "'"));
        String sql = "CREATE TABLE IF NOT EXISTS " + tableName(feed) + " " + columns + "\nWITH (\n"
                + "    external_location = ${location},\n"
                + "    format = 'PARQUET',\n"
                + "    partitioned_by = " + partitions + "\n)";
        return SqlScript.of("generated: curated table " + tableName(feed), sql).with("location", location(bucket, feed));
    }

    /** Every feed's DDL, in feed order. */
    public static List<SqlScript> createAll(String bucket) {
        List<SqlScript> scripts = new ArrayList<>();
        for (Feed feed : Feed.values()) {
            scripts.add(createTable(feed, bucket));
        }
        return scripts;
    }

    /** Creates any missing curated table and makes every ingested partition visible. */
    public static void createAndSync(QueryEngine engine, String bucket) {
        for (Feed feed : Feed.values()) {
            engine.execute(createTable(feed, bucket));
        }
        syncPartitions(engine);
    }

    /** Makes the engine see the partitions ingest has written since the last refresh (and forget vanished ones). */
    public static void syncPartitions(QueryEngine engine) {
        for (Feed feed : Feed.values()) {
            engine.syncPartitions(tableName(feed));
        }
    }
}
