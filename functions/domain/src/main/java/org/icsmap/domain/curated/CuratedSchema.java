package org.icsmap.domain.curated;

import java.util.ArrayList;
import java.util.List;
import org.icsmap.domain.feed.Column;
import org.icsmap.domain.feed.ColumnType;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.Handling;

/**
 * The columns a feed has once it is curated, derived from its definition: identifiers replaced by
 * what may be kept (pseudonym, LSOA, deprivation, year of birth, age band), free text gone, and every
 * column kept as it arrived typed as the definition says. Parquet files, the local Trino tables and
 * the Glue tables are all generated from this.
 *
 * <p>Partition columns ({@code provider}, {@code period}) are not in the files: they are the
 * partition path {@code curated/feed=<feed>/provider=<ODS>/period=<YYYY-MM>/}.
 */
public final class CuratedSchema {

    public static final String PERSON_ID = "person_id";
    public static final String NHS_NUMBER_STATUS = "nhs_number_status";
    public static final String YEAR_OF_BIRTH = "year_of_birth";
    public static final String AGE_BAND = "age_band";
    public static final String LSOA = "lsoa";
    public static final String IMD_DECILE = "imd_decile";
    public static final String SOURCE_RECORD = "source_record";
    public static final String UPLOAD_ID = "upload_id";
    /** The object metadata naming the upload a partition's data file came from (its report is {@code IngestReport#key}). */
    public static final String META_UPLOAD = "icsmap-upload-id";
    /** The partition columns, in order. */
    public static final List<CuratedColumn> PARTITION_COLUMNS = List.of(
            new CuratedColumn("provider", ColumnType.STRING, "ODS code of the organisation that sent the extract"),
            new CuratedColumn("period", ColumnType.STRING, "month the extract covers, YYYY-MM"));

    private CuratedSchema() {
    }

    /** The data columns of a feed's curated files, in file order. */
    public static List<CuratedColumn> columns(Feed feed) {
        FeedDefinition definition = feed.definition();
        List<CuratedColumn> columns = new ArrayList<>();
        for (Column column : definition.columns()) {
            switch (column.handling()) {
                case PSEUDONYMISE -> {
                    columns.add(new CuratedColumn(PERSON_ID, ColumnType.STRING,
                            "pseudonym: HMAC-SHA256 of the NHS number under the ICS key (empty when the NHS number was missing or invalid)"));
                    if (feed != Feed.OPT_OUT) {
                        columns.add(new CuratedColumn(NHS_NUMBER_STATUS, ColumnType.STRING, "valid, missing or invalid"));
                    }
                }
                case GENERALISE_DATE_OF_BIRTH -> {
                    columns.add(new CuratedColumn(YEAR_OF_BIRTH, ColumnType.INTEGER, "year of birth"));
                    columns.add(new CuratedColumn(AGE_BAND, ColumnType.STRING, "five-year age band at the activity (90+ pooled)"));
                }
                case GENERALISE_POSTCODE -> {
                    columns.add(new CuratedColumn(LSOA, ColumnType.STRING, "lower layer super output area of the postcode (empty if unknown)"));
                    columns.add(new CuratedColumn(IMD_DECILE, ColumnType.INTEGER, "index of multiple deprivation decile of the LSOA, 1 most deprived"));
                }
                case KEEP -> columns.add(new CuratedColumn(curatedName(column), column.type(), column.description()));
                case DROP -> {
                    // free text never reaches curated
                }
            }
        }
        if (feed != Feed.OPT_OUT) {
            columns.add(new CuratedColumn(SOURCE_RECORD, ColumnType.INTEGER, "line number of the row in the uploaded file (for tracing to quarantine and reports)"));
        }
        columns.add(new CuratedColumn(UPLOAD_ID, ColumnType.STRING, "the upload the row came from"));
        return List.copyOf(columns);
    }

    /**
     * The curated name of a kept column. The feed's {@code provider} column (who delivered the care)
     * becomes {@code delivering_provider}, because {@code provider} is the partition column (who sent
     * the file); they differ for GP data, which the ICB sends for each practice.
     */
    public static String curatedName(Column column) {
        return column.name().equals("provider") ? "delivering_provider" : column.name();
    }

    /** Where a partition's single data file lives (one object per partition, so a PUT replaces it atomically). */
    public static String dataKey(Feed feed, String provider, String period) {
        return partitionPrefix(feed, provider, period) + "data.parquet";
    }

    public static String partitionPrefix(Feed feed, String provider, String period) {
        return "curated/feed=" + feed.id() + "/provider=" + provider + "/period=" + period + "/";
    }
}
