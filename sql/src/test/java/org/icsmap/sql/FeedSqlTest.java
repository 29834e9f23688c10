package org.icsmap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trino.sql.tree.CreateTableAsSelect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.sql.refresh.RefreshPipeline;
import org.junit.jupiter.api.Test;

/**
 * What the SQL files list per feed is generated from the feed definitions ({@link FeedSql}): every activity feed is in
 * the rendered costing, linkage and organisation outputs, and no SQL file names a feed by hand.
 */
class FeedSqlTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../config/example-ics.yaml"));

    /**
     * Per-feed columns a SQL file may name itself: a choice of a few settings, not a list of every feed.
     * practice_top_n shows each listed patient's A&amp;E attendances and admissions beside their cost in every setting.
     */
    static final Map<String, Set<String>> CHOSEN_FEED_COLUMNS = Map.of(
            "organisation/practice_top_n.sql", Set.of("ed_activities", "apc_activities"));

    @Test
    void everyActivityFeedIsInTheRenderedCostingSpineAndOrganisationOutputs() {
        Map<String, String> rendered = renderedPlan();
        String costing = rendered.get("costing/costed_activity.sql");
        String spine = rendered.get("linkage/person_spine.sql");
        String patients = rendered.get("organisation RFS patients");
        String topN = rendered.get("organisation QJ2 practice_top_n");
        List<Feed> activityFeeds = Feed.activityFeeds();
        assertThat(activityFeeds).hasSize(Feed.values().length - 1);
        for (Feed feed : activityFeeds) {
            String id = feed.id();
            assertThat(costing).as(id).containsOnlyOnce("SELECT '" + id + "' AS feed,").containsOnlyOnce("FROM curated_" + id + "\n");
            assertThat(spine).as(id).contains("count_if(feed = '" + id + "') AS " + id + "_activities",
                    "sum(cost) FILTER (WHERE feed = '" + id + "') AS " + id + "_cost",
                    id + "_activities, CAST(coalesce(" + id + "_cost, 0) AS decimal(18, 2)) AS " + id + "_cost");
            assertThat(patients).as(id).contains(id + "_activities, " + id + "_cost");
            assertThat(topN).as(id).containsPattern("\\b" + id + "_cost\\b");
        }
        assertThat(costing).as("the opt-out list is not activity").doesNotContain("'opt_out' AS feed");
        assertThat(Pattern.compile("UNION ALL").matcher(costing).results().count()).isEqualTo(activityFeeds.size() - 1);
        assertThat(spine).contains("count_if(feed NOT IN ('ed')) = 0 AS ae_only", "count_if(feed IN ('apc', 'ed') AND");
        assertThat(topN).contains("WHERE feed = 'gp' AND provider = 'QJ2'");
        CreateTableAsSelect ctas = (CreateTableAsSelect) SqlFilesTest.parse("costed activity", costing);
        assertThat(ctas.getName().toString()).isEqualTo("costed_activity_s1");
    }

    @Test
    void eachFeedsArmSaysHowItIsDatedAndCosted() {
        String arms = FeedSql.activityArms(List.of(Feed.APC, Feed.COMMUNITY, Feed.SOCIAL_CARE));
        assertThat(arms).contains("SELECT 'apc' AS feed, provider, delivering_provider, period, activity_id, episode_end_date AS activity_date,",
                "hrg AS cost_code, bed_days AS bed_days,", "cost AS supplied_cost, 'plics' AS supplied_cost_source,",
                "concat_ws(';', primary_diagnosis, secondary_diagnoses) AS diagnoses, CAST(NULL AS varchar) AS care_home");
        assertThat(arms).contains("service_code AS cost_code, 0 AS bed_days,", "CAST(NULL AS varchar) AS diagnoses");
        assertThat(arms).contains("service_start_date AS activity_date", "service_type AS cost_code",
                "CAST((CAST(weekly_cost * 100 AS bigint) * (date_diff('day', service_start_date, service_end_date) + 1) * 2 + 7) / 14",
                "'weekly_cost' AS supplied_cost_source", "care_home AS care_home");
        // without an acute or A&E feed, the lists still parse and match no activity
        Map<String, String> fragments = FeedSql.fragments(List.of(Feed.OP));
        assertThat(fragments.get("acute_feeds")).isEqualTo("('')");
        assertThat(fragments.get("emergency_department_feeds")).isEqualTo("('')");
        assertThatThrownBy(() -> FeedSql.activityArms(List.of(Feed.OPT_OUT))).hasMessageContaining("not activity");
    }

    @Test
    void aFileIsLoadedWithItsFragmentsInPlaceAndItsParametersLeftToFill() {
        SqlScript script = FeedSql.expand(SqlScript.of("t", "SELECT ${feed_cost_columns} FROM person_spine_${snapshot_id}"));
        assertThat(script.sql()).startsWith("SELECT apc_cost,\n    op_cost,").endsWith("social_care_cost FROM person_spine_${snapshot_id}");
        assertThat(FeedSql.placeholders()).contains("activity_arms", "feed_cost_columns").doesNotContain("snapshot_id");
    }

    /** A feed's id as a string literal, or a hand-written per-feed column list, in a SQL file would be a list of feeds that adding one misses. */
    @Test
    void noSqlFileNamesAFeed() throws IOException {
        String ids = String.join("|", java.util.Arrays.stream(Feed.values()).map(Feed::id).toList());
        Pattern literal = Pattern.compile("'(" + ids + ")'");
        Pattern feedColumn = Pattern.compile("\\b(" + ids + ")_(activities|cost)\\b");
        Map<String, List<String>> literals = new TreeMap<>();
        Map<String, Set<String>> columns = new TreeMap<>();
        for (Path file : SqlFilesTest.sqlFiles()) {
            String source = SqlFilesTest.SQL_ROOT.relativize(file).toString();
            String sql = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = literal.matcher(sql);
            while (m.find()) {
                literals.computeIfAbsent(source, k -> new ArrayList<>()).add(m.group());
            }
            Set<String> named = new TreeSet<>();
            feedColumn.matcher(sql).results().forEach(r -> named.add(r.group()));
            named.removeAll(CHOSEN_FEED_COLUMNS.getOrDefault(source, Set.of()));
            if (!named.isEmpty()) {
                columns.put(source, named);
            }
        }
        assertThat(literals).as("feed ids written into SQL files: generate them from the feed definitions (FeedSql)").isEmpty();
        assertThat(columns).as("per-feed columns written into SQL files: generate them from the feed definitions (FeedSql)").isEmpty();
    }

    /** Every statement of a refresh of the example ICS, rendered, by step name. */
    static Map<String, String> renderedPlan() {
        RefreshPipeline pipeline = new RefreshPipeline(new QueryEngine() {
            @Override
            public Result execute(SqlScript script) {
                throw new UnsupportedOperationException("rendering only");
            }

            @Override
            public void syncPartitions(String table) {
            }

            @Override
            public void close() {
            }
        }, CONFIG, "zones");
        Map<String, String> rendered = new TreeMap<>();
        for (RefreshPipeline.Step step : pipeline.plan("s1")) {
            rendered.put(step.name(), step.script().render());
        }
        return rendered;
    }
}
