package io.expoleads.exhibitor.identity;

import java.util.List;

import io.expoleads.platform.web.ApiException;
import org.springframework.http.HttpStatus;
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

    /**
     * Refuses anyone but the organizer and the exhibitor's own accounts. Another exhibitor's id
     * answers as if it did not exist: ids reveal nothing.
     */
    public Caller requireOrganizerOrMemberOf(String exhibitor) {
        if (!isOrganizer() && !actsFor(exhibitor)) {
            throw ApiException.notFound("Exhibitor", exhibitor);
        }
        return this;
    }

    /** Refuses anyone but the exhibitor's admin (and, where {@code organizerToo}, the organizer). */
    public Caller requireAdminOf(String exhibitor, boolean organizerToo) {
        if (organizerToo && isOrganizer()) {
            return this;
        }
        if (!actsFor(exhibitor)) {
            throw ApiException.notFound("Exhibitor", exhibitor);
        }
        if (!is(Role.EXHIBITOR_ADMIN)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden", "Only the exhibitor's admin may do this");
        }
        return this;
    }
}
