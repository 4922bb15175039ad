package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.expoleads.exhibitor.identity.IdentityProperties;
import io.expoleads.exhibitor.identity.RefreshTokens;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The two lifetimes of refresh tokens, at their production values (12 h unused, 7 days in all), on a
 * clock the test moves instead of waiting: a token left unused lapses ({@code refresh-idle}), and a
 * session refreshed without pause still ends ({@code refresh-max}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "expo.organizer.password=" + Onboarding.ORGANIZER_PASSWORD})
@Import({ExpoTestInfrastructure.class, RefreshLifetimeIT.Clocks.class})
class RefreshLifetimeIT {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    RefreshTokens refreshTokens;
    @Autowired
    TestClock clock;
    @Autowired
    IdentityProperties lifetimes;

    HttpJson http;

    @BeforeEach
    void connect() {
        http = new HttpJson("http://localhost:" + port);
        // Stopped, at a whole millisecond as the store keeps instants.
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @AfterEach
    void systemTime() {
        clock.reset();
    }

    @Test
    void a_refresh_token_left_unused_lapses() {
        HttpJson.Answer signedIn = signIn();
        assertThat(signedIn.json().get("refreshExpiresIn").asLong()).isEqualTo(lifetimes.refreshIdle().toSeconds());
        String token = signedIn.field("refreshToken");
        clock.moveForward(lifetimes.refreshIdle().minusSeconds(1));
        String kept = refresh(token).field("refreshToken");
        assertThat(kept).as("used a second before it lapsed").isNotBlank();

        clock.moveForward(lifetimes.refreshIdle());
        HttpJson.Answer lapsed = refresh(kept);
        assertThat(lapsed.status()).isEqualTo(401);
        assertThat(lapsed.contentType()).startsWith("application/problem+json");
        assertThat(lapsed.json().get("reason").asString()).isEqualTo("REFRESH_EXPIRED");

        // The background sweep removes lapsed tokens (the refusal ended its family at that instant): that one is no longer known at all.
        clock.moveForward(Duration.ofSeconds(1));
        assertThat(refreshTokens.removeLapsed()).isPositive();
        assertThat(refresh(kept).json().get("reason").asString()).isEqualTo("REFRESH_UNKNOWN");
    }

    @Test
    void a_session_ends_at_its_maximum_however_often_it_is_refreshed() {
        String token = signIn().field("refreshToken");
        Duration step = lifetimes.refreshIdle().minusHours(1);
        Duration elapsed = Duration.ZERO;
        HttpJson.Answer last = null;
        while (elapsed.plus(step).compareTo(lifetimes.refreshMax()) < 0) {
            clock.moveForward(step);
            elapsed = elapsed.plus(step);
            last = refresh(token);
            assertThat(last.status()).as("refreshed within the idle time, %s after the sign-in", elapsed).isEqualTo(200);
            token = last.field("refreshToken");
        }
        assertThat(last.json().get("refreshExpiresIn").asLong()).as("the session's end comes before the idle time")
                .isEqualTo(lifetimes.refreshMax().minus(elapsed).toSeconds());
        // Past the session's end, though the last token is not idle long.
        clock.moveForward(lifetimes.refreshMax().minus(elapsed).plusSeconds(1));
        HttpJson.Answer ended = refresh(token);
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.json().get("reason").asString()).isEqualTo("REFRESH_EXPIRED");
    }

    private HttpJson.Answer signIn() {
        HttpJson.Answer answer = http.post("/api/auth/token",
                HttpJson.json(Map.of("username", "organizer", "password", Onboarding.ORGANIZER_PASSWORD)));
        assertThat(answer.status()).isEqualTo(200);
        return answer;
    }

    private HttpJson.Answer refresh(String token) {
        return http.post("/api/auth/refresh", HttpJson.json(Map.of("refreshToken", token)));
    }
}
