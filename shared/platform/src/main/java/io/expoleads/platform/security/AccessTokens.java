package io.expoleads.platform.security;

import io.expoleads.platform.web.Reasons;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * How every service reads the access tokens exhibitor-service issues: the checks a token must
 * pass, its {@code roles} claim as the caller's roles, and problem-detail answers for callers
 * without a valid token (401) or without the role (403), and while the token keys cannot be
 * fetched (503, {@link TokenKeysUnavailable}).
 */
public final class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

    /** The claim naming the caller's roles. */
    public static final String ROLES = "roles";
    /** The claim naming the exhibitor an admin, staff member or device acts for. */
    public static final String EXHIBITOR = "exhibitorId";
    /** The claim naming the staff member a STAFF token belongs to. */
    public static final String STAFF = "staffId";

    private AccessTokens() {
    }

    /** Signature is checked by the decoder; these check expiry, issuer and audience. */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        OAuth2TokenValidator<Jwt> audienceCheck = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(audience));
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), audienceCheck);
    }

    public static JwtAuthenticationConverter rolesFromClaim() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Collection<String> roles = jwt.getClaimAsStringList(ROLES);
            return roles == null ? List.<GrantedAuthority>of()
                    : roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        });
        return converter;
    }

    /**
     * The common part of every service's security: stateless, no CSRF (no cookies are used),
     * bearer tokens read with {@link #rolesFromClaim()}, problem details for 401 and 403 (and 503
     * while the token keys cannot be fetched), health open. Each service then adds its own request rules.
     */
    public static HttpSecurity statelessApi(HttpSecurity http, JsonMapper json) throws Exception {
        AuthenticationFailureHandler failed = failed(json);
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new HeaderBearerTokens())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromClaim()))
                        .authenticationEntryPoint(unauthorized(json))
                        .accessDeniedHandler(forbidden(json))
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(failed);
                                return filter;
                            }
                        }))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized(json))
                        .accessDeniedHandler(forbidden(json)));
    }

    /**
     * Requests anyone may make: health, metrics for the scraper, the error page and the OpenAPI
     * description. The services' ports are internal: the web tier proxies only {@code /api/**}.
     */
    public static final String[] OPEN = {"/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus", "/error",
        "/v3/api-docs", "/v3/api-docs/**"};

    public static AuthenticationEntryPoint unauthorized(JsonMapper json) {
        return (request, response, e) -> problem(response, json, HttpStatus.UNAUTHORIZED, "Sign in first: send a valid access token.");
    }

    /**
     * A bearer token that could not be authenticated: 503 when the keys to check it could not be
     * fetched (the token may be valid: the client tries again), else 401 like any invalid token.
     */
    static AuthenticationFailureHandler failed(JsonMapper json) {
        AuthenticationEntryPoint unauthorized = unauthorized(json);
        return (request, response, e) -> {
            if (TokenKeysUnavailable.causedBy(e)) {
                log.warn("Token keys unavailable during {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
                TokenKeysUnavailable.answer(response, json);
                return;
            }
            unauthorized.commence(request, response, e);
        };
    }

    public static AccessDeniedHandler forbidden(JsonMapper json) {
        return (request, response, e) -> problem(response, json, HttpStatus.FORBIDDEN, "Your role does not allow this.");
    }

    private static void problem(HttpServletResponse response, JsonMapper json, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = Reasons.ensure(ProblemDetail.forStatusAndDetail(status, detail));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
