package io.expoleads.exhibitor.identity;

import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;

/** Who is calling, as their access token says: their account, roles and exhibitor. */
public record Caller(String account, List<String> roles, String exhibitorId) {

    public static Caller of(Jwt token) {
        List<String> roles = token.getClaimAsStringList(TokenIssuer.ROLES);
        return new Caller(token.getSubject(), roles == null ? List.of() : roles, token.getClaimAsString(TokenIssuer.EXHIBITOR));
    }

    public boolean is(Role role) {
        return roles.contains(role.name());
    }

    public boolean isOrganizer() {
        return is(Role.ORGANIZER);
    }

    /** Whether this caller acts for that exhibitor (its admin, staff or device). */
    public boolean actsFor(String exhibitor) {
        return exhibitorId != null && exhibitorId.equals(exhibitor);
    }
}
