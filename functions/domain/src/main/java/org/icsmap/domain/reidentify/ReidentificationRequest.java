package org.icsmap.domain.reidentify;

import java.util.List;

/**
 * A cohort an organisation asks to re-identify, as it sent it (checked by {@link ReidentificationService}).
 *
 * @param pseudonyms {@code person_id} values from the organisation's own outputs ({@code marts/org=<ODS>/…}),
 *                   1 to {@value ReidentificationService#MAX_PSEUDONYMS}
 * @param purpose    why, one of the purposes the ICS's agreements give re-identification for this
 *                   organisation, e.g. {@code direct_care}
 */
public record ReidentificationRequest(List<String> pseudonyms, String purpose) {
}
