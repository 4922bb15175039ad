package io.expoleads.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The access token of a call, from its {@code Authorization: Bearer} header only (RFC 6750, 2.1): never
 * from a query or form parameter, so a token is never in a URL or a server's access log. It accepts and
 * refuses what {@link DefaultBearerTokenResolver} does for that header (the scheme in any case, one
 * space, a {@code b64token}), checked by a loop over the characters instead of that resolver's regular
 * expression: on every call of every service, and the scanners' tokens are about a kilobyte, its
 * character classes took 8 % of lead-service's processor under load (session 7 of issue 14).
 */
public final class HeaderBearerTokens implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    @Override
    public String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
            return null;
        }
        if (!isBearerValue(header)) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return header.substring(SCHEME.length());
    }

    /** {@code Bearer <b64token>}: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static boolean isBearerValue(String header) {
        int length = header.length();
        if (length <= SCHEME.length() || header.charAt(SCHEME.length() - 1) != ' ') {
            return false;
        }
        int index = SCHEME.length();
        while (index < length && isToken68(header.charAt(index))) {
            index++;
        }
        if (index == SCHEME.length()) {
            return false;
        }
        while (index < length && header.charAt(index) == '=') {
            index++;
        }
        return index == length;
    }

    private static boolean isToken68(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
