package org.icsmap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateTable;
import io.trino.sql.tree.CreateTableAsSelect;
import io.trino.sql.tree.CreateView;
import io.trino.sql.tree.DereferenceExpression;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.QuerySpecification;
import io.trino.sql.tree.SingleColumn;
import io.trino.sql.tree.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.sql.MartFiles;
import org.icsmap.sql.refresh.DisclosureControl;
import org.icsmap.sql.refresh.OrganisationOutputs;
import org.icsmap.sql.refresh.RefreshPipeline;
import org.junit.jupiter.api.Test;

/**
 * Every production SQL file and every generated statement parses with Trino's own parser (the dialect Athena
 * engine v3 shares) and keeps to the rules of sql/README.md. Running them is the engine tests' job.
 */
class SqlFilesTest {

    static final Path SQL_ROOT = Path.of("src/main/resources/sql");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9_]*)}");
    static final SqlParser PARSER = new SqlParser();

    @Test
    void everySqlFileIsOneCtasOrMartViewThatParsesWithTheTrinoParser() throws IOException {
        List<Path> files = sqlFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(3 + MartFiles.shared().size());
        for (Path file : files) {
            String source = SQL_ROOT.relativize(file).toString();
            SqlScript script = FeedSql.load(source);
            Matcher m = PLACEHOLDER.matcher(script.sql());
            while (m.find()) {
                script = script.with(m.group(1), switch (m.group(1)) {
                    case "location" -> SqlValue.location("icsmap-marts", "marts/snapshot=s1/x/");
                    case "ods" -> SqlValue.text("RFS");
                    case "gp_feed" -> SqlValue.text("gp");
                    case "top_n" -> SqlValue.number(10);
                    default -> SqlValue.identifier("s1");
                });
            }
            String rendered = script.render();
            Statement statement = parse(source, rendered);
            if (source.startsWith("marts/")) {
                // The unsuppressed marts are views: only their disclosure-controlled copies are written.
                assertThat(statement).as(source).isInstanceOf(CreateView.class);
                assertThat(rendered).as(source).doesNotContain("external_location");
            } else {
                assertThat(statement).as(source).isInstanceOf(CreateTableAsSelect.class);
                assertThat(rendered).as(source).contains("external_location = 's3://");
            }
            assertKeepsToTheSharedDialect(source, rendered);
        }
    }

    @Test
    void everyFileUnderMartsIsAMartAndPublishesExactlyTheColumnsItDeclares() throws IOException {
        List<String> files = sqlFiles().stream().map(f -> SQL_ROOT.relativize(f).toString()).filter(f -> f.startsWith("marts/")).sorted().toList();
        assertThat(files).containsExactlyInAnyOrderElementsOf(MartFiles.shared().stream().map(MartDefinition::sqlFile).toList());
        assertThat(RefreshPipeline.CORE_FILES).allMatch(f -> Files.exists(SQL_ROOT.resolve(f)));
        for (MartDefinition mart : MartFiles.shared()) {
            CreateView view = (CreateView) parse(mart.sqlFile(), FeedSql.load(mart.sqlFile()).with("snapshot_id", SqlValue.identifier("s1")).render());
            List<String> published = ((QuerySpecification) view.getQuery().getQueryBody()).getSelect().getSelectItems().stream()
                    .map(item -> outputName(mart.sqlFile(), (SingleColumn) item)).toList();
            List<String> declared = new ArrayList<>(mart.dimensions());
            mart.measures().forEach(m -> declared.add(m.name()));
            assertThat(published).as(mart.sqlFile() + ": its columns, in order, are its '-- mart' dimensions and measures").isEqualTo(declared);
        }
    }

    @Test
    void martsNestPracticeInPcnInPlaceAndPrevalenceByPracticeInByPlaceAndAreBuiltParentsFirst() {
        Map<String, MartDefinition> marts = new LinkedHashMap<>();
        MartFiles.shared().forEach(m -> marts.put(m.name(), m));
        assertThat(marts.get("cost_by_practice").parent()).contains(marts.get("cost_by_pcn"));
        assertThat(marts.get("cost_by_pcn").parent()).contains(marts.get("cost_by_place"));
        assertThat(marts.get("cost_by_place").parent()).isEmpty();
        assertThat(marts.get("condition_prevalence_by_practice").parent()).contains(marts.get("condition_prevalence_by_place"));
        List<String> order = new ArrayList<>(marts.keySet());
        for (MartDefinition mart : marts.values()) {
            // a parent's cells are its child's group totals, and its disclosure control is decided first
            mart.parent().ifPresent(parent -> {
                assertThat(parent.dimensions()).as(mart.name()).isEqualTo(mart.groupColumns());
                assertThat(order.indexOf(parent.name())).as(mart.name()).isLessThan(order.indexOf(mart.name()));
            });
        }
    }

    private static String outputName(String source, SingleColumn column) {
        if (column.getAlias().isPresent()) {
            return column.getAlias().get().getValue();
        }
        return switch (column.getExpression()) {
            case Identifier identifier -> identifier.getValue();
            case DereferenceExpression dereference -> dereference.getField().orElseThrow().getValue();
            default -> throw new AssertionError(source + ": name every computed column with AS");
        };
    }

    @Test
    void everyOrganisationOutputHasItsFileAndWritesOnlyUnderItsOrganisationsPrefix() throws IOException {
        List<String> files = sqlFiles().stream().map(f -> SQL_ROOT.relativize(f).toString()).filter(f -> f.startsWith("organisation/")).sorted().toList();
        assertThat(files).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(OrganisationOutputs.Output.values()).map(OrganisationOutputs.Output::sqlFile).toList());
        IcsConfig config = new IcsConfigLoader().load(Path.of("../config/example-ics.yaml"));
        OrganisationOutputs outputs = new OrganisationOutputs(config, "icsmap-marts");
        // Every provider of the example ICS has a direct-care agreement; only the ICB sends GP data.
        assertThat(outputs.organisations()).containsExactly("RFS", "RTG", "RY8", "RXM", "RX9", "830", "831", "RHQ", "QJ2");
        assertThat(outputs.entries()).filteredOn(e -> e.output() == OrganisationOutputs.Output.PRACTICE_TOP_N)
                .extracting(OrganisationOutputs.Entry::ods).containsExactly("QJ2");
        for (OrganisationOutputs.Entry entry : outputs.entries()) {
            String rendered = outputs.script(entry, "s1").render();
            CreateTableAsSelect ctas = (CreateTableAsSelect) parse(entry.view(), rendered);
            assertThat(ctas.getName().toString()).isEqualTo(entry.table("s1"));
            assertThat(rendered).contains("external_location = 's3://icsmap-marts/marts/org=" + entry.ods() + "/snapshot=s1/" + entry.output().id() + "/'")
                    .contains("'" + entry.ods() + "'");
            assertThat(org.icsmap.domain.access.MartsLayout.mayRead(new org.icsmap.domain.access.AnalystRole.Organisation(entry.ods()),
                    entry.key("s1"))).isTrue();
            assertThat(org.icsmap.domain.access.MartsLayout.mayRead(org.icsmap.domain.access.AnalystRole.shared(), entry.key("s1"))).isFalse();
            assertKeepsToTheSharedDialect(entry.view(), rendered);
        }
    }

    @Test
    void generatedCuratedTablesFollowTheCuratedSchemaWithPartitionColumnsLast() {
        for (Feed feed : Feed.values()) {
            SqlScript ddl = CuratedTables.createTable(feed, "icsmap-curated");
            Statement statement = parse(ddl.source(), ddl.render());
            assertThat(statement).isInstanceOf(CreateTable.class);
            List<String> columns = ((CreateTable) statement).getElements().stream()
                    .map(e -> ((io.trino.sql.tree.ColumnDefinition) e).getName().getSuffix()).toList();
            List<String> expected = new ArrayList<>(CuratedSchema.columns(feed).stream().map(c -> c.name()).toList());
            expected.addAll(List.of("provider", "period"));
            assertThat(columns).as(feed.id()).isEqualTo(expected);
            assertThat(ddl.render()).contains("'s3://icsmap-curated/curated/feed=" + feed.id() + "/'")
                    .contains("partitioned_by = ARRAY['provider', 'period']").contains("format = 'PARQUET'");
            assertKeepsToTheSharedDialect(ddl.source(), ddl.render());
        }
        assertThat(CuratedTables.createTable(Feed.APC, "icsmap-b").render()).contains("cost decimal(18,2)", "bed_days integer",
                "episode_end_date date", "person_id varchar");
    }

    @Test
    void generatedReferenceTablesAndDisclosureWrappersParse() {
        IcsConfig config = new IcsConfigLoader().load(Path.of("../config/example-ics.yaml"));
        ReferenceTables reference = new ReferenceTables(config, UnitCosts.shipped(), PostcodeLookup.shipped());
        for (SqlScript script : reference.create("s1")) {
            String rendered = script.render();
            assertThat(parse(script.source(), rendered)).isInstanceOf(CreateView.class);
            assertThat(rendered.length()).as(script.source() + ": Athena takes at most 256 KiB of query text").isLessThan(262_144);
        }
        DisclosureControl disclosure = new DisclosureControl(config.disclosureControl());
        for (MartDefinition mart : MartFiles.shared()) {
            SqlScript script = disclosure.sharedMart(mart, "s1", SqlValue.location("icsmap-marts", "marts/snapshot=s1/shared/" + mart.name() + "/"));
            assertThat(parse(script.source(), script.render())).isInstanceOf(CreateTableAsSelect.class);
            assertKeepsToTheSharedDialect(script.source(), script.render());
        }
    }

    static Statement parse(String source, String sql) {
        Statement[] statement = new Statement[1];
        assertThatCode(() -> statement[0] = PARSER.createStatement(sql)).as(source).doesNotThrowAnyException();
        return statement[0];
    }

    static void assertKeepsToTheSharedDialect(String source, String sql) {
        String upper = sql.toUpperCase(java.util.Locale.ROOT);
        assertThat(sql).as(source + ": no Hive backticks").doesNotContain("`");
        assertThat(sql).as(source + ": s3:// locations only").doesNotContain("local:///").doesNotContain("'file:");
        assertThat(upper).as(source + ": Trino DDL, not Hive's").doesNotContain("EXTERNAL TABLE").doesNotContain("STORED AS")
                .doesNotContain("MSCK").doesNotContain("ADD PARTITION").doesNotContain("WRITE_COMPRESSION");
        assertThat(sql).as(source + ": varchar, not string").doesNotContainPattern("(?i)\\bstring\\b(?!')");
    }

    static List<Path> sqlFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(SQL_ROOT)) {
            return walk.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
    }
}
