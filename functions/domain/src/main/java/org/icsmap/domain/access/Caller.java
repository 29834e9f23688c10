package org.icsmap.domain.access;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking: the authenticated principal (an assumed-role ARN on AWS, {@code local:<user>} on the command
 * line) and the organisation it acts for, resolved from that identity ({@link OrganisationRoles}); empty when
 * the identity maps to no organisation. Neither is ever taken from a request body.
 */
public record Caller(String principal, Optional<String> organisation) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(organisation, "organisation");
    }

    public static Caller of(String principal, String organisation) {
        return new Caller(principal, Optional.of(organisation));
    }

    public static Caller unknown(String principal) {
        return new Caller(principal, Optional.empty());
    }
}
