package org.icsmap.cli.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.icsmap.cli.marts.HtmlReport;
import org.icsmap.cli.marts.MartsQuery;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.marts.Marts;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import org.icsmap.sql.refresh.RefreshPipeline;
import org.icsmap.statemachine.ExecutionStatus;
import org.icsmap.statemachine.HistoryEvent;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.task.TaskOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A synthetic ICS ingested on the local adapters, then refreshed three ways on one in-process Trino: directly with
 * {@link RefreshPipeline#run} (snapshot {@code direct}), through {@code refresh.asl.json} with one Athena call throttled
 * (snapshot {@code sm1}, published), and through it again with a step that genuinely fails (snapshot {@code sm2}).
 * Then the role checks of {@code icsmap query} and the board report in a real headless chromium.
 */
class LocalRefreshEndToEndTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../config/example-ics.yaml"));
    static final String BUCKET = "zones";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T06:30:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path root;
    static DirectoryObjectStore store;
    static TrinoLocalQueryEngine engine;
    static LocalRefresh.Outcome published;
    static LocalRefresh.Outcome failed;
    static final AtomicInteger throttledAttempts = new AtomicInteger();
    static final List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());
    static final List<String> failedProgress = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void ingestAndRefreshThreeWays() throws IOException {
        Path generated = root.resolve("generated");
        new SyntheticIcsGenerator(CONFIG).generate(GeneratorSettings.of(2_000, 11).withMonths(YearMonth.of(2024, 4), 6), generated);
        store = new DirectoryObjectStore(root.resolve(BUCKET));
        IngestService ingest = new IngestService(CONFIG, IngestService.Stores.allIn(store), new LocalKeyService(root.resolve("keys.p12"),
                "test".toCharArray()), PostcodeLookup.shipped(), NationalPracticeList.shipped(), root.resolve("work"));
        List<Path> extracts;
        try (Stream<Path> walk = Files.walk(generated.resolve("extracts"))) {
            extracts = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> ordered = new ArrayList<>(extracts.stream().filter(p -> p.getFileName().toString().startsWith("opt_out")).toList());
        extracts.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        for (Path extract : ordered) {
            String name = extract.getFileName().toString();
            String feed = name.substring(0, name.lastIndexOf('_'));
            String period = name.substring(name.lastIndexOf('_') + 1, name.lastIndexOf('_') + 8);
            String key = "landing/provider=" + extract.getParent().getFileName() + "/feed=" + feed + "/period=" + period + "/u-" + period
                    + (name.endsWith(".gz") ? ".csv.gz" : ".csv");
            store.put(key, extract, Map.of());
            assertThat(ingest.ingest(key).outcome()).as(key).isEqualTo(IngestReport.Outcome.ACCEPTED);
        }
        engine = TrinoLocalQueryEngine.start(root);
        RefreshPipeline direct = new RefreshPipeline(engine, CONFIG, BUCKET);
        direct.prepare();
        direct.run("direct");

        LocalRefresh refresh = new LocalRefresh(CONFIG, engine, store, BUCKET, CLOCK);
        // Athena throttles the first start of one statement, as StartQueryExecution does under load.
        published = refresh.run(Optional.of("sm1"), recordingInto(progress), athena -> request -> {
            if (request.parameters().path("QueryString").asText().contains("CREATE VIEW cost_by_pcn_sm1") && throttledAttempts.getAndIncrement() == 0) {
                return TaskOutcome.failure("Athena.TooManyRequestsException", "Rate exceeded");
            }
            return athena.invoke(request);
        });
        // A stray file where a shared mart of sm2 must be written: its CTAS fails in the engine, as on Athena.
        Path stray = root.resolve(BUCKET).resolve("marts/snapshot=sm2/shared/cost_by_place/stray.parquet");
        Files.createDirectories(stray.getParent());
        Files.writeString(stray, "not parquet");
        failed = refresh.run(Optional.of("sm2"), recordingInto(failedProgress));
    }

    static LocalRefresh.Progress recordingInto(List<String> lines) {
        return new LocalRefresh.Progress() {
            @Override
            public void planned(String snapshotId, int steps) {
                lines.add("planned " + snapshotId + " " + steps);
            }

            @Override
            public void stepStarting(String stage, String step) {
                lines.add(stage + ": " + step);
            }
        };
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    // ---- the state machine path and the direct path agree ----

    @Test
    void theStateMachinePublishesTheSameMartsAsADirectRefresh() {
        assertThat(published.execution().status()).as(published.execution().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(published.snapshotId()).contains("sm1");
        assertThat(published.execution().output().path("snapshotId").asText()).isEqualTo("sm1");
        int cells = 0;
        for (MartDefinition mart : Marts.SHARED) {
            List<String> viaStateMachine = rows("SELECT * FROM shared_" + mart.name());
            assertThat(viaStateMachine).as(mart.name()).isNotEmpty().isEqualTo(rows("SELECT * FROM shared_" + mart.name() + "_direct"));
            assertThat(rows("SELECT * FROM " + mart.name() + "_sm1")).as(mart.name()).isEqualTo(rows("SELECT * FROM " + mart.name() + "_direct"));
            cells += viaStateMachine.size();
        }
        assertThat(cells).isGreaterThan(100);
        // The quality check reconciled the marts with the costed activity, and audit says so.
        JsonNode quality = Json.parse(read("audit/refresh/snapshot=sm1/quality.json"));
        assertThat(quality.path("assessment").path("reconciled").asBoolean()).isTrue();
        assertThat(quality.path("assessment").path("cost").decimalValue())
                .isEqualByComparingTo((BigDecimal) value("SELECT sum(cost) FROM costed_activity_direct"));
        assertThat(Json.parse(read("audit/refresh/published.json")).path("snapshotId").asText()).isEqualTo("sm1");
    }

    @Test
    void everyStepWasRenderedJustBeforeItRanAndTheStateStayedSmall() {
        int planned = Integer.parseInt(progress.getFirst().split(" ")[2]);
        assertThat(progress.getFirst()).startsWith("planned sm1 ");
        assertThat(progress).hasSize(planned + 1).contains("costing: costing/costed_activity.sql", "shared_mart: shared cost_by_place",
                "quality: quality and coverage", "publish: publish cost_by_place");
        assertThat(progress.indexOf("quality: quality and coverage")).isLessThan(progress.indexOf("publish: publish totals_by_organisation"));
        // Step Functions refuses state (input or output) over 256 KiB: only names and small results travel.
        int largest = 0;
        for (HistoryEvent event : published.execution().history()) {
            if (event.type().endsWith("StateEntered") || event.type().endsWith("StateExited")) {
                largest = Math.max(largest, Json.write(event.details()).length());
            }
        }
        assertThat(largest).isPositive().isLessThan(64 * 1024);
    }

    @Test
    void aThrottledAthenaTaskIsRetriedAndTheRefreshCarriesOn() {
        assertThat(throttledAttempts.get()).isEqualTo(2);
        List<HistoryEvent> retries = published.execution().history().stream().filter(e -> e.type().equals("RetryScheduled")).toList();
        assertThat(retries).hasSize(1);
        assertThat(retries.getFirst().details().toString()).contains("Athena.TooManyRequestsException");
        assertThat(published.execution().retryDelays()).hasSize(1);
        assertThat(published.execution().retryDelays().getFirst().toSeconds()).isEqualTo(5);
    }

    // ---- a step forced to fail ----

    @Test
    void aFailedStepEndsTheExecutionFailedWithItsCauseAndThePreviousSnapshotStaysPublished() {
        assertThat(failed.execution().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.execution().error()).isEqualTo("States.TaskFailed");
        assertThat(failed.execution().cause()).startsWith("refresh of snapshot sm2 failed, so the previous snapshot stays published: "
                + "step 'shared cost_by_place' failed: Athena query local-").doesNotContain("CREATE TABLE");
        assertThat(failed.execution().statesEntered()).contains("RecordStepFailure", "RecordFailure", "RefreshFailed").doesNotContain("RecordSuccess");
        // Neither the quality check nor any publishing step was started.
        assertThat(failedProgress).contains("shared_mart: shared cost_by_place").noneMatch(line -> line.startsWith("publish: ") || line.startsWith("quality: "));
        // The views still answer with sm1's numbers.
        for (MartDefinition mart : Marts.SHARED) {
            assertThat(rows("SELECT * FROM shared_" + mart.name())).as(mart.name()).isEqualTo(rows("SELECT * FROM shared_" + mart.name() + "_sm1"));
        }
        assertThat(String.valueOf(value("SHOW CREATE VIEW shared_cost_by_place"))).contains("shared_cost_by_place_sm1");
        assertThat(Json.parse(read("audit/refresh/snapshot=sm2/outcome.json")).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(Json.parse(read("audit/refresh/snapshot=sm2/failed-step.json")).path("step").asText()).isEqualTo("shared cost_by_place");
        assertThat(Json.parse(read("audit/refresh/published.json")).path("snapshotId").asText()).isEqualTo("sm1");
    }

    // ---- icsmap query: the storage rule, whatever the SQL ----

    @Test
    void aRoleReadsOnlyTheStorageItsAwsRoleMay() {
        MartsQuery marts = new MartsQuery(engine, BUCKET);
        AnalystRole shared = AnalystRole.shared();
        assertThat(marts.run("SELECT place, cost FROM shared_cost_by_place WHERE place = 'TOTAL'", shared).rows()).hasSize(1);
        assertThat(marts.run("SELECT count(*) FROM shared_cost_by_place_sm1", AnalystRole.parse("org:RFS")).onlyValue()).isNotNull();
        assertThatThrownBy(() -> marts.run("SELECT count(*) FROM person_spine_sm1", shared))
                .isInstanceOf(MartsQuery.AccessDeniedException.class)
                .hasMessage("role shared may not read person_spine_sm1 (stored at marts/snapshot=sm1/person_spine/); it may read only marts/snapshot=*/shared/");
        assertThatThrownBy(() -> marts.run("SELECT count(*) FROM curated_apc", shared))
                .hasMessageContaining("curated_apc (stored at curated/feed=apc/)");
        // One organisation's own outputs, and a view that would lead round the rule.
        engine.execute(SqlScript.of("org output", "CREATE TABLE own_patients_rtg WITH (external_location = 's3://zones/marts/org=RTG/snapshot=sm1/own_patients/', "
                + "format = 'PARQUET') AS SELECT person_id, cost FROM person_spine_sm1 LIMIT 5"));
        engine.execute(SqlScript.of("view", "CREATE VIEW looks_shared AS SELECT * FROM own_patients_rtg"));
        assertThat(marts.run("SELECT count(*) FROM looks_shared", AnalystRole.parse("org:RTG")).onlyValue()).isEqualTo(5L);
        assertThatThrownBy(() -> marts.run("SELECT count(*) FROM looks_shared", AnalystRole.parse("org:RFS")))
                .hasMessageContaining("role org:RFS may not read own_patients_rtg (stored at marts/org=RTG/snapshot=sm1/own_patients/)");
        assertThatThrownBy(() -> marts.run("SELECT * FROM shared_cost_by_place s JOIN own_patients_rtg o ON true", shared))
                .isInstanceOf(MartsQuery.AccessDeniedException.class);
        assertThatThrownBy(() -> marts.run("DROP TABLE shared_cost_by_place_sm1", shared)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only queries may be run");
    }

    // ---- the board report in a real browser ----

    @Test
    void theBoardReportRendersEveryChartInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        String html = new HtmlReport(new MartsQuery(engine, BUCKET), CONFIG).render(CLOCK.instant());
        assertThat(html).contains("suppressed", "Disclosure control", CONFIG.name()).doesNotContain("<script", "http://", "https://", "src=", "<link");
        Path target = Path.of("target", "report");
        Files.createDirectories(target);
        Path page = target.resolve("index.html");
        Files.writeString(page, html);

        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        assertThat(Files.isExecutable(chromium) && Files.isExecutable(chromedriver))
                .as("the report test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run installs them)")
                .isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            // The console capture works: a page that logs an error is seen to.
            browser.get("data:text/html,<script>console.error('icsmap-probe')</script>");
            assertThat(severe(browser)).anyMatch(message -> message.contains("icsmap-probe"));

            browser.get(page.toAbsolutePath().toUri().toString());
            assertThat(browser.getTitle()).contains(CONFIG.name());
            for (String chart : HtmlReport.CHARTS) {
                WebElement svg = browser.findElement(By.id(chart));
                assertThat(svg.getSize().getHeight()).as(chart + " height").isGreaterThan(100);
                assertThat(svg.getSize().getWidth()).as(chart + " width").isGreaterThan(500);
                Number marks = (Number) ((JavascriptExecutor) browser).executeScript(
                        "return arguments[0].querySelectorAll('rect.bar, rect.bar2, path.line').length", svg);
                assertThat(marks.intValue()).as(chart + " draws its data").isPositive();
            }
            assertThat(browser.findElements(By.cssSelector("svg.chart"))).hasSize(HtmlReport.CHARTS.size());
            assertThat(browser.findElements(By.cssSelector(".suppressed"))).isNotEmpty();
            assertThat(severe(browser)).as("console errors").isEmpty();
            File screenshot = browser.getScreenshotAs(OutputType.FILE);
            Files.copy(screenshot.toPath(), Path.of("target", "report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(Path.of("target", "report-screenshot.png"))).isGreaterThan(10_000);
        } finally {
            browser.quit();
        }
    }

    static List<String> severe(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    // ---- helpers ----

    static String read(String key) {
        try {
            return Files.readString(root.resolve(BUCKET).resolve(key));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Object value(String sql) {
        return engine.execute(SqlScript.of("check", sql)).onlyValue();
    }

    /** Every row as text, sorted: the same rows give the same list whatever order the engine returns them in. */
    static List<String> rows(String sql) {
        QueryEngine.Result result = engine.execute(SqlScript.of("check", sql));
        return result.rows().stream().map(Object::toString).sorted().toList();
    }
}
