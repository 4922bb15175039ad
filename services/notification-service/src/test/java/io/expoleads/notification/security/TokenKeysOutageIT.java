package io.expoleads.notification.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.expoleads.notification.NotificationServiceIT;
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
 * notification-service started while the token keys cannot be fetched: the delivery log answers
 * 503 with {@code Retry-After} (never 500, not 401), then the same token once the keys are served;
 * an invalid token is 401 throughout. The keys are this test's own endpoint.
 */
class TokenKeysOutageIT extends NotificationServiceIT {

    private static final TokenKeysEndpoint KEYS = new TokenKeysEndpoint();

    @TestConfiguration(proxyBeanMethods = false)
    static class KeysOfTheirOwn {

        @Bean
        @Primary
        AccessTokenProperties keysOfTheirOwn() {
            return new AccessTokenProperties(KEYS.uri(), TestTokens.ISSUER, TestTokens.AUDIENCE, Duration.ofSeconds(1));
        }
    }

    @AfterAll
    static void stopKeys() {
        KEYS.close();
    }

    @Test
    void the_delivery_log_answers_503_while_the_token_keys_cannot_be_fetched_and_the_same_token_once_they_can() {
        String exhibitor = knownExhibitor("en", "keys@atlas.example");
        HttpJson admin = admin(exhibitor);
        String log = "/api/exhibitors/" + exhibitor + "/deliveries";

        KEYS.takeAway();
        HttpJson.Answer refused = admin.get(log);
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.field("reason")).isEqualTo("TOKEN_KEYS_UNAVAILABLE");
        assertThat(new HttpJson("http://localhost:" + port).bearer("not-a-token").get(log).status()).isEqualTo(401);

        KEYS.serve();
        HttpJson.Answer listed = admin.get(log);
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        assertThat(new HttpJson("http://localhost:" + port).bearer("not-a-token").get(log).status()).isEqualTo(401);
    }
}
