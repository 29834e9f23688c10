package org.icsmap.engine.ingest;

import org.icsmap.domain.ingest.IngestReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.reference.NationalPracticeList;
import org.junit.jupiter.api.Test;

/** The tally of dropped rows' costs, fed by the validator as IngestService feeds it, on a file in the provider's own column order. */
class DroppedCostsTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
    static final UnitCosts UNIT_COSTS = UnitCosts.parse(new ByteArrayInputStream("""
            feed,pod,code,unit,unit_cost,description
            ed,AE,VB03Z,attendance,350.00,emergency medicine: category 3 investigation with category 4 treatment
            """.getBytes(StandardCharsets.UTF_8)));

    static Map<String, String> ed(int id, String cost) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("nhs_number", "9434765919");
        row.put("date_of_birth", "1950-01-01");
        row.put("sex", "1");
        row.put("postcode", "S40 4TF");
        row.put("gp_practice", "C81084");
        row.put("provider", "RFS");
        row.put("activity_id", "RFS-ED-" + id);
        row.put("arrival_date", "2024-05-02");
        row.put("arrival_mode", "1");
        row.put("department_type", "01");
        row.put("pod", "AE");
        row.put("hrg", "VB03Z");
        row.put("primary_diagnosis", "S00.9");
        row.put("secondary_diagnoses", "W19X");
        row.put("presenting_complaint", "fall");
        row.put("cost", cost);
        return row;
    }

    static Map<String, String> with(Map<String, String> row, String column, String value) {
        row.put(column, value);
        return row;
    }

    /** The provider writes its columns in reverse canonical order (allowed: the header names them). */
    static String line(Map<String, String> row) {
        List<String> values = new ArrayList<>(row.values());
        Collections.reverse(values);
        return String.join(",", values);
    }

    @Test
    void eachDroppedRowIsCostedFromItsOwnColumnsAndWhatCannotBeReadIsCountedNotGuessed() throws Exception {
        List<String> header = new ArrayList<>(Feed.ED.definition().header());
        Collections.reverse(header);
        String text = String.join(",", header) + "\n"
                + line(ed(1, "")) + "\n"                                     // accepted: the reference cost, 350.00
                + line(ed(2, "100.1")) + "\n"                                // accepted: supplied, 100.10
                + line(ed(2, "100.1")) + "\n"                                // its exact duplicate: 100.10
                + line(with(ed(3, ""), "sex", "M")) + "\n"                   // quarantined SEX_INVALID: the cost is readable, 350.00
                + line(ed(4, "12.505")) + "\n"                                // quarantined: the cost is malformed, unknown
                + line(ed(5, "")) + ",EXTRA\n"                               // quarantined: a field too many, unknown
                + line(ed(5, "")) + ",EXTRA\n"                               // its duplicate: unknown too
                + line(with(ed(6, ""), "presenting_complaint", "\"unclosed")) + "\n" // quarantined: malformed quotes, unknown
                + line(with(ed(7, ""), "hrg", "VB99Z")) + "\n";              // accepted, but no reference unit cost: unknown
        ExtractValidator validator = new ExtractValidator(Feed.ED.definition(), "RFS", YearMonth.of(2024, 5), CONFIG,
                NationalPracticeList.shipped());
        DroppedCosts dropped = new DroppedCosts(Feed.ED.definition(), UNIT_COSTS);
        List<String> outcomes = new ArrayList<>();
        validator.validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new ExtractValidator.Sink() {
            @Override
            public void layout(ColumnLayout layout) {
                dropped.layout(layout);
            }

            @Override
            public void accept(ExtractRecord record, RowOutcome outcome) {
                switch (outcome) {
                    case AcceptedRow row -> {
                        outcomes.add("accepted");
                        dropped.optedOut(record); // as if every accepted row's patient had opted out
                    }
                    case RejectedRow row when row.reason() == ReasonCode.ROW_DUPLICATE -> {
                        outcomes.add(row.reason().name());
                        dropped.duplicate(record);
                    }
                    case RejectedRow row -> {
                        outcomes.add(row.reason().name());
                        dropped.quarantined(record);
                    }
                }
            }
        });
        assertThat(outcomes).containsExactly("accepted", "accepted", "ROW_DUPLICATE", "SEX_INVALID", "MONEY_INVALID", "ROW_COLUMN_COUNT",
                "ROW_DUPLICATE", "ROW_MALFORMED_QUOTES", "accepted");
        assertThat(dropped.costs()).isEqualTo(new IngestReport.Costs(new BigDecimal("450.10"), 1, new BigDecimal("350.00"), 3,
                new BigDecimal("100.10"), 1));
    }

    @Test
    void nothingDroppedCostsNothing() {
        DroppedCosts dropped = new DroppedCosts(Feed.ED.definition(), UNIT_COSTS);
        assertThat(dropped.costs()).isEqualTo(IngestReport.Costs.NONE);
        assertThat(dropped.costs().optedOut().scale()).isEqualTo(2);
    }
}
