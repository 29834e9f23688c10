package org.icsmap.infra;

import java.util.Locale;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Zone;

/**
 * The names the stack gives to things other components find by name. The IAM role names are a contract with
 * the upload-url and reidentify functions, which map the caller's assumed-role ARN to an ODS code through
 * {@code ICSMAP_ORGANISATION_ROLES}.
 *
 * @param icsCode the ICS code as configured, e.g. {@code QJ2}
 */
public record Naming(String icsCode) {

    public static Naming of(IcsConfig config) {
        return new Naming(config.code());
    }

    /** {@code icsmap-qj2}: the prefix of every named resource, so two ICSs can share an account. */
    public String prefix() {
        return "icsmap-" + icsCode.toLowerCase(Locale.ROOT);
    }

    public String stackName() {
        return "Icsmap" + icsCode.toUpperCase(Locale.ROOT);
    }

    public String name(String suffix) {
        return prefix() + "-" + suffix;
    }

    /** A provider's identity for asking for upload URLs. */
    public String uploaderRole(String ods) {
        return name(ods + "-uploader");
    }

    /** An organisation's identity for asking who its own patients are. */
    public String reidentifierRole(String ods) {
        return name(ods + "-reidentifier");
    }

    /** An organisation's analysts: its own {@code org=<ODS>/} outputs and the shared marts. */
    public String analystRole(String ods) {
        return name(ods + "-analyst");
    }

    /** ICS analysts: the shared marts only. */
    public String sharedAnalystRole() {
        return name("shared-analyst");
    }

    /** The bucket of a zone; account and region make it globally unique. */
    public String bucketPrefix(Zone zone) {
        return name(zone.name().toLowerCase(Locale.ROOT));
    }

    /** Glue database: letters, digits and underscores only. */
    public String glueDatabase() {
        return "icsmap_" + icsCode.toLowerCase(Locale.ROOT);
    }

    /** The Athena workgroup the refresh runs its queries in. */
    public String platformWorkGroup() {
        return name("refresh");
    }

    public String sharedWorkGroup() {
        return name("shared-analysts");
    }

    public String organisationWorkGroup(String ods) {
        return name(ods + "-analysts");
    }
}
