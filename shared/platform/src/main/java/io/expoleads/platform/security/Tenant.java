package io.expoleads.platform.security;

import java.util.List;

import io.expoleads.platform.web.ApiException;
import org.springframework.security.oauth2.jwt.Jwt;

/** The caller as its token says, and the checks that keep each exhibitor to its own data. */
public record Tenant(String account, List<String> roles, String exhibitorId, String staffId) {

    public static Tenant of(Jwt token) {
        List<String> roles = token.getClaimAsStringList(AccessTokens.ROLES);
        return new Tenant(token.getSubject(), roles == null ? List.of() : roles,
                token.getClaimAsString(AccessTokens.EXHIBITOR), token.getClaimAsString(AccessTokens.STAFF));
    }

    public boolean is(String role) {
        return roles.contains(role);
    }

    /**
     * Refuses a caller who does not act for this exhibitor. Another exhibitor's ids answer as if
     * they did not exist, so ids reveal nothing.
     */
    public void requireMemberOf(String exhibitor, String what, String id) {
        if (exhibitorId == null || !exhibitorId.equals(exhibitor)) {
            throw ApiException.notFound(what, id);
        }
    }
}
