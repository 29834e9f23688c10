package org.icsmap.domain.feed;

import static org.icsmap.domain.feed.ColumnType.DATE;
import static org.icsmap.domain.feed.ColumnType.INTEGER;
import static org.icsmap.domain.feed.ColumnType.MONEY;
import static org.icsmap.domain.feed.ColumnType.STRING;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The canonical feeds, defined once. Codes follow the NHS Data Dictionary where one exists; where it
 * has none (community service, social care service type) the code list is icsmap's own and says so
 * in docs/feeds.md.
 */
final class FeedDefinitions {

    /** Well-formed UK postcode (with or without the space), case-insensitive. */
    static final Pattern POSTCODE = Pattern.compile(
            "(?i)(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW]) ?[0-9][ABD-HJLNP-UW-Z]{2})");
    static final Pattern ICD10 = Pattern.compile("[A-Z][0-9]{2}(\\.?[0-9A-Z]{1,3})?");
    static final Pattern ICD10_LIST = Pattern.compile("[A-Z][0-9]{2}(\\.?[0-9A-Z]{1,3})?(;[A-Z][0-9]{2}(\\.?[0-9A-Z]{1,3})?){0,19}");
    static final Pattern HRG = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z]");
    static final Pattern TREATMENT_FUNCTION = Pattern.compile("[0-9]{3}");
    static final Pattern CQC_LOCATION = Pattern.compile("1-[0-9]{6,11}");

    private static final int DEFAULT_MAX_LINE = 64 * 1024;
    private static final Map<Feed, FeedDefinition> DEFINITIONS = new EnumMap<>(Feed.class);

    static {
        define(Feed.APC, "Admitted patient care", "one finished consultant episode", "episode_end_date",
                ActivityDefinition.costedBy("hrg").withBedDays("bed_days").withDiagnoses("primary_diagnosis", "secondary_diagnoses")
                        .withSuppliedCost(plics()).asAcute(), columns(
                person(),
                provider(),
                id("activity_id", "Episode identifier, unique within the provider"),
                id("spell_id", "Hospital provider spell number: episodes of one stay share it"),
                date("admission_date", false, null, "Start of the spell"),
                optionalDate("discharge_date", "admission_date", "End of the spell; empty while the patient is still in hospital"),
                date("episode_start_date", false, "admission_date", "Start of the episode"),
                date("episode_end_date", true, "episode_start_date", "End of the episode: the episode belongs to the month it ends in"),
                codes("admission_method", true, ReasonCode.CODE_INVALID, "Admission method (NHS Data Dictionary)", codeList(
                        "11", "elective: waiting list", "12", "elective: booked", "13", "elective: planned",
                        "21", "emergency: A&E", "22", "emergency: GP", "23", "emergency: bed bureau",
                        "24", "emergency: consultant clinic", "25", "emergency: mental health crisis team",
                        "2A", "emergency: A&E of another provider", "2B", "emergency: transfer", "2D", "emergency: other",
                        "28", "emergency: other means", "31", "maternity: ante-partum", "32", "maternity: post-partum",
                        "81", "transfer from another provider", "82", "birth in this provider", "83", "birth elsewhere")),
                codes("pod", true, ReasonCode.CODE_INVALID, "Point of delivery", codeList(
                        "EL", "elective inpatient", "NEL", "non-elective inpatient", "DC", "day case", "RDA", "regular day admission")),
                hrg(true),
                diagnosis("primary_diagnosis", true, "Primary diagnosis (ICD-10)"),
                diagnoses(),
                number("bed_days", true, 0, 3660, "Days from episode start to end (0 for a day case)"),
                cost()));

        define(Feed.OP, "Outpatient attendances", "one outpatient appointment", "appointment_date",
                ActivityDefinition.costedBy("hrg").withDiagnoses("primary_diagnosis").withSuppliedCost(plics()), columns(
                person(),
                provider(),
                id("activity_id", "Attendance identifier, unique within the provider"),
                date("appointment_date", true, null, "Date of the appointment"),
                pattern("treatment_function", true, TREATMENT_FUNCTION, ReasonCode.CODE_INVALID, "3 digits",
                        "Treatment function code (NHS Data Dictionary), e.g. 100 general surgery, 300 general medicine"),
                codes("first_attendance", true, ReasonCode.CODE_INVALID, "First or follow-up (NHS Data Dictionary)", codeList(
                        "1", "first attendance, face to face", "2", "follow-up, face to face",
                        "3", "first attendance, telephone or video", "4", "follow-up, telephone or video")),
                codes("attendance_status", true, ReasonCode.CODE_INVALID, "Attended or did not attend (NHS Data Dictionary)", codeList(
                        "5", "attended on time", "6", "arrived late, seen", "7", "arrived late, not seen",
                        "2", "cancelled by the patient", "3", "did not attend", "4", "cancelled by the provider")),
                codes("pod", true, ReasonCode.CODE_INVALID, "Point of delivery", codeList(
                        "OPFA", "first attendance", "OPFUP", "follow-up attendance", "OPPROC", "outpatient procedure")),
                hrg(true),
                diagnosis("primary_diagnosis", false, "Primary diagnosis (ICD-10), where recorded"),
                cost()));

        define(Feed.ED, "Emergency care attendances", "one emergency department attendance", "arrival_date",
                ActivityDefinition.costedBy("hrg").withDiagnoses("primary_diagnosis", "secondary_diagnoses").withSuppliedCost(plics())
                        .asAcute().asEmergencyDepartment(), columns(
                person(),
                provider(),
                id("activity_id", "Attendance identifier, unique within the provider"),
                date("arrival_date", true, null, "Date of arrival"),
                codes("arrival_mode", true, ReasonCode.CODE_INVALID, "How the patient arrived", codeList(
                        "1", "ambulance", "2", "other")),
                codes("department_type", true, ReasonCode.CODE_INVALID, "Emergency care department type (NHS Data Dictionary)", codeList(
                        "01", "consultant-led 24-hour major A&E", "02", "consultant-led single specialty",
                        "03", "other type of A&E, e.g. minor injury unit", "04", "NHS walk-in centre")),
                codes("pod", true, ReasonCode.CODE_INVALID, "Point of delivery", codeList("AE", "emergency attendance")),
                hrg(true),
                diagnosis("primary_diagnosis", true, "Primary diagnosis (ICD-10; falls are W00-W19, urinary tract infection N39.0)"),
                diagnoses(),
                new Column("presenting_complaint", STRING, false, "free text", new Rule.FreeText(500), Handling.DROP,
                        "Presenting complaint as typed at triage: never stored"),
                cost()));

        define(Feed.COMMUNITY, "Community contacts", "one community care contact", "contact_date",
                ActivityDefinition.costedBy("service_code").withSuppliedCost(plics()), columns(
                person(),
                provider(),
                id("activity_id", "Contact identifier, unique within the provider"),
                date("contact_date", true, null, "Date of the contact"),
                codes("service_code", true, ReasonCode.CODE_INVALID, "Community service (icsmap's list)", codeList(
                        "district_nursing", "district nursing", "community_matron", "community matron",
                        "physiotherapy", "physiotherapy", "occupational_therapy", "occupational therapy",
                        "podiatry", "podiatry", "speech_and_language", "speech and language therapy",
                        "rapid_response", "urgent community response", "intermediate_care", "intermediate care / reablement",
                        "falls_service", "falls service")),
                codes("contact_location", true, ReasonCode.CODE_INVALID, "Where the contact took place", codeList(
                        "home", "the patient's home", "care_home", "a care home", "clinic", "a clinic or health centre",
                        "remote", "telephone or video")),
                number("contact_minutes", true, 1, 1440, "Duration of the contact in minutes"),
                codes("pod", true, ReasonCode.CODE_INVALID, "Point of delivery", codeList("COM", "community contact")),
                cost()));

        define(Feed.MENTAL_HEALTH, "Mental health contacts and bed days", "one contact, or one inpatient stay's days in the month",
                "end_date", ActivityDefinition.costedBy("service_code").withBedDays("bed_days").withDiagnoses("primary_diagnosis")
                        .withSuppliedCost(plics()), columns(
                person(),
                provider(),
                id("activity_id", "Contact or stay identifier, unique within the provider"),
                codes("record_type", true, ReasonCode.CODE_INVALID, "Contact or inpatient stay", codeList(
                        "contact", "a community or outpatient contact", "inpatient", "an inpatient stay's days within the month")),
                date("start_date", false, null, "Contact date, or the first day of the stay counted in this row"),
                date("end_date", true, "start_date", "Contact date, or the last day of the stay counted in this row"),
                codes("service_code", true, ReasonCode.CODE_INVALID, "Mental health service (icsmap's list)", codeList(
                        "community_mh_team", "community mental health team", "crisis", "crisis resolution and home treatment",
                        "talking_therapies", "NHS Talking Therapies", "memory_service", "memory assessment service",
                        "inpatient_adult", "adult acute inpatient", "inpatient_older_adult", "older adult inpatient")),
                diagnosis("primary_diagnosis", false, "Primary diagnosis (ICD-10), where recorded"),
                number("bed_days", true, 0, 31, "Occupied bed days in this row (0 for a contact)"),
                codes("pod", true, ReasonCode.CODE_INVALID, "Point of delivery", codeList(
                        "MHCON", "mental health contact", "MHIP", "mental health inpatient bed days")),
                cost()));

        define(Feed.AMBULANCE, "Ambulance incidents", "one incident responded to", "incident_date",
                ActivityDefinition.costedBy("outcome").withSuppliedCost(plics()), columns(
                person(),
                provider(),
                id("activity_id", "Incident identifier, unique within the provider"),
                date("incident_date", true, null, "Date of the call"),
                codes("call_category", true, ReasonCode.CODE_INVALID, "Ambulance Response Programme category", codeList(
                        "1", "category 1: life-threatening", "2", "category 2: emergency", "3", "category 3: urgent",
                        "4", "category 4: less urgent", "5", "category 5: hear and treat")),
                codes("outcome", true, ReasonCode.CODE_INVALID, "Outcome of the incident", codeList(
                        "hear_and_treat", "advice by telephone", "see_and_treat", "treated at scene, not conveyed",
                        "see_and_convey", "conveyed to hospital")),
                new Column("conveyed_to", STRING, false, "ODS code", new Rule.OdsCode(Rule.OdsCode.Scope.ORGANISATION),
                        Handling.KEEP, "Receiving organisation when conveyed"),
                codes("pod", true, ReasonCode.CODE_INVALID, "Point of delivery", codeList(
                        "AMBHT", "hear and treat", "AMBST", "see and treat", "AMBSC", "see and convey")),
                cost()));

        define(Feed.GP, "Primary care appointments", "one GP practice appointment", "appointment_date",
                ActivityDefinition.costedBy("staff_role").withSuppliedCost(plics()), columns(
                person(),
                new Column("provider", STRING, true, "ODS code", new Rule.OdsCode(Rule.OdsCode.Scope.GP_PRACTICE), Handling.KEEP,
                        "The practice where the appointment took place"),
                id("activity_id", "Appointment identifier, unique within the practice"),
                date("appointment_date", true, null, "Date of the appointment"),
                codes("appointment_mode", true, ReasonCode.CODE_INVALID, "How the appointment took place (GP appointments data)", codeList(
                        "face_to_face", "face to face at the practice", "telephone", "telephone", "video", "video or online",
                        "home_visit", "home visit")),
                codes("staff_role", true, ReasonCode.CODE_INVALID, "Who saw the patient", codeList(
                        "gp", "GP", "nurse", "practice nurse", "pharmacist", "clinical pharmacist", "other", "other direct patient care staff")),
                number("duration_minutes", true, 1, 240, "Duration in minutes"),
                codes("pod", true, ReasonCode.CODE_INVALID, "Point of delivery", codeList("GPAPP", "GP practice appointment")),
                cost()));

        define(Feed.SOCIAL_CARE, "Adult social care packages and placements", "one package or placement's days within the month",
                "service_start_date", ActivityDefinition.costedBy("service_type")
                        .withSuppliedCost(new SuppliedCost.WeeklyCost("weekly_cost", "service_start_date", "service_end_date"))
                        .withCareHome("care_home"), columns(
                person(),
                provider(),
                id("activity_id", "Package or placement identifier, unique within the local authority"),
                codes("service_type", true, ReasonCode.CODE_INVALID, "Service (icsmap's list, after the SALT return)", codeList(
                        "home_care", "home care", "residential_care", "care home placement without nursing",
                        "nursing_care", "care home placement with nursing", "day_care", "day care",
                        "reablement", "short-term reablement", "direct_payment", "direct payment")),
                pattern("care_home", false, CQC_LOCATION, ReasonCode.CODE_INVALID, "CQC location id, e.g. 1-123456789",
                        "Care home (CQC location id) for residential and nursing placements"),
                date("service_start_date", true, null, "First day of the service counted in this row"),
                date("service_end_date", true, "service_start_date", "Last day of the service counted in this row"),
                new Column("weekly_cost", MONEY, true, "decimal, e.g. 812.50", new Rule.Money(), Handling.KEEP,
                        "Gross weekly cost of the package; the row costs weekly_cost × days / 7"),
                codes("pod", true, ReasonCode.CODE_INVALID, "Point of delivery", codeList(
                        "ASCCOM", "community-based social care", "ASCRES", "residential or nursing placement"))));

        // Not activity: no period date, nothing to cost.
        DEFINITIONS.put(Feed.OPT_OUT, new FeedDefinition(Feed.OPT_OUT, "National data opt-out list", "one patient who has opted out", List.of(
                new Column("nhs_number", STRING, true, "10 digits", new Rule.NhsNumber(), Handling.PSEUDONYMISE,
                        "NHS number of a patient who has registered a national data opt-out: stored only as person_id")),
                null, Optional.empty(), DEFAULT_MAX_LINE));
    }

    private FeedDefinitions() {
    }

    static FeedDefinition of(Feed feed) {
        return DEFINITIONS.get(feed);
    }

    /** An activity feed: its rows are dated by {@code periodDate} and costed as {@code activity} says. */
    private static void define(Feed feed, String title, String grain, String periodDate, ActivityDefinition activity, List<Column> columns) {
        DEFINITIONS.put(feed, new FeedDefinition(feed, title, grain, columns, periodDate, Optional.of(activity), DEFAULT_MAX_LINE));
    }

    private static SuppliedCost plics() {
        return new SuppliedCost.PatientLevelCost("cost");
    }

    private static List<Column> columns(Object... parts) {
        List<Column> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Column column) {
                all.add(column);
            } else if (part instanceof List<?> list) {
                list.forEach(c -> all.add((Column) c));
            }
        }
        return all;
    }

    /** The person columns every activity feed starts with. */
    private static List<Column> person() {
        return List.of(
                new Column("nhs_number", STRING, false, "10 digits; spaces or hyphens allowed", new Rule.NhsNumber(),
                        Handling.PSEUDONYMISE, "Patient's NHS number"),
                new Column("date_of_birth", DATE, true, "YYYY-MM-DD", new Rule.DateOfBirth(), Handling.GENERALISE_DATE_OF_BIRTH,
                        "Patient's date of birth"),
                codes("sex", true, ReasonCode.SEX_INVALID, "Person stated gender code (NHS Data Dictionary)", codeList(
                        "1", "male", "2", "female", "9", "indeterminate", "X", "not known")),
                new Column("postcode", STRING, false, "UK postcode, e.g. S40 4TF", new Rule.Matches(POSTCODE, ReasonCode.POSTCODE_INVALID,
                        "a well-formed UK postcode (the space is optional)"), Handling.GENERALISE_POSTCODE, "Patient's postcode of usual address"),
                new Column("gp_practice", STRING, false, "ODS code, e.g. C81001", new Rule.OdsCode(Rule.OdsCode.Scope.GP_PRACTICE),
                        Handling.KEEP, "GP practice the patient is registered with (empty if unregistered)"));
    }

    private static Column provider() {
        return new Column("provider", STRING, true, "ODS code", new Rule.OdsCode(Rule.OdsCode.Scope.ORGANISATION), Handling.KEEP,
                "The organisation that delivered the activity: the submitting provider");
    }

    private static Column cost() {
        return new Column("cost", MONEY, false, "decimal, e.g. 1234.56", new Rule.Money(), Handling.KEEP,
                "Patient-level cost (PLICS) where the provider has it; empty means costed from reference unit costs");
    }

    private static Column id(String name, String description) {
        return new Column(name, STRING, true, "text", new Rule.Identifier(), Handling.KEEP, description);
    }

    private static Column date(String name, boolean inPeriod, String notBefore, String description) {
        return new Column(name, DATE, true, "YYYY-MM-DD", new Rule.Date(inPeriod, notBefore), Handling.KEEP, description);
    }

    private static Column optionalDate(String name, String notBefore, String description) {
        return new Column(name, DATE, false, "YYYY-MM-DD", new Rule.Date(false, notBefore), Handling.KEEP, description);
    }

    private static Column number(String name, boolean required, int min, int max, String description) {
        return new Column(name, INTEGER, required, "whole number", new Rule.WholeNumber(min, max), Handling.KEEP, description);
    }

    private static Column codes(String name, boolean required, ReasonCode reason, String description, Map<String, String> codes) {
        return new Column(name, STRING, required, "code", new Rule.Codes(codes, reason), Handling.KEEP, description);
    }

    private static Column pattern(String name, boolean required, Pattern pattern, ReasonCode reason, String format, String description) {
        return new Column(name, STRING, required, format, new Rule.Matches(pattern, reason, "matches `" + pattern.pattern() + "`"),
                Handling.KEEP, description);
    }

    private static Column hrg(boolean required) {
        return new Column("hrg", STRING, required, "HRG4+ code, e.g. FD10M", new Rule.Matches(HRG, ReasonCode.HRG_INVALID,
                "two letters, two digits, one letter"), Handling.KEEP, "Healthcare Resource Group, the basis of reference unit costs");
    }

    private static Column diagnosis(String name, boolean required, String description) {
        return new Column(name, STRING, required, "ICD-10, e.g. J44.1", new Rule.Matches(ICD10, ReasonCode.DIAGNOSIS_INVALID,
                "an ICD-10 code: a letter, two digits, optionally a dot and up to three more characters"), Handling.KEEP, description);
    }

    private static Column diagnoses() {
        return new Column("secondary_diagnoses", STRING, false, "ICD-10 codes separated by ;", new Rule.Matches(ICD10_LIST,
                ReasonCode.DIAGNOSIS_INVALID, "up to 20 ICD-10 codes separated by semicolons"), Handling.KEEP,
                "Secondary diagnoses (ICD-10)");
    }

    private static Map<String, String> codeList(String... codeThenMeaning) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < codeThenMeaning.length; i += 2) {
            codes.put(codeThenMeaning[i], codeThenMeaning[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(codes);
    }
}
