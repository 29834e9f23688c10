package org.icsmap.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Predicate;
import org.icsmap.domain.feed.ActivityDefinition;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.SuppliedCost;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;

/**
 * The parts of the SQL files that list the activity feeds, generated from their definitions
 * ({@link ActivityDefinition}) as the curated tables are ({@link CuratedTables}): a file says
 * {@code ${activity_arms}} where costing needs one arm per feed, and {@link #load} puts the arms there. So a feed is
 * added by its definition alone, and no SQL file names a feed.
 *
 * <p>These placeholders are filled when a file is loaded, before its parameters: their text is SQL written here from
 * the definitions (code, never data), so unlike a parameter it may be many tokens. Every fragment is a
 * comma-separated list (or one parenthesised list) that fits where the placeholder stands:
 *
 * <table>
 *   <caption>the generated fragments</caption>
 *   <tr><th>placeholder</th><th>what it becomes, for each activity feed</th><th>where</th></tr>
 *   <tr><td>{@code ${activity_arms}}</td><td>{@code SELECT '<feed>' AS feed, … FROM curated_<feed>}, joined by
 *       {@code UNION ALL}: every activity in common columns, with its supplied cost</td><td>costing</td></tr>
 *   <tr><td>{@code ${feed_activity_and_cost_aggregates}}</td><td>{@code count_if(feed = '<feed>') AS <feed>_activities,
 *       sum(cost) FILTER (WHERE feed = '<feed>') AS <feed>_cost}</td><td>the person spine's totals</td></tr>
 *   <tr><td>{@code ${feed_activity_and_cost_totals}}</td><td>{@code <feed>_activities, <feed>_cost} (0 when none,
 *       {@code decimal(18, 2)})</td><td>the person spine's columns</td></tr>
 *   <tr><td>{@code ${feed_activity_and_cost_columns}}</td><td>{@code <feed>_activities, <feed>_cost}</td><td>outputs
 *       read from the spine</td></tr>
 *   <tr><td>{@code ${feed_cost_columns}}</td><td>{@code <feed>_cost}</td><td>outputs read from the spine</td></tr>
 *   <tr><td>{@code ${acute_feeds}}</td><td>{@code ('<feed>', …)} of the acute feeds, for {@code IN}</td><td>falls and
 *       UTIs</td></tr>
 *   <tr><td>{@code ${emergency_department_feeds}}</td><td>{@code ('<feed>', …)} of the A&amp;E feeds, for {@code IN}</td>
 *       <td>A&amp;E only</td></tr>
 * </table>
 */
public final class FeedSql {

    private static final Map<String, String> FRAGMENTS = fragments(Feed.activityFeeds());

    private FeedSql() {
    }

    /** The SQL file {@code sql/<source>} from the classpath, with every generated fragment it names in place. */
    public static SqlScript load(String source) {
        return expand(SqlScript.fromResource(source));
    }

    /** {@code script} with every generated fragment it names in place; other placeholders are left for parameters. */
    public static SqlScript expand(SqlScript script) {
        String sql = script.sql();
        boolean changed = false;
        for (Map.Entry<String, String> fragment : FRAGMENTS.entrySet()) {
            String placeholder = "${" + fragment.getKey() + "}";
            if (sql.contains(placeholder)) {
                sql = sql.replace(placeholder, fragment.getValue());
                changed = true;
            }
        }
        return changed ? new SqlScript(script.source(), sql, script.parameters()) : script;
    }

    /** The names of the placeholders this class fills. */
    public static List<String> placeholders() {
        return List.copyOf(FRAGMENTS.keySet());
    }

    /** Every fragment, by placeholder name, for these activity feeds in this order. */
    static Map<String, String> fragments(List<Feed> feeds) {
        Map<String, String> fragments = new LinkedHashMap<>();
        fragments.put("activity_arms", activityArms(feeds));
        fragments.put("feed_activity_and_cost_aggregates", list(feeds, ",\n        ", feed -> List.of(
                "count_if(feed = " + text(feed) + ") AS " + column(feed, "activities"),
                "sum(cost) FILTER (WHERE feed = " + text(feed) + ") AS " + column(feed, "cost"))));
        fragments.put("feed_activity_and_cost_totals", list(feeds, ",\n    ", feed -> List.of(
                column(feed, "activities") + ", CAST(coalesce(" + column(feed, "cost") + ", 0) AS decimal(18, 2)) AS " + column(feed, "cost"))));
        fragments.put("feed_activity_and_cost_columns", list(feeds, ",\n    ", feed -> List.of(
                column(feed, "activities") + ", " + column(feed, "cost"))));
        fragments.put("feed_cost_columns", list(feeds, ",\n    ", feed -> List.of(column(feed, "cost"))));
        fragments.put("acute_feeds", feedList(feeds, ActivityDefinition::acute));
        fragments.put("emergency_department_feeds", feedList(feeds, ActivityDefinition::emergencyDepartment));
        return fragments;
    }

    /**
     * One arm per feed, in the common columns of costed activity. The first arm names the columns; every arm gives
     * each column the same type (untyped nulls are cast), so the union's types never depend on which feed comes first.
     */
    static String activityArms(List<Feed> feeds) {
        StringJoiner arms = new StringJoiner("\n    UNION ALL\n    ");
        for (Feed feed : feeds) {
            FeedDefinition definition = feed.definition();
            ActivityDefinition activity = activity(feed);
            arms.add("SELECT " + text(feed) + " AS feed, provider, delivering_provider, period, activity_id, "
                    + identifier(definition.periodDateColumn()) + " AS activity_date,\n"
                    + "           person_id, age_band, sex, lsoa, imd_decile, gp_practice, pod, " + identifier(activity.costCode()) + " AS cost_code, "
                    + activity.bedDays().map(FeedSql::identifier).orElse("0") + " AS bed_days,\n"
                    + "           " + suppliedCost(activity) + ",\n"
                    + "           " + diagnoses(activity.diagnoses()) + " AS diagnoses, "
                    + activity.careHome().map(FeedSql::identifier).orElse("CAST(NULL AS varchar)") + " AS care_home\n"
                    + "    FROM " + CuratedTables.tableName(feed));
        }
        return arms.toString();
    }

    private static String suppliedCost(ActivityDefinition activity) {
        if (activity.suppliedCost().isEmpty()) {
            return "CAST(NULL AS decimal(18, 2)) AS supplied_cost, CAST(NULL AS varchar) AS supplied_cost_source";
        }
        SuppliedCost cost = activity.suppliedCost().get();
        String amount = switch (cost) {
            case SuppliedCost.PatientLevelCost plics -> identifier(plics.column());
            // Pro rata in pence, rounded half up: (2 x pence x days + 7) / 14 is pence x days / 7 rounded, in whole
            // numbers, so no decimal division ever rounds on the way.
            case SuppliedCost.WeeklyCost weekly -> "CAST((CAST(" + identifier(weekly.column()) + " * 100 AS bigint) * (date_diff('day', "
                    + identifier(weekly.from()) + ", " + identifier(weekly.to()) + ") + 1) * 2 + 7) / 14\n"
                    + "                AS decimal(18, 2)) / 100";
        };
        return amount + " AS supplied_cost, " + SqlValue.text(cost.source().id()).render() + " AS supplied_cost_source";
    }

    /** The diagnosis columns as one {@code ;}-separated list: a single column as it is. */
    private static String diagnoses(List<String> columns) {
        return switch (columns.size()) {
            case 0 -> "CAST(NULL AS varchar)";
            case 1 -> identifier(columns.getFirst());
            default -> "concat_ws(';', " + String.join(", ", columns.stream().map(FeedSql::identifier).toList()) + ")";
        };
    }

    private static String feedList(List<Feed> feeds, Predicate<ActivityDefinition> selected) {
        List<String> ids = new ArrayList<>();
        for (Feed feed : feeds) {
            if (selected.test(activity(feed))) {
                ids.add(text(feed));
            }
        }
        // An empty IN list is not SQL; a value no feed has keeps the predicate false for every row.
        return "(" + (ids.isEmpty() ? "''" : String.join(", ", ids)) + ")";
    }

    private static String list(List<Feed> feeds, String separator, Function<Feed, List<String>> items) {
        StringJoiner joined = new StringJoiner(separator);
        for (Feed feed : feeds) {
            items.apply(feed).forEach(joined::add);
        }
        return joined.toString();
    }

    private static ActivityDefinition activity(Feed feed) {
        return feed.definition().activity()
                .orElseThrow(() -> new IllegalArgumentException("the " + feed + " feed is not activity"));
    }

    /** The person spine's column of a feed's activities or cost: {@code <feed>_activities}, {@code <feed>_cost}. */
    public static String column(Feed feed, String what) {
        return identifier(feed.id() + "_" + what);
    }

    private static String text(Feed feed) {
        return SqlValue.text(feed.id()).render();
    }

    private static String identifier(String name) {
        return SqlValue.identifier(name).render();
    }
}
