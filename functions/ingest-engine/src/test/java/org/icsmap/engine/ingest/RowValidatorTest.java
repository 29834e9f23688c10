package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.reference.NationalPracticeList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowValidatorTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
    static final YearMonth PERIOD = YearMonth.of(2024, 5);

    /** A valid APC row, by canonical column name. */
    static Map<String, String> apc() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("nhs_number", "943 476 5919");
        row.put("date_of_birth", "1950-01-01");
        row.put("sex", "2");
        row.put("postcode", "s404tf");
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
        row.put("secondary_diagnoses", "I50.0;E11.6");
        row.put("bed_days", "9");
        row.put("cost", "1234.5");
        return row;
    }

    static RowOutcome validate(Feed feed, String provider, Map<String, String> row) {
        FeedDefinition definition = feed.definition();
        assertThat(row.keySet()).containsExactlyElementsOf(definition.header());
        RowValidator validator = new RowValidator(definition, provider, PERIOD, CONFIG, NationalPracticeList.shipped());
        return validator.validate(row.values().toArray(String[]::new));
    }

    static RowOutcome apcWith(String column, String value) {
        Map<String, String> row = apc();
        row.put(column, value);
        return validate(Feed.APC, "RFS", row);
    }

    static AcceptedRow accepted(RowOutcome outcome) {
        assertThat(outcome).isInstanceOf(AcceptedRow.class);
        return (AcceptedRow) outcome;
    }

    static RejectedRow rejected(RowOutcome outcome) {
        assertThat(outcome).isInstanceOf(RejectedRow.class);
        return (RejectedRow) outcome;
    }

    @Test
    void aValidRowHasTypedValues() {
        AcceptedRow row = accepted(validate(Feed.APC, "RFS", apc()));
        FeedDefinition apc = Feed.APC.definition();
        assertThat(row.flags()).isEmpty();
        assertThat(row.value(apc.indexOf("nhs_number"))).isEqualTo("9434765919");
        assertThat(row.value(apc.indexOf("date_of_birth"))).isEqualTo(LocalDate.of(1950, 1, 1));
        assertThat(row.value(apc.indexOf("postcode"))).isEqualTo("S40 4TF");
        assertThat(row.value(apc.indexOf("episode_end_date"))).isEqualTo(LocalDate.of(2024, 5, 10));
        assertThat(row.value(apc.indexOf("bed_days"))).isEqualTo(9);
        assertThat(row.value(apc.indexOf("cost"))).isEqualTo(new BigDecimal("1234.50"));
        assertThat(((BigDecimal) row.value(apc.indexOf("cost"))).scale()).isEqualTo(2);
    }

    @Test
    void aValidRowsValuesAreHeldTyped() {
        AcceptedRow row = accepted(validate(Feed.APC, "RFS", apc()));
        FeedDefinition apc = Feed.APC.definition();
        int nhs = apc.indexOf("nhs_number");
        assertThat(row.shape(nhs)).isEqualTo(AcceptedRow.Shape.SLICE);
        assertThat(new String(row.chars(nhs), row.start(nhs), row.end(nhs) - row.start(nhs))).isEqualTo("9434765919");
        int born = apc.indexOf("date_of_birth");
        assertThat(row.number(born)).isEqualTo(LocalDate.of(1950, 1, 1).toEpochDay());
        assertThat(row.ymd(born)).isEqualTo(1950_01_01);
        assertThat(row.number(apc.indexOf("cost"))).isEqualTo(123_450L); // pence
        assertThat(row.number(apc.indexOf("bed_days"))).isEqualTo(9L);
        assertThat(row.shape(apc.indexOf("pod"))).isEqualTo(AcceptedRow.Shape.TEXT);
        assertThat(row.text(apc.indexOf("pod"))).isEqualTo("NEL");
        int activity = apc.indexOf("activity_id");
        assertThat(row.shape(activity)).isEqualTo(AcceptedRow.Shape.SLICE);
        assertThat(row.text(activity)).isEqualTo(apc().get("activity_id"));
    }

    @Test
    void aStandardisedNhsNumberIsTheTenDigits() {
        AcceptedRow row = accepted(apcWith("nhs_number", " 943-476 5919 "));
        int nhs = Feed.APC.definition().indexOf("nhs_number");
        assertThat(row.end(nhs) - row.start(nhs)).isEqualTo(10);
        assertThat(row.value(nhs)).isEqualTo("9434765919");
    }

    @Test
    void aRowFilledInPlaceIsReusedAndItsCopyIsNot() {
        FeedDefinition definition = Feed.APC.definition();
        RowValidator validator = new RowValidator(definition, "RFS", PERIOD, CONFIG, NationalPracticeList.shipped());
        AcceptedRow reused = validator.newRow();
        Map<String, String> first = apc();
        Map<String, String> second = apc();
        second.put("cost", "");
        second.put("nhs_number", "");
        AcceptedRow kept = accepted(validator.validate(chars(first), starts(first), ends(first), reused)).copy();
        assertThat(validator.validate(chars(second), starts(second), ends(second), reused)).isSameAs(reused);
        int cost = definition.indexOf("cost");
        assertThat(reused.present(cost)).isFalse();
        assertThat(reused.flags()).containsExactly(ReasonCode.NHS_NUMBER_MISSING);
        assertThat(kept.value(cost)).isEqualTo(new BigDecimal("1234.50"));
        assertThat(kept.value(definition.indexOf("nhs_number"))).isEqualTo("9434765919");
        assertThat(kept.values()).hasSize(definition.columns().size());
        assertThat(kept.toString()).doesNotContain("9434765919");
    }

    private static char[] chars(Map<String, String> row) {
        return String.join("", row.values()).toCharArray();
    }

    private static int[] starts(Map<String, String> row) {
        int[] starts = new int[row.size()];
        int at = 0;
        int i = 0;
        for (String value : row.values()) {
            starts[i++] = at;
            at += value.length();
        }
        return starts;
    }

    private static int[] ends(Map<String, String> row) {
        int[] ends = new int[row.size()];
        int at = 0;
        int i = 0;
        for (String value : row.values()) {
            at += value.length();
            ends[i++] = at;
        }
        return ends;
    }

    @Test
    void everyDateIsCountedInDaysAsLocalDateCountsThem() {
        FeedDefinition definition = Feed.APC.definition();
        RowValidator validator = new RowValidator(definition, "RFS", PERIOD, CONFIG, NationalPracticeList.shipped());
        int born = definition.indexOf("date_of_birth");
        Map<String, String> row = apc();
        for (LocalDate date = LocalDate.of(1909, 6, 1); date.isBefore(LocalDate.of(2024, 5, 11)); date = date.plusDays(1)) {
            row.put("date_of_birth", date.toString());
            AcceptedRow accepted = accepted(validator.validate(row.values().toArray(String[]::new)));
            assertThat(accepted.number(born)).as("%s", date).isEqualTo(date.toEpochDay());
        }
        for (LocalDate date = LocalDate.of(1, 1, 1); date.getYear() < 10_000; date = date.plusDays(5)) {
            int key = date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
            assertThat(RowValidator.epochDayOf(key)).as("%s", date).isEqualTo(date.toEpochDay());
        }
        assertThat(RowValidator.epochDayOf(2023_02_29)).isEqualTo(Long.MIN_VALUE);
        assertThat(RowValidator.epochDayOf(2024_04_31)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aDateOfBirthIsCheckedAgainstLeapDaysAsLocalDateWouldBe() {
        assertThat(RowValidator.yearsBefore(2024_02_29, 115)).isEqualTo(1909_02_28);
        assertThat(RowValidator.yearsBefore(2024_02_29, 116)).isEqualTo(1908_02_29);
        assertThat(RowValidator.yearsBefore(2024_05_31, 115)).isEqualTo(1909_05_31);
    }

    @Test
    void missingOrInvalidNhsNumbersAreFlaggedAndCleared() {
        AcceptedRow missing = accepted(apcWith("nhs_number", ""));
        assertThat(missing.flags()).containsExactly(ReasonCode.NHS_NUMBER_MISSING);
        assertThat(missing.value(0)).isNull();
        AcceptedRow invalid = accepted(apcWith("nhs_number", "9434765918"));
        assertThat(invalid.flags()).containsExactly(ReasonCode.NHS_NUMBER_INVALID);
        assertThat(invalid.value(0)).isNull();
        assertThat(accepted(apcWith("nhs_number", "943476591")).flags()).containsExactly(ReasonCode.NHS_NUMBER_INVALID);
        assertThat(accepted(apcWith("nhs_number", "943-476-5919")).flags()).isEmpty();
    }

    @ParameterizedTest(name = "{0} = ''{1}'' -> {2}")
    @CsvSource(delimiter = ';', value = {
            "date_of_birth; ''; REQUIRED_MISSING",
            "date_of_birth; 1950-02-30; DATE_OF_BIRTH_INVALID",
            "date_of_birth; 01/01/1950; DATE_OF_BIRTH_INVALID",
            "date_of_birth; 2024-05-11; DATE_OF_BIRTH_INVALID",
            "date_of_birth; 1909-05-09; DATE_OF_BIRTH_INVALID",
            "sex; M; SEX_INVALID",
            "sex; ''; REQUIRED_MISSING",
            "postcode; XYZ 123; POSTCODE_INVALID",
            "postcode; S40  4TF; POSTCODE_INVALID",
            "gp_practice; Z99999; GP_PRACTICE_UNKNOWN",
            "gp_practice; Y9999X; GP_PRACTICE_UNKNOWN",
            "provider; XXX; ORGANISATION_UNKNOWN",
            "provider; RTG; ORGANISATION_UNKNOWN",
            "provider; ''; REQUIRED_MISSING",
            "activity_id; é1; ACTIVITY_ID_INVALID",
            "activity_id; AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; ACTIVITY_ID_INVALID",
            "spell_id; '   '; REQUIRED_MISSING",
            "admission_date; 2024-13-01; DATE_INVALID",
            "admission_date; 2024-5-1; DATE_INVALID",
            "discharge_date; 2024-04-30; DATE_ORDER_INVALID",
            "episode_start_date; 2024-04-30; DATE_ORDER_INVALID",
            "episode_end_date; 2024-06-01; DATE_OUTSIDE_PERIOD",
            "episode_end_date; 2024-05-32; DATE_INVALID",
            "episode_end_date; ''; REQUIRED_MISSING",
            "admission_method; 99; CODE_INVALID",
            "pod; nel; CODE_INVALID",
            "hrg; DZ11; HRG_INVALID",
            "primary_diagnosis; J18.9X1Y; DIAGNOSIS_INVALID",
            "secondary_diagnoses; I50.0,E11.6; DIAGNOSIS_INVALID",
            "bed_days; -1; NUMBER_INVALID",
            "bed_days; 3661; NUMBER_INVALID",
            "bed_days; 9.0; NUMBER_INVALID",
            "bed_days; nine; NUMBER_INVALID",
            "bed_days; 99999999999; NUMBER_INVALID",
            "cost; £12.00; MONEY_INVALID",
            "cost; '1,234.56'; MONEY_INVALID",
            "cost; -5; MONEY_INVALID",
            "cost; 12.345; MONEY_INVALID",
            "cost; 1e3; MONEY_INVALID",
            "cost; .5; MONEY_INVALID",
            "cost; 5.; MONEY_INVALID",
            "cost; 12345678901234567; MONEY_INVALID",
    })
    void eachRuleHasItsReasonCode(String column, String value, ReasonCode reason) {
        RejectedRow row = rejected(apcWith(column, value));
        assertThat(row.reason()).isEqualTo(reason);
        assertThat(row.failures().getFirst().column()).isEqualTo(column);
        assertThat(row.toString()).doesNotContain("9434765919", "943 476 5919", "1950-01-01", "S40", "s404tf");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"cost; 0", "cost; 12", "cost; 0.07", "bed_days; 0", "bed_days; 3660", "postcode; S404TF",
            "postcode; ' S40 4TF '", "gp_practice; ''", "gp_practice; C81018", "discharge_date; ''", "date_of_birth; 2024-05-10",
            "date_of_birth; 1909-05-10", "secondary_diagnoses; W19X", "primary_diagnosis; R55"})
    void valuesAtTheEdgesPass(String column, String value) {
        accepted(apcWith(column, value));
    }

    @Test
    void aClosedPracticeIsStillAKnownPractice() {
        // A81003 (Victoria Medical Practice, Hartlepool) closed in 2017; older activity can still name it.
        accepted(apcWith("gp_practice", "A81003"));
    }

    @Test
    void theProviderColumnMustBeTheSubmittingProvider() {
        RejectedRow row = rejected(apcWith("provider", "RTG"));
        assertThat(row.failures().getFirst().note()).contains("not the submitting provider RFS");
        assertThat(rejected(apcWith("provider", "XXX")).failures().getFirst().note()).isNull();
    }

    @Test
    void theFirstFailingColumnInCanonicalOrderIsThePrimaryReasonAndAllAreKept() {
        Map<String, String> row = apc();
        row.put("hrg", "bad");
        row.put("sex", "M");
        row.put("episode_end_date", "2024-04-30"); // outside the period and before its start
        RejectedRow rejected = rejected(validate(Feed.APC, "RFS", row));
        assertThat(rejected.reason()).isEqualTo(ReasonCode.SEX_INVALID);
        assertThat(rejected.failures()).extracting(RowFailure::reason, RowFailure::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ReasonCode.SEX_INVALID, "sex"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.DATE_OUTSIDE_PERIOD, "episode_end_date"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.DATE_ORDER_INVALID, "episode_end_date"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.HRG_INVALID, "hrg"));
    }

    @Test
    void anImpossiblePeriodDateIsBlamedOnceNotAlsoOnTheDateOfBirth() {
        Map<String, String> row = apc();
        row.put("episode_end_date", "2024-05-32");
        row.put("date_of_birth", "2024-05-20");
        RejectedRow rejected = rejected(validate(Feed.APC, "RFS", row));
        assertThat(rejected.failures()).extracting(RowFailure::reason).containsExactly(ReasonCode.DATE_INVALID);
    }

    /** A valid ED row. */
    static Map<String, String> ed(String complaint) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("nhs_number", "9434765919");
        row.put("date_of_birth", "1950-01-01");
        row.put("sex", "1");
        row.put("postcode", "S40 4TF");
        row.put("gp_practice", "C81084");
        row.put("provider", "RFS");
        row.put("activity_id", "RFS-ED-1");
        row.put("arrival_date", "2024-05-02");
        row.put("arrival_mode", "1");
        row.put("department_type", "01");
        row.put("pod", "AE");
        row.put("hrg", "VB03Z");
        row.put("primary_diagnosis", "S00.9");
        row.put("secondary_diagnoses", "W19X");
        row.put("presenting_complaint", complaint);
        row.put("cost", "");
        return row;
    }

    @Test
    void freeTextIsCheckedThenDropped() {
        int complaint = Feed.ED.definition().indexOf("presenting_complaint");
        for (String text : new String[] {"=cmd|' /C calc'!A0", "=HYPERLINK(\"x\")", "pain after fall\nleft wrist", "tab\there",
                "😀".repeat(500), "+1-1", "@SUM(A1)"}) {
            AcceptedRow row = accepted(validate(Feed.ED, "RFS", ed(text)));
            assertThat(row.value(complaint)).as(text).isNull();
        }
        for (String text : new String[] {"bell\u0007", "x".repeat(501), "nul\u0000", "esc\u001b[31m"}) {
            RejectedRow row = rejected(validate(Feed.ED, "RFS", ed(text)));
            assertThat(row.reason()).isEqualTo(ReasonCode.TEXT_INVALID);
            assertThat(row.toString()).doesNotContain(text);
        }
    }

    @Test
    void gpAppointmentsAreSentForManyPracticesSoTheProviderIsAnyKnownPractice() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("nhs_number", "9434765919");
        row.put("date_of_birth", "1950-01-01");
        row.put("sex", "X");
        row.put("postcode", "S40 4TF");
        row.put("gp_practice", "C81084");
        row.put("provider", "C81084");
        row.put("activity_id", "C81084-GP-1");
        row.put("appointment_date", "2024-05-02");
        row.put("appointment_mode", "telephone");
        row.put("staff_role", "nurse");
        row.put("duration_minutes", "10");
        row.put("pod", "GPAPP");
        row.put("cost", "");
        accepted(validate(Feed.GP, "QJ2", row));
        row.put("provider", "RFS");
        assertThat(rejected(validate(Feed.GP, "QJ2", row)).reason()).isEqualTo(ReasonCode.GP_PRACTICE_UNKNOWN);
    }

    @Test
    void theOptOutListNeedsAValidNumber() {
        assertThat(accepted(validate(Feed.OPT_OUT, "QJ2", Map.of("nhs_number", "943 476 5919"))).value(0)).isEqualTo("9434765919");
        assertThat(rejected(validate(Feed.OPT_OUT, "QJ2", Map.of("nhs_number", "9434765918"))).reason())
                .isEqualTo(ReasonCode.NHS_NUMBER_INVALID);
        assertThat(rejected(validate(Feed.OPT_OUT, "QJ2", Map.of("nhs_number", ""))).reason()).isEqualTo(ReasonCode.REQUIRED_MISSING);
    }

    static Map<String, String> socialCare(String serviceType, String careHome) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("nhs_number", "9434765919");
        row.put("date_of_birth", "1930-01-01");
        row.put("sex", "2");
        row.put("postcode", "DE1 1AA");
        row.put("gp_practice", "C81084");
        row.put("provider", "830");
        row.put("activity_id", "830-PKG-1");
        row.put("service_type", serviceType);
        row.put("care_home", careHome);
        row.put("service_start_date", "2024-05-01");
        row.put("service_end_date", "2024-05-31");
        row.put("weekly_cost", "850.00");
        row.put("pod", careHome.isEmpty() ? "ASCCOM" : "ASCRES");
        return row;
    }

    @Test
    void careHomePlacementsNeedTheirCareHome() {
        accepted(validate(Feed.SOCIAL_CARE, "830", socialCare("residential_care", "1-991234567")));
        accepted(validate(Feed.SOCIAL_CARE, "830", socialCare("home_care", "")));
        RejectedRow missing = rejected(validate(Feed.SOCIAL_CARE, "830", socialCare("nursing_care", "")));
        assertThat(missing.reason()).isEqualTo(ReasonCode.REQUIRED_MISSING);
        assertThat(missing.failures().getFirst().column()).isEqualTo("care_home");
        assertThat(missing.failures().getFirst().note()).contains("residential_care and nursing_care");
        assertThat(rejected(validate(Feed.SOCIAL_CARE, "830", socialCare("nursing_care", "1-12"))).reason()).isEqualTo(ReasonCode.CODE_INVALID);
        Map<String, String> noCost = socialCare("home_care", "");
        noCost.put("weekly_cost", "");
        assertThat(rejected(validate(Feed.SOCIAL_CARE, "830", noCost)).reason()).isEqualTo(ReasonCode.REQUIRED_MISSING);
    }

    @Test
    void otherOrganisationColumnsAreAnyOrganisationOfTheIcs() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("nhs_number", "9434765919");
        row.put("date_of_birth", "1950-01-01");
        row.put("sex", "1");
        row.put("postcode", "S40 4TF");
        row.put("gp_practice", "C81084");
        row.put("provider", "RX9");
        row.put("activity_id", "RX9-AMB-1");
        row.put("incident_date", "2024-05-02");
        row.put("call_category", "2");
        row.put("outcome", "see_and_convey");
        row.put("conveyed_to", "RHQ");
        row.put("pod", "AMBSC");
        row.put("cost", "");
        accepted(validate(Feed.AMBULANCE, "RX9", row));
        row.put("conveyed_to", "ZZZ");
        assertThat(rejected(validate(Feed.AMBULANCE, "RX9", row)).reason()).isEqualTo(ReasonCode.ORGANISATION_UNKNOWN);
    }

    @Test
    void parsers() {
        assertThat(RowValidator.parseDate("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(RowValidator.parseDate("2023-02-29")).isNull();
        assertThat(RowValidator.parseDate("0000-01-01")).isNull();
        assertThat(RowValidator.parseDate("2024-04-31")).isNull();
        assertThat(RowValidator.parseDate("2024-0a-01")).isNull();
        assertThat(RowValidator.parseMoney("0.5")).isEqualTo(new BigDecimal("0.50"));
        assertThat(RowValidator.parseMoney("9999999999999999.99")).isEqualTo(new BigDecimal("9999999999999999.99"));
        assertThat(RowValidator.parseWholeNumber("-12")).isEqualTo(-12);
        assertThat(RowValidator.parseWholeNumber("+12")).isEqualTo(Long.MIN_VALUE);
    }
}
