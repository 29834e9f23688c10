package org.icsmap.sql.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.marts.MartDefinition.Measure;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;
import org.icsmap.sql.CuratedTables;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import org.icsmap.sql.MartFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresh on the local Trino over a handful of hand-written curated rows whose costs are worked out by
 * hand, and disclosure control on a hand-made mart whose every published cell is known. (The whole synthetic
 * ICS, reconciled with its ground truth, is cli's RefreshPipelineEndToEndTest: test-fixtures depends on this
 * module, so this module cannot use the generator.) One Trino for the class.
 */
class RefreshPipelineTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../config/example-ics.yaml"));
    static final String BUCKET = "zones";
    static final String SNAPSHOT = "t1";

    @TempDir
    static Path root;
    static TrinoLocalQueryEngine engine;
    static RefreshPipeline.Snapshot snapshot;

    @BeforeAll
    static void writeCuratedRowsAndRefresh() {
        engine = TrinoLocalQueryEngine.start(root);
        CuratedTables.createAndSync(engine, BUCKET);
        insert("curated_apc", "person_id, gp_practice, delivering_provider, activity_id, episode_end_date, pod, hrg, primary_diagnosis, "
                + "secondary_diagnoses, bed_days, cost, provider, period", List.of(
                // PLICS cost supplied
                "'p1', 'C81084', 'RFS', 'A1', DATE '2024-04-03', 'NEL', 'DZ65K', 'J44.1', 'E11.9;I50.9', 4, DECIMAL '5000.10', 'RFS', '2024-04'",
                // reference cost (DZ65K NEL episode: 3150.00)
                "'p2', 'C81084', 'RTG', 'A2', DATE '2024-04-09', 'NEL', 'DZ65K', 'J44.1', NULL, 3, NULL, 'RTG', '2024-04'",
                // no reference cost for this HRG: uncosted, counted
                "'p2', 'C81084', 'RTG', 'A3', DATE '2024-04-10', 'NEL', 'ZZ99Z', 'R69', NULL, 1, NULL, 'RTG', '2024-04'",
                // unlinked (no valid NHS number)
                "NULL, 'C81012', 'RFS', 'A4', DATE '2024-04-11', 'DC', 'BZ34B', 'H25.9', NULL, 0, NULL, 'RFS', '2024-04'",
                // opted out after ingest: never reaches the marts
                "'p9', 'C81012', 'RFS', 'A5', DATE '2024-04-12', 'DC', 'BZ34B', 'H25.9', NULL, 0, NULL, 'RFS', '2024-04'"));
        insert("curated_mental_health", "person_id, gp_practice, delivering_provider, activity_id, end_date, service_code, bed_days, pod, "
                + "primary_diagnosis, provider, period", List.of(
                // 10 bed days at 486.00 a day
                "'p1', 'C81084', 'RXM', 'M1', DATE '2024-04-20', 'inpatient_adult', 10, 'MHIP', 'F32.9', 'RXM', '2024-04'"));
        insert("curated_social_care", "person_id, gp_practice, delivering_provider, activity_id, service_type, care_home, service_start_date, "
                + "service_end_date, weekly_cost, pod, provider, period", List.of(
                // 812.50 x 30 / 7 = 3482.142857... -> 3482.14
                "'p1', 'C81084', '830', 'S1', 'nursing_care', '1-9900000001', DATE '2024-04-01', DATE '2024-04-30', DECIMAL '812.50', 'ASCRES', '830', '2024-04'",
                // 100.00 x 3 / 7 = 42.857... -> 42.86
                "'p2', 'C81084', '830', 'S2', 'home_care', NULL, DATE '2024-04-01', DATE '2024-04-03', DECIMAL '100.00', 'ASCCOM', '830', '2024-04'",
                // 0.35 x 1 / 7 = 0.05 exactly; 0.49 x 1 / 7 = 0.07; 0.25 x 1 / 7 = 0.0357 -> 0.04 (half up at the penny)
                "'p3', 'C81084', '830', 'S3', 'home_care', NULL, DATE '2024-04-05', DATE '2024-04-05', DECIMAL '0.25', 'ASCCOM', '830', '2024-04'"));
        insert("curated_opt_out", "person_id, upload_id, provider, period", List.of(
                "'p9', 'u1', 'QJ2', '2024-04'",
                // an older list: p1 opted out once but is not on the latest list
                "'p1', 'u0', 'QJ2', '2024-03'"));
        snapshot = new RefreshPipeline(engine, CONFIG, BUCKET).run(SNAPSHOT);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void everyActivityIsCostedFromItsSourceToThePenny() {
        Map<String, List<Object>> costs = rows("SELECT activity_id, cost, cost_source FROM costed_activity_" + SNAPSHOT);
        assertThat(costs).containsOnlyKeys("A1", "A2", "A3", "A4", "M1", "S1", "S2", "S3");
        assertThat(costs.get("A1")).containsExactly(new BigDecimal("5000.10"), "plics");
        assertThat(costs.get("A2")).containsExactly(new BigDecimal("3150.00"), "reference");
        assertThat(costs.get("A3")).containsExactly(new BigDecimal("0.00"), "uncosted");
        assertThat(costs.get("A4")).containsExactly(new BigDecimal("910.00"), "reference");
        assertThat(costs.get("M1")).containsExactly(new BigDecimal("4860.00"), "reference");
        assertThat(costs.get("S1")).containsExactly(new BigDecimal("3482.14"), "weekly_cost");
        assertThat(costs.get("S2")).containsExactly(new BigDecimal("42.86"), "weekly_cost");
        assertThat(costs.get("S3")).containsExactly(new BigDecimal("0.04"), "weekly_cost");
    }

    @Test
    void thePersonSpineLinksEverySettingAndCountsUnlinkedActivitySeparately() {
        Map<String, List<Object>> spine = rows("SELECT person_id, cost, bed_days, organisations, registered_practice, place, care_home, "
                + "copd, diabetes, depression, heart_failure, dementia, ae_only FROM person_spine_" + SNAPSHOT);
        assertThat(spine).containsOnlyKeys("p1", "p2", "p3");
        assertThat(spine.get("p1")).containsExactly(new BigDecimal("13342.24"), 14L, 3L, "C81084", "chesterfield", "1-9900000001",
                true, true, true, true, false, false);
        assertThat(spine.get("p2")).containsExactly(new BigDecimal("3192.86"), 4L, 2L, "C81084", "chesterfield", null,
                true, false, false, false, false, false);
        assertThat(value("SELECT unlinked_activities FROM totals_by_organisation_" + SNAPSHOT + " WHERE organisation = 'TOTAL'")).isEqualTo(1L);
        assertThat(value("SELECT unlinked_cost FROM totals_by_organisation_" + SNAPSHOT + " WHERE organisation = 'TOTAL'"))
                .isEqualTo(new BigDecimal("910.00"));
        assertThat(value("SELECT uncosted_activities FROM totals_by_organisation_" + SNAPSHOT + " WHERE organisation = 'TOTAL'")).isEqualTo(1L);
        assertThat(value("SELECT cost FROM cost_by_place_" + SNAPSHOT + " WHERE place = 'TOTAL'")).isEqualTo(new BigDecimal("17445.14"));
    }

    @Test
    void dataQualityShowsEveryAgreedFeedAndItsMissingMonths() {
        Map<String, List<Object>> coverage = rows("SELECT provider || '/' || feed || '/' || period, status, received_rows FROM data_quality_coverage_"
                + SNAPSHOT);
        assertThat(coverage.get("RTG/apc/2024-04")).containsExactly("received", 2L);
        assertThat(coverage.get("RY8/community/2024-04")).containsExactly("missing", 0L);
        assertThat(coverage.get("RY8/community/TOTAL")).containsExactly("total", 0L);
    }

    @Test
    void theSharedMartsHideSmallCountsTheirCostsAndRoundTheRest() {
        // Everything here is tiny, so every non-zero count is hidden and its cost with it.
        Map<String, List<Object>> shared = rows("SELECT organisation, activities, patients, cost FROM shared_totals_by_organisation_" + SNAPSHOT);
        assertThat(shared.get("TOTAL")).containsExactly(10L, null, null);
        assertThat(shared.get("RFS")).containsExactly(null, null, null);
    }

    @Test
    void theLocalEngineReadsParquetWithoutColumnIndexes() {
        // parquet-mr 1.18 on the class path breaks Trino 483's column-index filtering (NoSuchMethodError, only when a
        // predicate such as a dynamic filter reaches a file with column indexes): see TrinoLocalQueryEngine.
        QueryEngine.Result session = engine.execute(SqlScript.of("session", "SHOW SESSION LIKE 'icsmap.parquet_use_column_index'"));
        assertThat(session.rows()).hasSize(1);
        assertThat(session.rows().getFirst().get(session.columnIndex("Value"))).isEqualTo("false");
    }

    @Test
    void aCtasThatSelectsNoRowsCreatesAnEmptyTableAsOnAthena() {
        assertThat(value("SELECT count(*) FROM out_of_area_flows_" + SNAPSHOT)).isEqualTo(0L);
        assertThat(value("SELECT count(*) FROM shared_out_of_area_flows_" + SNAPSHOT)).isEqualTo(0L);
    }

    // ---- per-organisation outputs ----

    @Test
    void eachOrganisationsOutputHoldsOnlyThePatientsItSentWithTheirWholeSystemCost() {
        Map<String, List<String>> patientsOf = new java.util.TreeMap<>();
        for (String ods : List.of("RFS", "RTG", "RY8", "RXM", "RX9", "830", "831", "RHQ", "QJ2")) {
            patientsOf.put(ods, engine.execute(SqlScript.of("check", "SELECT person_id FROM org_" + ods.toLowerCase(java.util.Locale.ROOT)
                    + "_patients_" + SNAPSHOT + " ORDER BY person_id")).rows().stream().map(r -> (String) r.getFirst()).toList());
        }
        // A4 is RFS's but unlinked; p9 opted out: neither is anyone's patient.
        assertThat(patientsOf).containsEntry("RFS", List.of("p1")).containsEntry("RTG", List.of("p2")).containsEntry("RXM", List.of("p1"))
                .containsEntry("830", List.of("p1", "p2", "p3")).containsEntry("RY8", List.of()).containsEntry("831", List.of())
                .containsEntry("QJ2", List.of());
        // RFS sees what its patient costs the whole system, by setting, and what it costs RFS.
        Map<String, List<Object>> p1 = rows("SELECT person_id, own_activities, own_cost, cost, apc_cost, mental_health_cost, social_care_cost, "
                + "gp_cost, organisations, registered_practice, place, copd FROM org_rfs_patients_" + SNAPSHOT);
        assertThat(p1.get("p1")).containsExactly(1L, new BigDecimal("5000.10"), new BigDecimal("13342.24"), new BigDecimal("5000.10"),
                new BigDecimal("4860.00"), new BigDecimal("3482.14"), new BigDecimal("0.00"), 3L, "C81084", "chesterfield", true);
        // Storage scopes access: every file of an organisation's table is under its own org=<ODS>/ prefix.
        assertThat(engine.execute(SqlScript.of("check", "SELECT DISTINCT \"$path\" FROM org_830_patients_" + SNAPSHOT)).rows())
                .isNotEmpty().allSatisfy(r -> assertThat((String) r.getFirst()).contains("/" + BUCKET + "/marts/org=830/snapshot=" + SNAPSHOT + "/patients/"));
        assertThat(engine.localPath(SqlValue.location(BUCKET, "marts/org=RFS/snapshot=" + SNAPSHOT + "/patients/"))).isNotEmptyDirectory();
    }

    // ---- snapshots ----

    @Test
    void aFailedRefreshLeavesThePreviousSnapshotPublishedAndTheNextOneSwitchesEveryView() {
        IcsConfig topOne = new IcsConfig(CONFIG.code(), CONFIG.name(), CONFIG.providers(), CONFIG.places(), CONFIG.careHomes(),
                CONFIG.disclosureControl(), 1, CONFIG.retentionDays(), CONFIG.agreements());
        RefreshPipeline pipeline = new RefreshPipeline(engine, topOne, BUCKET);
        pipeline.publish(snapshot);
        assertThat(value("SELECT activities FROM shared_totals_by_organisation WHERE organisation = 'TOTAL'")).isEqualTo(10L);
        assertThat(value("SELECT count(*) FROM org_830_patients")).isEqualTo(3L);
        assertThat(value("SELECT cost FROM org_rfs_patients WHERE person_id = 'p1'")).isEqualTo(new BigDecimal("13342.24"));
        assertThat(viewsReading()).hasSize(MartFiles.shared().size() + pipeline.organisationOutputs().size()).allSatisfy((view, table) ->
                assertThat(table).as(view).endsWith("_" + SNAPSHOT));

        // New data arrives: GP appointments the ICB sends for practice C81084 (42.00 each for a GP).
        insert("curated_gp", "person_id, gp_practice, delivering_provider, activity_id, appointment_date, pod, staff_role, provider, period",
                List.of("'p1', 'C81084', 'C81084', 'G1', DATE '2024-04-02', 'GPAPP', 'gp', 'QJ2', '2024-04'",
                        "'p2', 'C81084', 'C81084', 'G2', DATE '2024-04-02', 'GPAPP', 'gp', 'QJ2', '2024-04'",
                        "'p3', 'C81084', 'C81084', 'G3', DATE '2024-04-02', 'GPAPP', 'gp', 'QJ2', '2024-04'"));

        // A refresh whose last mart fails writes part of its snapshot and publishes none of it.
        List<MartDefinition> withBroken = new java.util.ArrayList<>(MartFiles.shared());
        withBroken.add(new MartDefinition("broken_mart", List.of("band"), List.of(), Optional.empty(), List.of(Measure.count("patients"))));
        RefreshPipeline failing = new RefreshPipeline(engine, new org.icsmap.sql.ReferenceTables(topOne, org.icsmap.domain.costing.UnitCosts.shipped(),
                org.icsmap.domain.reference.PostcodeLookup.shipped()), new DisclosureControl(topOne.disclosureControl()), BUCKET, withBroken,
                new OrganisationOutputs(topOne, BUCKET));
        // Two statements at a time, as the bench and a laptop run it: the failure still stops the refresh before publishing.
        assertThatThrownBy(() -> failing.refresh("t2", 2)).isInstanceOf(QueryEngine.QueryFailedException.class)
                .hasMessageStartingWith("marts/broken_mart.sql: ");
        assertThat(value("SELECT activities FROM totals_by_organisation_t2 WHERE organisation = 'TOTAL'")).isEqualTo(11L);
        assertThat(value("SELECT cost FROM org_rfs_patients WHERE person_id = 'p1'")).isEqualTo(new BigDecimal("13342.24"));
        assertThat(value("SELECT count(*) FROM org_qj2_patients")).isEqualTo(0L);
        assertThat(viewsReading()).allSatisfy((view, table) -> assertThat(table).as(view).endsWith("_" + SNAPSHOT));

        // The next refresh succeeds and every view switches to it (two statements at a time gives what one at a time gave).
        RefreshPipeline.Snapshot third = pipeline.refresh("t3", 2);
        assertThat(viewsReading()).hasSize(MartFiles.shared().size() + pipeline.organisationOutputs().size()).allSatisfy((view, table) ->
                assertThat(table).as(view).endsWith("_t3"));
        assertThat(third.statistics()).containsKeys("organisation QJ2 patients", "organisation QJ2 practice_top_n");
        assertThat(value("SELECT cost FROM org_rfs_patients WHERE person_id = 'p1'")).isEqualTo(new BigDecimal("13384.24"));
        assertThat(value("SELECT activities FROM totals_by_organisation_t3 WHERE organisation = 'TOTAL'")).isEqualTo(11L);
        assertThat(rows("SELECT person_id, own_activities, own_cost, gp_cost FROM org_qj2_patients")).containsOnlyKeys("p1", "p2", "p3")
                .containsEntry("p2", List.of(1L, new BigDecimal("42.00"), new BigDecimal("42.00")));
        // top_n 1: page 1 is the costliest patient of the practice, page 2 the next; the third is on neither.
        assertThat(rows("SELECT person_id, practice, rank, page, cost FROM org_qj2_practice_top_n")).isEqualTo(Map.of(
                "p1", List.of("C81084", 1L, 1L, new BigDecimal("13384.24")),
                "p2", List.of("C81084", 2L, 2L, new BigDecimal("3234.86"))));
    }

    /** Each published view (shared_*, org_*) and the one table it reads; a snapshot's own views (reference data, unsuppressed marts) are not published. */
    static Map<String, String> viewsReading() {
        Map<String, String> views = new java.util.TreeMap<>();
        for (List<Object> row : engine.execute(SqlScript.of("views", "SELECT table_name, view_definition FROM information_schema.views "
                + "WHERE table_schema = '" + engine.schema() + "' AND (table_name LIKE 'shared\\_%' ESCAPE '\\' OR table_name LIKE 'org\\_%' ESCAPE '\\')")).rows()) {
            java.util.regex.Matcher from = java.util.regex.Pattern.compile("(?i)FROM\\s+(?:\\S+\\.)?\"?([a-z0-9_]+)\"?").matcher((String) row.get(1));
            assertThat(from.find()).as((String) row.getFirst()).isTrue();
            views.put((String) row.getFirst(), from.group(1));
        }
        return views;
    }

    // ---- disclosure control on a hand-made mart ----

    static final MartDefinition HAND_MADE = new MartDefinition("dc_hand_made", List.of("area", "cell"), List.of("area"), Optional.of("cell"),
            List.of(Measure.published("label"), Measure.count("patients"), Measure.linked("cost", "patients"),
                    Measure.derived("cost_per_patient", "patients", "CAST(round(CAST(cost AS decimal(38, 6)) / patients, 2) AS decimal(18, 2))")));

    @Test
    void disclosureControlSuppressesRoundsAndProtectsEveryGroupTotal() {
        engine.execute(SqlScript.of("hand-made mart", """
                CREATE TABLE dc_hand_made_${snapshot_id}
                WITH (external_location = ${location}, format = 'PARQUET')
                AS SELECT CAST(area AS varchar) AS area, CAST(cell AS varchar) AS cell, CAST(label AS varchar) AS label,
                          CAST(patients AS bigint) AS patients, CAST(cost AS decimal(18, 2)) AS cost,
                          CAST(round(CAST(cost AS decimal(38, 6)) / nullif(patients, 0), 2) AS decimal(18, 2)) AS cost_per_patient
                FROM (VALUES
                    ('a', 'x', 'l', 3, 30.00), ('a', 'y', 'l', 20, 200.00), ('a', 'z', 'l', 12, 120.00), ('a', 'w', 'l', 0, 0.00),
                    ('a', 'TOTAL', 'l', 35, 350.00),
                    ('b', 'x', 'l', 5, 50.00), ('b', 'y', 'l', 0, 0.00), ('b', 'TOTAL', 'l', 5, 50.00),
                    ('c', 'x', 'l', 2, 20.00), ('c', 'y', 'l', 3, 30.00), ('c', 'z', 'l', 9, 90.00), ('c', 'TOTAL', 'l', 14, 140.00),
                    ('d', 'x', 'l', 4, 40.00), ('d', 'z', 'l', 30, 0.00), ('d', 'TOTAL', 'l', 34, 40.00),
                    ('e', 'x', 'l', 8, 80.00), ('e', 'y', 'l', 13, 130.00), ('e', 'TOTAL', 'l', 21, 210.00)
                ) AS t (area, cell, label, patients, cost)
                """).with("snapshot_id", SqlValue.identifier("h1")).with("location", SqlValue.location(BUCKET, "marts/snapshot=h1/dc_hand_made/")));
        DisclosureControl control = new DisclosureControl(CONFIG.disclosureControl());
        engine.execute(control.sharedMart(HAND_MADE, "h1", SqlValue.location(BUCKET, "marts/snapshot=h1/shared/dc_hand_made/")));
        Map<String, List<Object>> shared = rows("SELECT area || '/' || cell, label, patients, cost, cost_per_patient FROM shared_dc_hand_made_h1");
        Map<String, List<Object>> expected = new HashMap<>();
        // a: x is 3 (hidden); z, the smallest other non-zero cell, is hidden with it; w = 0 stays visible
        expected.put("a/x", java.util.Arrays.asList("l", null, null, null));
        expected.put("a/y", List.of("l", 20L, new BigDecimal("200.00"), new BigDecimal("10.00")));
        expected.put("a/z", java.util.Arrays.asList("l", null, null, null));
        expected.put("a/w", java.util.Arrays.asList("l", 0L, new BigDecimal("0.00"), null));
        expected.put("a/TOTAL", List.of("l", 35L, new BigDecimal("350.00"), new BigDecimal("10.00")));
        // b: the total is itself 5
        expected.put("b/x", java.util.Arrays.asList("l", null, null, null));
        expected.put("b/y", java.util.Arrays.asList("l", 0L, new BigDecimal("0.00"), null));
        expected.put("b/TOTAL", java.util.Arrays.asList("l", null, null, null));
        // c: two cells hidden already, nothing more; 9 -> 10, 14 -> 15 and cost per patient from the published count
        expected.put("c/x", java.util.Arrays.asList("l", null, null, null));
        expected.put("c/y", java.util.Arrays.asList("l", null, null, null));
        expected.put("c/z", List.of("l", 10L, new BigDecimal("90.00"), new BigDecimal("9.00")));
        expected.put("c/TOTAL", List.of("l", 15L, new BigDecimal("140.00"), new BigDecimal("9.33")));
        // d: one hidden cell and no other cell to hide (z is the only other, and is visible): z is hidden (30 > 7, non-zero)
        expected.put("d/x", java.util.Arrays.asList("l", null, null, null));
        expected.put("d/z", java.util.Arrays.asList("l", null, null, null));
        expected.put("d/TOTAL", List.of("l", 35L, new BigDecimal("40.00"), new BigDecimal("1.14")));
        // e: nothing small; 8 -> 10, 13 -> 15, 21 -> 20
        expected.put("e/x", List.of("l", 10L, new BigDecimal("80.00"), new BigDecimal("8.00")));
        expected.put("e/y", List.of("l", 15L, new BigDecimal("130.00"), new BigDecimal("8.67")));
        expected.put("e/TOTAL", List.of("l", 20L, new BigDecimal("210.00"), new BigDecimal("10.50")));
        assertThat(shared).isEqualTo(expected);
    }

    @Test
    void aGroupWhoseOnlyOtherCellsAreZeroHidesItsTotal() {
        engine.execute(SqlScript.of("hand-made mart", """
                CREATE TABLE dc_hand_made_${snapshot_id}
                WITH (external_location = ${location}, format = 'PARQUET')
                AS SELECT CAST(area AS varchar) AS area, CAST(cell AS varchar) AS cell, CAST('l' AS varchar) AS label,
                          CAST(patients AS bigint) AS patients, CAST(patients AS decimal(18, 2)) AS cost,
                          CAST(NULL AS decimal(18, 2)) AS cost_per_patient
                FROM (VALUES ('a', 'x', 6), ('a', 'y', 0), ('a', 'TOTAL', 9), ('b', 'x', 6), ('b', 'y', 0), ('b', 'TOTAL', 12),
                             ('b', 'z', 6)) AS t (area, cell, patients)
                """).with("snapshot_id", SqlValue.identifier("h2")).with("location", SqlValue.location(BUCKET, "marts/snapshot=h2/dc_hand_made/")));
        DisclosureControl control = new DisclosureControl(7, 5);
        engine.execute(control.sharedMart(HAND_MADE, "h2", SqlValue.location(BUCKET, "marts/snapshot=h2/shared/dc_hand_made/")));
        Map<String, List<Object>> shared = rows("SELECT area || '/' || cell, patients FROM shared_dc_hand_made_h2");
        assertThat(shared.get("a/TOTAL")).containsExactly((Object) null);
        assertThat(shared.get("b/TOTAL")).containsExactly(10L);
        assertThat(new DisclosureControl(11, 5).smallestVisibleCount()).isEqualTo(15);
        assertThat(new DisclosureControl(7, 5).smallestVisibleCount()).isEqualTo(10);
    }

    static void insert(String table, String columns, List<String> rows) {
        engine.execute(SqlScript.of("insert " + table, "INSERT INTO " + table + " (" + columns + ") VALUES (" + String.join("), (", rows) + ")"));
    }

    static Object value(String sql) {
        return engine.execute(SqlScript.of("check", sql)).onlyValue();
    }

    static Map<String, List<Object>> rows(String sql) {
        Map<String, List<Object>> out = new HashMap<>();
        for (List<Object> row : engine.execute(SqlScript.of("check", sql)).rows()) {
            out.put(String.valueOf(row.getFirst()), new java.util.ArrayList<>(row.subList(1, row.size())));
        }
        return out;
    }
}
