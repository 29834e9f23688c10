package org.icsmap.domain.access;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who is reading the marts: an ICS analyst (shared, disclosure-controlled aggregates only) or one organisation's
 * analysts and clinicians (their own patients too). Written {@code shared} or {@code org:<ODS>} on the command line.
 */
public sealed interface AnalystRole {

    Pattern ODS = Pattern.compile("[A-Z0-9]{3,6}");

    /** ICS analysts: shared marts only. */
    record Shared() implements AnalystRole {
        @Override
        public String toString() {
            return "shared";
        }
    }

    /** One organisation's analysts: its own {@code org=<ODS>/} outputs and the shared marts. */
    record Organisation(String ods) implements AnalystRole {
        public Organisation {
            Objects.requireNonNull(ods, "ods");
            if (!ODS.matcher(ods).matches()) {
                throw new IllegalArgumentException("not an ODS code: '" + ods + "' (3 to 6 capital letters or digits)");
            }
        }

        @Override
        public String toString() {
            return "org:" + ods;
        }
    }

    static AnalystRole shared() {
        return new Shared();
    }

    /** Reads {@code shared} or {@code org:<ODS>}. */
    static AnalystRole parse(String text) {
        Objects.requireNonNull(text, "role");
        if (text.equals("shared")) {
            return new Shared();
        }
        if (text.startsWith("org:")) {
            return new Organisation(text.substring("org:".length()));
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; allowed: shared, org:<ODS>");
    }
}
