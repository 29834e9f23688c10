package org.icsmap.domain.access;

import java.util.List;
import java.util.Objects;
import org.icsmap.domain.port.SqlValue;

/**
 * Where a refresh writes in the marts zone, and which of those prefixes each {@link AnalystRole} may read.
 * Access is enforced by storage, not by view text (DESIGN.md): the CDK stack generates each role's IAM
 * policy from {@link #readablePrefixes}, and the local {@code icsmap query --role} applies {@link #mayRead}
 * to the location of every table a query touches.
 *
 * <pre>
 * marts/snapshot=&lt;id&gt;/&lt;table&gt;/                 linkage, costing, unsuppressed marts: the platform only
 * marts/snapshot=&lt;id&gt;/shared/&lt;mart&gt;/           disclosure-controlled marts: every analyst role
 * marts/org=&lt;ODS&gt;/snapshot=&lt;id&gt;/&lt;output&gt;/       one organisation's own patients: that organisation only
 * </pre>
 *
 * Prefixes are keys within the marts zone's bucket; {@code *} stands for one snapshot id (IAM's wildcard).
 */
public final class MartsLayout {

    public static final String ZONE_PREFIX = "marts/";

    private MartsLayout() {
    }

    /** Everything a snapshot builds for the platform itself. */
    public static String snapshotPrefix(String snapshotId) {
        return ZONE_PREFIX + "snapshot=" + id(snapshotId) + "/";
    }

    /** The disclosure-controlled marts of a snapshot. */
    public static String sharedPrefix(String snapshotId) {
        return snapshotPrefix(snapshotId) + "shared/";
    }

    /** Every snapshot of one organisation's own outputs. */
    public static String organisationRoot(String ods) {
        return ZONE_PREFIX + "org=" + new AnalystRole.Organisation(ods).ods() + "/";
    }

    /** One snapshot of one organisation's own outputs. */
    public static String organisationPrefix(String ods, String snapshotId) {
        return organisationRoot(ods) + "snapshot=" + id(snapshotId) + "/";
    }

    /** The key patterns a role may read ({@code *}: any snapshot id), most specific first. */
    public static List<String> readablePrefixes(AnalystRole role) {
        String shared = ZONE_PREFIX + "snapshot=*/shared/";
        return switch (role) {
            case AnalystRole.Shared s -> List.of(shared);
            case AnalystRole.Organisation o -> List.of(organisationRoot(o.ods()), shared);
        };
    }

    /** Whether {@code key} (a key in the marts zone, or a table location's path) is under a prefix the role may read. */
    public static boolean mayRead(AnalystRole role, String key) {
        Objects.requireNonNull(key, "key");
        if (key.contains("..") || key.contains("//")) {
            return false;
        }
        for (String prefix : readablePrefixes(role)) {
            if (matches(prefix, key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String prefix, String key) {
        int star = prefix.indexOf('*');
        if (star < 0) {
            return key.startsWith(prefix);
        }
        String head = prefix.substring(0, star);
        String tail = prefix.substring(star + 1);
        if (!key.startsWith(head)) {
            return false;
        }
        int slash = key.indexOf('/', head.length());
        return slash > head.length() && key.startsWith(tail, slash);
    }

    private static String id(String snapshotId) {
        return new SqlValue.Identifier(snapshotId).name();
    }
}
