package org.icsmap.domain.marts;

import java.util.List;
import java.util.Optional;
import org.icsmap.domain.marts.MartDefinition.Measure;

/**
 * The shared marts (DESIGN.md, "Marts and who sees what"): de-identified aggregates every analyst role
 * may read, each published only through disclosure control. The refresh builds them in this order.
 */
public final class Marts {

    private Marts() {
    }

    private static List<Measure> placeMeasures() {
        return List.of(
                Measure.count("patients"),
                Measure.count("activities"),
                Measure.linked("cost", "patients"),
                Measure.linked("bed_days", "patients"),
                Measure.published("registered_patients"),
                Measure.linked("cost_per_1000_registered", "patients"),
                Measure.linked("bed_days_per_1000_registered", "patients"));
    }

    public static final MartDefinition TOTALS_BY_ORGANISATION = new MartDefinition("totals_by_organisation",
            List.of("organisation"), List.of(), Optional.of("organisation"), List.of(
                    Measure.published("organisation_kind"),
                    Measure.count("activities"),
                    Measure.count("patients"),
                    Measure.linked("cost", "patients"),
                    Measure.linked("bed_days", "patients"),
                    Measure.count("unlinked_activities"),
                    Measure.linked("unlinked_cost", "unlinked_activities"),
                    Measure.count("uncosted_activities")));

    public static final MartDefinition COST_BY_PLACE = new MartDefinition("cost_by_place",
            List.of("place"), List.of(), Optional.of("place"), placeMeasures());

    public static final MartDefinition COST_BY_PCN = new MartDefinition("cost_by_pcn",
            List.of("place", "pcn"), List.of("place"), Optional.of("pcn"), placeMeasures()).within(COST_BY_PLACE);

    public static final MartDefinition COST_BY_PRACTICE = new MartDefinition("cost_by_practice",
            List.of("place", "pcn", "practice"), List.of("place", "pcn"), Optional.of("practice"), placeMeasures()).within(COST_BY_PCN);

    public static final MartDefinition COST_BY_CARE_HOME = new MartDefinition("cost_by_care_home",
            List.of("care_home"), List.of(), Optional.of("care_home"), List.of(
                    Measure.published("care_home_name"),
                    Measure.published("beds"),
                    Measure.count("residents"),
                    Measure.linked("cost", "residents"),
                    Measure.linked("bed_days", "residents"),
                    Measure.count("falls_attendances"),
                    Measure.count("uti_attendances")));

    private static final String PREVALENCE = "CAST(round(CAST(patients AS decimal(38, 6)) * 1000 / registered_patients, 2) AS decimal(18, 2))";

    public static final MartDefinition CONDITION_PREVALENCE_BY_PLACE = new MartDefinition("condition_prevalence_by_place",
            List.of("condition", "place"), List.of("condition"), Optional.of("place"), List.of(
                    Measure.count("patients"),
                    Measure.published("registered_patients"),
                    Measure.derived("per_1000_registered", "patients", PREVALENCE)));

    public static final MartDefinition CONDITION_PREVALENCE_BY_PRACTICE = new MartDefinition("condition_prevalence_by_practice",
            List.of("condition", "place", "practice"), List.of("condition", "place"), Optional.of("practice"), List.of(
                    Measure.count("patients"),
                    Measure.published("registered_patients"),
                    Measure.derived("per_1000_registered", "patients", PREVALENCE))).within(CONDITION_PREVALENCE_BY_PLACE);

    public static final MartDefinition ORGANISATIONS_KNOWN_TO = new MartDefinition("organisations_known_to",
            List.of("category", "band"), List.of("category"), Optional.of("band"), List.of(
                    Measure.count("patients"),
                    Measure.linked("cost", "patients")));

    public static final MartDefinition OUT_OF_AREA_FLOWS = new MartDefinition("out_of_area_flows",
            List.of("direction", "place", "organisation"), List.of("direction", "place"), Optional.of("organisation"), List.of(
                    Measure.count("patients"),
                    Measure.count("activities"),
                    Measure.linked("cost", "patients"),
                    Measure.linked("bed_days", "patients")));

    public static final MartDefinition COST_CONCENTRATION = new MartDefinition("cost_concentration",
            List.of("top_share"), List.of(), Optional.empty(), List.of(
                    Measure.count("patients"),
                    Measure.linked("cost", "patients"),
                    Measure.linked("share_of_cost", "patients")));

    public static final MartDefinition COST_BY_IMD_DECILE = new MartDefinition("cost_by_imd_decile",
            List.of("imd_decile"), List.of(), Optional.of("imd_decile"), List.of(
                    Measure.count("patients"),
                    Measure.linked("cost", "patients"),
                    Measure.linked("bed_days", "patients"),
                    Measure.derived("cost_per_patient", "patients", "CAST(round(CAST(cost AS decimal(38, 6)) / patients, 2) AS decimal(18, 2))")));

    public static final MartDefinition DATA_QUALITY_COVERAGE = new MartDefinition("data_quality_coverage",
            List.of("provider", "feed", "period"), List.of("provider", "feed"), Optional.of("period"), List.of(
                    Measure.published("status"),
                    Measure.count("received_rows"),
                    Measure.count("linked_rows"),
                    Measure.count("unlinked_rows"),
                    Measure.count("uncosted_rows"),
                    Measure.linked("cost", "received_rows")));

    /** Every shared mart, in build order. */
    public static final List<MartDefinition> SHARED = List.of(TOTALS_BY_ORGANISATION, COST_BY_PLACE, COST_BY_PCN, COST_BY_PRACTICE,
            COST_BY_CARE_HOME, CONDITION_PREVALENCE_BY_PLACE, CONDITION_PREVALENCE_BY_PRACTICE, ORGANISATIONS_KNOWN_TO,
            OUT_OF_AREA_FLOWS, COST_CONCENTRATION, COST_BY_IMD_DECILE, DATA_QUALITY_COVERAGE);
}
