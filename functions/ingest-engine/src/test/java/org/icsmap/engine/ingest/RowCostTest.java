package org.icsmap.engine.ingest;

import org.icsmap.domain.costing.RowCost;
import org.icsmap.domain.costing.UnitCosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.engine.ingest.AcceptedRow;
import org.icsmap.engine.ingest.RejectedRow;
import org.icsmap.engine.ingest.RowFailure;
import org.icsmap.engine.ingest.RowOutcome;
import org.icsmap.engine.ingest.RowValidator;
import org.icsmap.domain.reference.NationalPracticeList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The cost of one row as ingest reads it for the rows it drops: the refresh's costing rule, and "unknown" when a value it needs is unreadable. */
class RowCostTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
    static final YearMonth PERIOD = YearMonth.of(2024, 5);
    static final UnitCosts UNIT_COSTS = UnitCosts.parse(new ByteArrayInputStream("""
            feed,pod,code,unit,unit_cost,description
            apc,NEL,DZ11K,episode,3420.00,lobar or atypical pneumonia (non-elective)
            mental_health,MHCON,crisis,contact,256.00,crisis resolution and home treatment contact
            mental_health,MHIP,inpatient_adult,bed_day,486.00,adult acute mental health inpatient bed day
            community,COM,district_nursing,contact,52.00,district nursing contact
            """.getBytes(StandardCharsets.UTF_8)));

    static Map<String, String> apc() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("nhs_number", "9434765919");
        row.put("date_of_birth", "1950-01-01");
        row.put("sex", "2");
        row.put("postcode", "S40 4TF");
        row.put("gp_practice", "C81084");
        row.put("provider", "RFS");
        row.put("activity_id", "RFS-APC-000000001");
        row.put("spell_id", "RFS-SPELL-000000001");
        row.put("admission_date", "2024-05-01");
        row.put("discharge_date", "2024-05-10");
        row.put("episode_start_date", "2024-05-01");
        row.put("episode_end_date", "2024-05-10");
        row.put("admission_method", "21");
        row.put("pod", "NEL");
        row.put("hrg", "DZ11K");
        row.put("primary_diagnosis", "J18.9");
        row.put("secondary_diagnoses", "");
        row.put("bed_days", "9");
        row.put("cost", "");
        return row;
    }

    static Map<String, String> mentalHealthInpatient() {
        Map<String, String> row = person("RXM");
        row.put("activity_id", "RXM-MHS-000000001");
        row.put("record_type", "inpatient");
        row.put("start_date", "2024-05-01");
        row.put("end_date", "2024-05-12");
        row.put("service_code", "inpatient_adult");
        row.put("primary_diagnosis", "F20.9");
        row.put("bed_days", "12");
        row.put("pod", "MHIP");
        row.put("cost", "");
        return row;
    }

    static Map<String, String> socialCare() {
        Map<String, String> row = person("830");
        row.put("activity_id", "830-PKG-1");
        row.put("service_type", "home_care");
        row.put("care_home", "");
        row.put("service_start_date", "2024-05-01");
        row.put("service_end_date", "2024-05-31");
        row.put("weekly_cost", "812.50");
        row.put("pod", "ASCCOM");
        return row;
    }

    static Map<String, String> person(String provider) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("nhs_number", "9434765919");
        row.put("date_of_birth", "1950-01-01");
        row.put("sex", "2");
        row.put("postcode", "S40 4TF");
        row.put("gp_practice", "C81084");
        row.put("provider", provider);
        return row;
    }

    static Optional<BigDecimal> cost(Feed feed, Map<String, String> row) {
        assertThat(row.keySet()).containsExactlyElementsOf(feed.definition().header());
        return new RowCost(feed.definition(), UNIT_COSTS).of(row.values().toArray(String[]::new));
    }

    static Map<String, String> with(Map<String, String> row, String column, String value) {
        assertThat(row).containsKey(column);
        row.put(column, value);
        return row;
    }

    @Test
    void aSuppliedCostIsTheCostWhateverTheReferenceSays() {
        assertThat(cost(Feed.APC, with(apc(), "cost", "1234.5"))).contains(new BigDecimal("1234.50"));
        assertThat(cost(Feed.APC, with(apc(), "cost", " 17 "))).contains(new BigDecimal("17.00"));
        assertThat(cost(Feed.APC, with(apc(), "cost", "0"))).contains(new BigDecimal("0.00"));
        // Supplied, so no reference cost is needed: an unknown code does not matter.
        assertThat(cost(Feed.APC, with(with(apc(), "cost", "99.99"), "hrg", "ZZ99Z"))).contains(new BigDecimal("99.99"));
    }

    @Test
    void socialCareIsTheWeeklyCostProRataForItsDaysRoundedHalfUpToThePenny() {
        assertThat(cost(Feed.SOCIAL_CARE, socialCare())).contains(new BigDecimal("3598.21")); // 812.50 x 31 / 7 = 3598.214…
        Map<String, String> oneDay = with(socialCare(), "service_end_date", "2024-05-01");
        assertThat(cost(Feed.SOCIAL_CARE, with(oneDay, "weekly_cost", "100"))).contains(new BigDecimal("14.29")); // 14.2857…
        assertThat(cost(Feed.SOCIAL_CARE, with(oneDay, "weekly_cost", "0.03"))).contains(new BigDecimal("0.00")); // 0.0043…
        assertThat(cost(Feed.SOCIAL_CARE, with(oneDay, "weekly_cost", "0.04"))).contains(new BigDecimal("0.01")); // 0.0057…
        Map<String, String> twoDays = with(socialCare(), "service_end_date", "2024-05-02");
        assertThat(cost(Feed.SOCIAL_CARE, with(twoDays, "weekly_cost", "0.21"))).contains(new BigDecimal("0.06")); // 0.06 exactly
        assertThat(cost(Feed.SOCIAL_CARE, with(with(socialCare(), "service_end_date", "2024-05-07"), "weekly_cost", "0.01")))
                .contains(new BigDecimal("0.01")); // a whole week
    }

    @Test
    void socialCareRoundsExactlyAsTheSqlDoesInPence() {
        // activity.sql: (pence x days x 2 + 7) / 14 in whole numbers, i.e. half up.
        for (String weekly : new String[] {"0.01", "0.07", "1.00", "812.50", "1049.99", "123456.78"}) {
            for (int days = 1; days <= 31; days++) {
                long pence = new BigDecimal(weekly).movePointRight(2).longValueExact();
                BigDecimal sql = BigDecimal.valueOf((pence * days * 2 + 7) / 14, 2);
                Map<String, String> row = with(socialCare(), "weekly_cost", weekly);
                row.put("service_end_date", PERIOD.atDay(days).toString());
                assertThat(cost(Feed.SOCIAL_CARE, row)).as(weekly + " for " + days + " days").contains(sql);
            }
        }
    }

    @Test
    void aReferenceCostPerBedDayIsTimesTheBedDaysAndOtherwiseOnce() {
        assertThat(cost(Feed.MENTAL_HEALTH, mentalHealthInpatient())).contains(new BigDecimal("5832.00")); // 486 x 12
        assertThat(cost(Feed.MENTAL_HEALTH, with(mentalHealthInpatient(), "bed_days", "0"))).contains(new BigDecimal("0.00"));
        // A contact is priced once, whatever its bed days say, and needs no readable bed days.
        Map<String, String> contact = with(with(with(mentalHealthInpatient(), "pod", "MHCON"), "service_code", "crisis"), "record_type", "contact");
        assertThat(cost(Feed.MENTAL_HEALTH, with(contact, "bed_days", "0"))).contains(new BigDecimal("256.00"));
        assertThat(cost(Feed.MENTAL_HEALTH, with(contact, "bed_days", "lots"))).contains(new BigDecimal("256.00"));
        // An episode is priced once (apc's unit is the episode), whatever its length.
        assertThat(cost(Feed.APC, apc())).contains(new BigDecimal("3420.00"));
        assertThat(cost(Feed.APC, with(apc(), "bed_days", "x"))).contains(new BigDecimal("3420.00"));
        // Values are trimmed, as the validator trims them.
        assertThat(cost(Feed.COMMUNITY, community(" COM ", " district_nursing"))).contains(new BigDecimal("52.00"));
    }

    static Map<String, String> community(String pod, String service) {
        Map<String, String> row = person("RY8");
        row.put("activity_id", "RY8-COM-000000001");
        row.put("contact_date", "2024-05-02");
        row.put("service_code", service);
        row.put("contact_location", "home");
        row.put("contact_minutes", "30");
        row.put("pod", pod);
        row.put("cost", "");
        return row;
    }

    @Test
    void whatCannotBeReadIsUnknownNeverGuessed() {
        // A malformed supplied cost is not replaced by the reference cost.
        assertThat(cost(Feed.APC, with(apc(), "cost", "£1,234.50"))).isEmpty();
        assertThat(cost(Feed.APC, with(apc(), "cost", "-12.00"))).isEmpty();
        assertThat(cost(Feed.APC, with(apc(), "cost", "12.345"))).isEmpty();
        // No reference unit cost for the point of delivery and code (the refresh would count it at £0 as uncosted).
        assertThat(cost(Feed.APC, with(apc(), "hrg", "ZZ99Z"))).isEmpty();
        assertThat(cost(Feed.APC, with(apc(), "pod", "XX"))).isEmpty();
        assertThat(cost(Feed.APC, with(apc(), "pod", ""))).isEmpty();
        // Per bed day, with bed days that are not a whole number in the column's range.
        for (String days : new String[] {"", "twelve", "12.5", "-1", "32", "1234567890"}) {
            assertThat(cost(Feed.MENTAL_HEALTH, with(mentalHealthInpatient(), "bed_days", days))).as(days).isEmpty();
        }
        // Social care: the weekly cost or either date unreadable, or a service that ends before it starts.
        assertThat(cost(Feed.SOCIAL_CARE, with(socialCare(), "weekly_cost", "812,50"))).isEmpty();
        assertThat(cost(Feed.SOCIAL_CARE, with(socialCare(), "weekly_cost", ""))).isEmpty();
        assertThat(cost(Feed.SOCIAL_CARE, with(socialCare(), "service_start_date", "2024-04-31"))).isEmpty();
        assertThat(cost(Feed.SOCIAL_CARE, with(socialCare(), "service_end_date", "31/05/2024"))).isEmpty();
        assertThat(cost(Feed.SOCIAL_CARE, with(socialCare(), "service_end_date", "2024-04-30"))).isEmpty();
    }

    @Test
    void theOptOutListHasNoCostAndARowMustHaveTheFeedsWidth() {
        assertThatThrownBy(() -> new RowCost(Feed.OPT_OUT.definition(), UNIT_COSTS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RowCost(Feed.APC.definition(), UNIT_COSTS).of(new String[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyActivityFeedHasTheColumnsCostingReads() {
        for (Feed feed : Feed.values()) {
            if (feed != Feed.OPT_OUT) {
                FeedDefinition definition = feed.definition();
                assertThat(definition.indexOf(RowCost.codeColumn(feed))).as(feed.id()).isNotNegative();
                new RowCost(definition, UNIT_COSTS);
            }
        }
    }

    // ---- the readers agree with the validator: a value costing reads is one the validator accepts, as the same amount ----

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "1.5", "1.50", "0.01", "1234567890123456", "1234567890123456.78", "12345678901234567", " 7 ",
            "1.", ".5", "1.234", "-1", "+1", "1e3", "1,000", "£5", "1 000", "", "0x10", "٣", "1.5.0"})
    void moneyIsReadAsTheValidatorReadsIt(String text) {
        Map<String, String> row = with(apc(), "cost", text);
        Optional<BigDecimal> cost = cost(Feed.APC, row);
        RowOutcome outcome = validate(Feed.APC, "RFS", row);
        boolean costValid = failedColumns(outcome).noneMatch("cost"::equals);
        if (text.isBlank()) {
            assertThat(cost).contains(new BigDecimal("3420.00")); // empty: the reference cost
        } else if (costValid) {
            assertThat(outcome).isInstanceOf(AcceptedRow.class);
            assertThat(cost).contains((BigDecimal) ((AcceptedRow) outcome).value(Feed.APC.definition().indexOf("cost")));
        } else {
            assertThat(cost).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"2024-05-01", "2024-02-29", "2023-02-29", "2024-04-31", "2024-13-01", "2024-5-01", "2024/05/01",
            "0000-05-01", " 2024-05-02 ", "2024-05-0x", "24-05-01"})
    void datesAreReadAsTheValidatorReadsThem(String text) {
        Map<String, String> row = with(socialCare(), "service_start_date", text);
        row.put("service_end_date", "2024-05-31");
        boolean readable = cost(Feed.SOCIAL_CARE, row).isPresent();
        boolean valid = failedColumns(validate(Feed.SOCIAL_CARE, "830", row)).noneMatch(c -> c.equals("service_start_date"));
        // The validator also wants the date inside the period; a real date outside it is still a date costing can count from.
        boolean outsidePeriod = validReasons(validate(Feed.SOCIAL_CARE, "830", row)).contains("service_start_date:DATE_OUTSIDE_PERIOD");
        assertThat(readable).as(text).isEqualTo(valid || outsidePeriod);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "12", "31", "32", "-1", "1.0", "", " 5 ", "x", "0012"})
    void bedDaysAreReadAsTheValidatorReadsThem(String text) {
        Map<String, String> row = with(mentalHealthInpatient(), "bed_days", text);
        boolean readable = cost(Feed.MENTAL_HEALTH, row).isPresent();
        boolean valid = failedColumns(validate(Feed.MENTAL_HEALTH, "RXM", row)).noneMatch("bed_days"::equals);
        assertThat(readable).as(text).isEqualTo(valid);
    }

    static RowOutcome validate(Feed feed, String provider, Map<String, String> row) {
        return new RowValidator(feed.definition(), provider, PERIOD, CONFIG, NationalPracticeList.shipped())
                .validate(row.values().toArray(String[]::new));
    }

    static java.util.stream.Stream<String> failedColumns(RowOutcome outcome) {
        return outcome instanceof RejectedRow rejected ? rejected.failures().stream().map(RowFailure::column) : java.util.stream.Stream.empty();
    }

    static java.util.List<String> validReasons(RowOutcome outcome) {
        return outcome instanceof RejectedRow rejected ? rejected.failures().stream().map(f -> f.column() + ":" + f.reason()).toList()
                : java.util.List.of();
    }
}
