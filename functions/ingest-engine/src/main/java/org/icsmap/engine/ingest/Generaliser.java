package org.icsmap.engine.ingest;

import java.time.YearMonth;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.pseudonymise.AgeBand;
import org.icsmap.domain.reference.PostcodeLookup;

/**
 * Generalises before storing: a postcode becomes its area (LSOA and IMD decile), a date of birth the year of birth and
 * the five-year age band on the activity's date (the end of the upload's period when the feed has no such date).
 */
final class Generaliser {

    private final PostcodeLookup postcodes;
    private final int postcode;
    private final int dateOfBirth;
    private final int activityDate;
    private final int periodEnd;

    Generaliser(FeedDefinition definition, YearMonth period, PostcodeLookup postcodes) {
        this.postcodes = postcodes;
        this.postcode = definition.indexOf("postcode");
        this.dateOfBirth = definition.indexOf("date_of_birth");
        this.activityDate = definition.periodDateColumn() == null ? -1 : definition.indexOf(definition.periodDateColumn());
        this.periodEnd = (period.getYear() * 100 + period.getMonthValue()) * 100 + period.lengthOfMonth();
    }

    /** The area of the row's postcode, or null: none given, or not in the lookup. */
    PostcodeLookup.Area area(AcceptedRow row) {
        return postcode >= 0 && row.present(postcode) ? postcodes.areaOfNormalised(row.text(postcode)) : null;
    }

    int yearOfBirth(AcceptedRow row) {
        return row.ymd(dateOfBirth) / 10_000;
    }

    String ageBand(AcceptedRow row) {
        int on = activityDate >= 0 && row.present(activityDate) ? row.ymd(activityDate) : periodEnd;
        return AgeBand.of(AgeBand.ageOn(row.ymd(dateOfBirth), on));
    }
}
