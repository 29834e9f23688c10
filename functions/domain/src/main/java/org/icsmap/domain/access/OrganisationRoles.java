package org.icsmap.domain.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which organisation a caller acts for, from its identity and never from what it asks: the platform gives
 * each organisation IAM roles named {@code icsmap-<ics>-<ODS>-uploader} and {@code icsmap-<ics>-<ODS>-reidentifier}
 * and tells each function, by role name, which ODS code a role stands for. API Gateway (IAM authorisation)
 * hands the function the caller's assumed-role ARN, {@code arn:aws:sts::<account>:assumed-role/<role>/<session>};
 * a caller whose role is not in the map acts for no organisation.
 *
 * <p>Role names, not ARNs, are the keys because STS ARNs carry neither the role's path nor anything stable
 * besides its name and account; the account is fixed by the API's IAM authorisation.
 */
public final class OrganisationRoles {

    private static final Pattern ASSUMED_ROLE =
            Pattern.compile("arn:aws(?:-[a-z]+)*:sts::[0-9]{12}:assumed-role/([\\w+=,.@-]{1,64})/[\\w+=,.@-]{2,64}");
    private static final Pattern ODS = Pattern.compile("[A-Z0-9]{3,6}");

    private final Map<String, String> organisationByRole;

    /** @param organisationByRole IAM role name → ODS code */
    public OrganisationRoles(Map<String, String> organisationByRole) {
        organisationByRole.forEach((role, ods) -> {
            if (role == null || role.isBlank() || ods == null || !ODS.matcher(ods).matches()) {
                throw new IllegalArgumentException("organisation roles must map IAM role names to ODS codes; '" + role + "' → '" + ods + "' does not");
            }
        });
        this.organisationByRole = Map.copyOf(organisationByRole);
    }

    /**
     * Reads the map as the functions receive it ({@code ICSMAP_ORGANISATION_ROLES}): a JSON object of role names
     * to ODS codes. Throws {@link IllegalArgumentException} saying what is wrong, never quoting the text.
     */
    public static OrganisationRoles fromJson(String json) {
        Map<String, String> roles;
        try {
            roles = new ObjectMapper().readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object of IAM role names to ODS codes");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("maps no role, so no caller could act for an organisation");
        }
        return new OrganisationRoles(roles);
    }

    /** The role name of an assumed-role ARN, if it is one. */
    public static Optional<String> roleName(String callerArn) {
        if (callerArn == null) {
            return Optional.empty();
        }
        Matcher m = ASSUMED_ROLE.matcher(callerArn);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The ODS code the caller acts for, or empty for an unknown caller (another role, a user, no identity). */
    public Optional<String> organisationOf(String callerArn) {
        return roleName(callerArn).map(organisationByRole::get).filter(Objects::nonNull);
    }

    public Map<String, String> organisationByRole() {
        return organisationByRole;
    }
}
