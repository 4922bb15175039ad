package io.expoleads.lead.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.platform.security.AccessTokenProperties;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import io.expoleads.testsupport.TokenKeysEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * lead-service started while the token keys cannot be fetched (exhibitor-service, or the web tier
 * in front of it, down or stuck): every request with a token is answered 503 with
 * {@code Retry-After} (never 500, and not 401: the token may be good), within the fetch's timeout
 * even when the keys' endpoint hangs; once the keys can be fetched the same token is accepted, and
 * an invalid token is 401 as ever. The keys are this test's own endpoint, which it takes away,
 * hangs and serves.
 */
class TokenKeysOutageIT extends LeadServiceIT {

    private static final TokenKeysEndpoint KEYS = new TokenKeysEndpoint();
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(1);

    @TestConfiguration(proxyBeanMethods = false)
    static class KeysOfTheirOwn {

        @Bean
        @Primary
        AccessTokenProperties keysOfTheirOwn() {
            return new AccessTokenProperties(KEYS.uri(), TestTokens.ISSUER, TestTokens.AUDIENCE, FETCH_TIMEOUT);
        }
    }

    @AfterAll
    static void stopKeys() {
        KEYS.close();
    }

    @Test
    void a_token_is_answered_503_while_its_keys_cannot_be_fetched_and_accepted_once_they_can() throws Exception {
        String exhibitor = approvedExhibitor();
        HttpJson admin = http.bearer(TestTokens.get().admin(exhibitor));
        HttpJson staff = http.bearer(TestTokens.get().staff(exhibitor, "amine"));
        String leads = "/api/exhibitors/" + exhibitor + "/leads";
        String scan = HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", "not-checked-before-the-token",
                "scannedAt", Instant.now().toString()));

        // Nothing listening where the keys are: refused at once.
        KEYS.takeAway();
        assertKeysUnavailable(admin.get(leads));
        assertKeysUnavailable(staff.post("/api/scans", scan));
        assertThat(http.bearer("not-a-token").get(leads).status()).as("a malformed token").isEqualTo(401);
        assertThat(http.get(leads).status()).as("no token").isEqualTo(401);

        // Connected and never answered: the fetch gives up at its timeout, and so does the request.
        KEYS.hang();
        Instant asked = Instant.now();
        assertKeysUnavailable(admin.get(leads));
        Duration took = Duration.between(asked, Instant.now());
        assertThat(took).as("answered within the keys' fetch timeout, not the library's 30 s").isLessThan(Duration.ofSeconds(10));

        // The keys are back: the same tokens are accepted, nothing of the failures is remembered.
        KEYS.serve();
        HttpJson.Answer listed = admin.get(leads);
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        assertThat(listed.json().get("items")).as("the refused scan changed nothing").isEmpty();
        assertThat(http.bearer("not-a-token").get(leads).status()).as("a malformed token").isEqualTo(401);
        assertThat(http.bearer(forged(exhibitor)).get(leads).status()).as("a token signed by another key").isEqualTo(401);
        System.out.printf("Token keys unreachable: 503 with Retry-After (hung endpoint answered in %d ms with a %d ms fetch timeout);"
                + " accepted again once served (%d fetches)%n", took.toMillis(), FETCH_TIMEOUT.toMillis(), KEYS.fetches());

        // Fetched once, the keys are kept: their endpoint going away again does not refuse tokens.
        KEYS.takeAway();
        assertThat(admin.get(leads).status()).isEqualTo(200);
    }

    private static void assertKeysUnavailable(HttpJson.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.field("reason")).isEqualTo("TOKEN_KEYS_UNAVAILABLE");
    }

    /** An admin token as exhibitor-service writes it, signed by a key that is not exhibitor-service's. */
    private static String forged(String exhibitor) throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(other.getKeyID()).type(JOSEObjectType.JWT).build(),
                TestTokens.get().claims("admin@" + exhibitor, List.of("EXHIBITOR_ADMIN")).claim("exhibitorId", exhibitor).build());
        jwt.sign(new RSASSASigner(other));
        return jwt.serialize();
    }
}
