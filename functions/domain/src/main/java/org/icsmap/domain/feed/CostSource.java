package org.icsmap.domain.feed;

import java.util.Locale;

/** Where the cost of a costed activity came from: the {@code cost_source} every costed row records. */
public enum CostSource {
    /** The provider's patient-level cost (PLICS), as supplied. */
    PLICS,
    /** A social care package's weekly cost, pro rata for the days the row covers. */
    WEEKLY_COST,
    /** The reference unit cost for the feed, point of delivery and code (times bed days where priced per bed day). */
    REFERENCE,
    /** Neither supplied nor in the reference unit costs: counted at £0 rather than lost. */
    UNCOSTED;

    /** The value in SQL and the marts: {@code plics}, {@code weekly_cost}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
