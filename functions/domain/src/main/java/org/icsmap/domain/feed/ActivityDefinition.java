package org.icsmap.domain.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a row of an activity feed is as an activity: which of the feed's columns play the roles that costing and
 * linkage read, beside the columns every activity feed shares (person, provider, activity id, point of delivery).
 * The refresh's costed activity (one arm per feed), the person spine's activities and cost by feed, and ingest's
 * cost of the rows it drops ({@code RowCost}) are generated from it, so a feed is costed the same way everywhere.
 * The activity is dated by the feed's period date.
 *
 * @param costCode            the code the reference unit cost is looked up by, with the point of delivery (an HRG,
 *                            a service, an outcome, a staff role)
 * @param bedDays             the occupied bed days, for activity priced per bed day; empty when the feed has none (0)
 * @param diagnoses           the ICD-10 diagnosis columns, primary first (a column may hold a {@code ;}-separated list)
 * @param suppliedCost        the cost the provider supplies; empty when every row is costed from reference unit costs
 * @param careHome            the care home (CQC location id) the activity places the person in; empty when none
 * @param acute               acute hospital care where falls and urinary tract infections are counted (admitted care
 *                            and A&amp;E)
 * @param emergencyDepartment A&amp;E attendances: a person whose every activity is one is "A&amp;E only"
 */
public record ActivityDefinition(String costCode, Optional<String> bedDays, List<String> diagnoses, Optional<SuppliedCost> suppliedCost,
                                 Optional<String> careHome, boolean acute, boolean emergencyDepartment) {

    public ActivityDefinition {
        Objects.requireNonNull(costCode, "costCode");
        Objects.requireNonNull(bedDays, "bedDays");
        diagnoses = List.copyOf(diagnoses);
        Objects.requireNonNull(suppliedCost, "suppliedCost");
        Objects.requireNonNull(careHome, "careHome");
    }

    /** An activity costed by {@code costCode}, with nothing else yet: no bed days, diagnoses, supplied cost or care home. */
    public static ActivityDefinition costedBy(String costCode) {
        return new ActivityDefinition(costCode, Optional.empty(), List.of(), Optional.empty(), Optional.empty(), false, false);
    }

    public ActivityDefinition withBedDays(String column) {
        return new ActivityDefinition(costCode, Optional.of(column), diagnoses, suppliedCost, careHome, acute, emergencyDepartment);
    }

    public ActivityDefinition withDiagnoses(String... columns) {
        return new ActivityDefinition(costCode, bedDays, List.of(columns), suppliedCost, careHome, acute, emergencyDepartment);
    }

    public ActivityDefinition withSuppliedCost(SuppliedCost cost) {
        return new ActivityDefinition(costCode, bedDays, diagnoses, Optional.of(cost), careHome, acute, emergencyDepartment);
    }

    public ActivityDefinition withCareHome(String column) {
        return new ActivityDefinition(costCode, bedDays, diagnoses, suppliedCost, Optional.of(column), acute, emergencyDepartment);
    }

    /** Marks the activity as acute care: falls and UTIs are counted among it. */
    public ActivityDefinition asAcute() {
        return new ActivityDefinition(costCode, bedDays, diagnoses, suppliedCost, careHome, true, emergencyDepartment);
    }

    /** Marks the activity as A&amp;E attendances. */
    public ActivityDefinition asEmergencyDepartment() {
        return new ActivityDefinition(costCode, bedDays, diagnoses, suppliedCost, careHome, acute, true);
    }

    /** Every column this definition names, for checking that the feed has them. */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        columns.add(costCode);
        bedDays.ifPresent(columns::add);
        columns.addAll(diagnoses);
        suppliedCost.ifPresent(cost -> columns.addAll(cost.columns()));
        careHome.ifPresent(columns::add);
        return columns;
    }
}
