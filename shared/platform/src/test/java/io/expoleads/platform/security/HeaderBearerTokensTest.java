package io.expoleads.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The header resolver answers as Spring Security's regular-expression resolver does, header by header. */
class HeaderBearerTokensTest {

    private final HeaderBearerTokens resolver = new HeaderBearerTokens();
    private final DefaultBearerTokenResolver reference = new DefaultBearerTokenResolver();

    @ParameterizedTest
    @ValueSource(strings = {"Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "bearer abc", "BEARER a-b.c_d~e+f/g==",
        "Bearer x=", "Bearer A1"})
    void takesTheTokenOfAWellFormedHeader(String header) {
        String expected = reference.resolve(request(header));

        assertThat(resolver.resolve(request(header))).isEqualTo(expected).isEqualTo(header.substring(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer =abc", "Bearer abc=d", "Bearer ab%cd",
        "Bearer abc\t", "BearerX abc", "Bearer\tabc", "Bearer é"})
    void refusesAMalformedBearerHeaderAsTheReferenceDoes(String header) {
        assertThatThrownBy(() -> reference.resolve(request(header))).as("the reference resolver")
                .isInstanceOf(OAuth2AuthenticationException.class);

        assertThatThrownBy(() -> resolver.resolve(request(header))).isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessage("Bearer token is malformed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token abc", "Bear abc", ""})
    void leavesOtherSchemesAlone(String header) {
        assertThat(reference.resolve(request(header))).as("the reference resolver").isNull();

        assertThat(resolver.resolve(request(header))).isNull();
    }

    @org.junit.jupiter.api.Test
    void neverReadsATokenFromTheUrl() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/leads");
        request.setParameter("access_token", "abc");

        assertThat(resolver.resolve(request)).isNull();
    }

    private static MockHttpServletRequest request(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/scans");
        request.addHeader("Authorization", header);
        return request;
    }
}
