package org.icsmap.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import org.icsmap.domain.reference.PostcodeLookup;

/**
 * The reference tables the refresh joins to, generated from the ICS config and the shipped reference data:
 * unit costs ({@code org/icsmap/domain/reference/unit_costs.csv}), GP practices with their PCN, place and list size, care
 * homes, the ICS's organisations and their kinds, the feeds each provider is agreed to send, and LSOA → IMD decile.
 *
 * <p>Each is one {@code CREATE VIEW reference_<name>_<snapshot> AS SELECT … FROM (VALUES …)}: a view, not a
 * table, because these are a few hundred rows at most that the queries reading them plan inline, while a CTAS
 * per table cost a refresh six writes of its own (about 5 s of a local refresh, and six Athena queries). The same
 * statement works on Athena (a query string is at most 256 KiB; the largest view here, LSOA → IMD, is ~20 KiB for
 * a county) and on the local Trino, and every snapshot keeps, in its views' definitions, the reference data it was
 * costed with. On AWS the refresh state machine runs these statements through Athena like every other step; a
 * national-size lookup would instead be written as Parquet by a refresh Lambda with a Glue table over it.
 */
public final class ReferenceTables {

    /** The reference tables, in creation order. */
    public static final List<String> NAMES = List.of("unit_costs", "practices", "care_homes", "organisations", "agreed_feeds", "lsoa_imd");

    private final IcsConfig config;
    private final UnitCosts unitCosts;
    private final PostcodeLookup postcodes;

    public ReferenceTables(IcsConfig config, UnitCosts unitCosts, PostcodeLookup postcodes) {
        this.config = config;
        this.unitCosts = unitCosts;
        this.postcodes = postcodes;
    }

    /** The statements creating every reference view of a snapshot. */
    public List<SqlScript> create(String snapshotId) {
        List<SqlScript> scripts = new ArrayList<>();
        for (String name : NAMES) {
            scripts.add(create(name, snapshotId));
        }
        return scripts;
    }

    SqlScript create(String name, String snapshotId) {
        List<String> columns;
        List<List<String>> rows = new ArrayList<>();
        switch (name) {
            case "unit_costs" -> {
                columns = List.of("feed varchar", "pod varchar", "code varchar", "unit varchar", "unit_cost decimal(18,2)");
                for (UnitCosts.UnitCost c : unitCosts.all()) {
                    rows.add(List.of(text(c.feed().id()), text(c.pod()), text(c.code()), text(c.unit().name().toLowerCase(Locale.ROOT)),
                            money(c.unitCost())));
                }
            }
            case "practices" -> {
                columns = List.of("practice varchar", "practice_name varchar", "pcn varchar", "pcn_name varchar", "place varchar",
                        "place_name varchar", "list_size integer");
                for (IcsConfig.Place place : config.places()) {
                    for (IcsConfig.Pcn pcn : place.pcns()) {
                        for (IcsConfig.GpPractice practice : pcn.practices()) {
                            rows.add(List.of(text(practice.ods()), text(practice.name()), text(pcn.code()), text(pcn.name()),
                                    text(place.code()), text(place.name()), Integer.toString(practice.listSize())));
                        }
                    }
                }
            }
            case "care_homes" -> {
                columns = List.of("care_home varchar", "care_home_name varchar", "beds integer");
                for (IcsConfig.CareHome home : config.careHomes()) {
                    rows.add(List.of(text(home.cqcLocationId()), text(home.name()), Integer.toString(home.beds())));
                }
            }
            case "organisations" -> {
                columns = List.of("organisation varchar", "organisation_name varchar", "organisation_kind varchar");
                for (IcsConfig.Provider provider : config.providers()) {
                    rows.add(List.of(text(provider.ods()), text(provider.name()), text(provider.kind().name().toLowerCase(Locale.ROOT))));
                }
            }
            case "agreed_feeds" -> {
                columns = List.of("provider varchar", "feed varchar");
                for (IcsConfig.Provider provider : config.providers()) {
                    for (Feed feed : Feed.activityFeeds()) {
                        if (config.mayReceive(provider.ods(), feed)) {
                            rows.add(List.of(text(provider.ods()), text(feed.id())));
                        }
                    }
                }
            }
            case "lsoa_imd" -> {
                columns = List.of("lsoa varchar", "imd_decile integer");
                TreeMap<String, Integer> deciles = new TreeMap<>();
                postcodes.areas().forEach(a -> deciles.put(a.lsoa(), a.imdDecile()));
                deciles.forEach((lsoa, decile) -> rows.add(List.of(text(lsoa), Integer.toString(decile))));
            }
            default -> throw new IllegalArgumentException("no reference table " + name);
        }
        rows.sort(Comparator.comparing(r -> String.join(",", r)));
        return view(name, columns, rows).with("snapshot_id", SqlValue.identifier(snapshotId));
    }

    private static SqlScript view(String name, List<String> columns, List<List<String>> rows) {
        StringJoiner select = new StringJoiner(",\n    ");
        StringJoiner aliases = new StringJoiner(", ");
        for (String column : columns) {
            String[] nameAndType = column.split(" ", 2);
            select.add("CAST(" + nameAndType[0] + " AS " + nameAndType[1] + ") AS " + nameAndType[0]);
            aliases.add(nameAndType[0]);
        }
        StringJoiner values = new StringJoiner(",\n    ");
        boolean empty = rows.isEmpty();
        if (empty) {
            values.add("(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "NULL")) + ")");
        }
        for (List<String> row : rows) {
            values.add("(" + String.join(", ", row) + ")");
        }
        String sql = "CREATE VIEW reference_" + name + "_${snapshot_id} AS\nSELECT\n    "
                + select + "\nFROM (VALUES\n    " + values + "\n) AS t (" + aliases + ")" + (empty ? "\nWHERE false" : "");
        return SqlScript.of("generated: reference view " + name, sql);
    }

    private static String text(String value) {
        if (value.contains("${")) {
            throw new IllegalArgumentException("reference value contains '${', which SQL files reserve for parameters: " + value);
        }
        return new SqlValue.Text(value).render();
    }

    private static String money(BigDecimal value) {
        return "DECIMAL '" + value.setScale(2).toPlainString() + "'";
    }
}
