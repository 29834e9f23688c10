package org.icsmap.statemachine.json;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** ASL timestamps: RFC 3339, with an uppercase T between date and time and an uppercase Z for UTC. */
public final class Timestamps {

    private Timestamps() {
    }

    /** The timestamp, or null when the text is not an ASL timestamp. */
    public static OffsetDateTime parse(String text) {
        // java.time accepts a lowercase t and z; ASL does not.
        if (text == null || text.indexOf('t') >= 0 || text.indexOf('z') >= 0) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
