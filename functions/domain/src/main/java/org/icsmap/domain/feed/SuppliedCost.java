package org.icsmap.domain.feed;

import java.util.List;
import java.util.Objects;

/** The cost a provider supplies on each row of an activity feed, and the rule that turns it into the row's cost. */
public sealed interface SuppliedCost {

    /** The column the provider writes it in. */
    String column();

    /** What the costed row records as its {@code cost_source}. */
    CostSource source();

    /** The columns the row's cost is computed from, the supplied figure's first. */
    List<String> columns();

    /**
     * The provider's patient-level cost (PLICS) of the row, in pounds; where it is empty the row is costed from
     * reference unit costs.
     */
    record PatientLevelCost(String column) implements SuppliedCost {
        public PatientLevelCost {
            Objects.requireNonNull(column, "column");
        }

        @Override
        public CostSource source() {
            return CostSource.PLICS;
        }

        @Override
        public List<String> columns() {
            return List.of(column);
        }
    }

    /**
     * A package's gross weekly cost: the row costs {@code weekly cost × days / 7}, the days counted from {@code from}
     * to {@code to} inclusive, rounded half up to the penny (in SQL, computed in pence so it is exact).
     */
    record WeeklyCost(String column, String from, String to) implements SuppliedCost {
        public WeeklyCost {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public CostSource source() {
            return CostSource.WEEKLY_COST;
        }

        @Override
        public List<String> columns() {
            return List.of(column, from, to);
        }
    }
}
