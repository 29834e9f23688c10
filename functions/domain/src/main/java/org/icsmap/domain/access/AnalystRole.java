package org.icsmap.domain.access;

import java.util.Objects;
import java.util.regex.Pattern;
import org.icsmap.domain.config.IcsConfig;

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
                throw new IllegalArgumentException("the role's organisation is not an ODS code: org:<ODS> takes 3 to 6 capital letters or digits");
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

    /**
     * Reads {@code shared} or {@code org:<ODS>}, where the ODS code must name one of the ICS's organisations: a role is
     * its prefix ({@code org=<ODS>/}), and only the config's organisations have one (docs/security.md).
     */
    static AnalystRole parse(String text, IcsConfig config) {
        AnalystRole role = parse(text);
        if (role instanceof Organisation(String ods) && !config.isOrganisation(ods)) {
            throw new IllegalArgumentException("role org:" + ods + " names no organisation of ICS " + config.code()
                    + ": org:<ODS> takes the ODS code of one of its providers");
        }
        return role;
    }

    /** Reads {@code shared} or {@code org:<ODS>}, without asking whether the ICS has that organisation. */
    static AnalystRole parse(String text) {
        Objects.requireNonNull(text, "role");
        if (text.equals("shared")) {
            return new Shared();
        }
        if (text.startsWith("org:")) {
            return new Organisation(text.substring("org:".length()));
        }
        throw new IllegalArgumentException("not a role; allowed: shared, org:<ODS>");
    }
}
