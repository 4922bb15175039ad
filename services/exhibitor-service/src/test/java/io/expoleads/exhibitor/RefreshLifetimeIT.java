package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.expoleads.exhibitor.identity.RefreshTokens;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The two lifetimes of refresh tokens, made seconds long: a token left unused lapses
 * ({@code refresh-idle}), and a session refreshed without pause still ends ({@code refresh-max}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "expo.organizer.password=" + Onboarding.ORGANIZER_PASSWORD, "expo.auth.refresh-idle=3s", "expo.auth.refresh-max=5s"})
@Import(ExpoTestInfrastructure.class)
class RefreshLifetimeIT {

    @LocalServerPort
    int port;
    @Autowired
    RefreshTokens refreshTokens;

    HttpJson http;

    @BeforeEach
    void connect() {
        http = new HttpJson("http://localhost:" + port);
    }

    @Test
    void a_refresh_token_left_unused_lapses() throws Exception {
        HttpJson.Answer signedIn = signIn();
        assertThat(signedIn.json().get("refreshExpiresIn").asLong()).isBetween(1L, 3L);
        String token = signedIn.field("refreshToken");
        Thread.sleep(3_500);
        HttpJson.Answer lapsed = refresh(token);
        assertThat(lapsed.status()).isEqualTo(401);
        assertThat(lapsed.contentType()).startsWith("application/problem+json");
        assertThat(lapsed.json().get("reason").asString()).isEqualTo("REFRESH_EXPIRED");

        // The background sweep removes lapsed tokens: that one is no longer known at all.
        assertThat(refreshTokens.removeLapsed()).isPositive();
        assertThat(refresh(token).json().get("reason").asString()).isEqualTo("REFRESH_UNKNOWN");
    }

    @Test
    void a_session_ends_at_its_maximum_however_often_it_is_refreshed() throws Exception {
        String token = signIn().field("refreshToken");
        // Counted from the sign-in's answer, so the server's clock started the session before.
        long start = System.nanoTime();
        HttpJson.Answer last = null;
        for (long at = 1_000; at <= 3_000; at += 1_000) {
            Thread.sleep(Math.max(0, at - elapsedMillis(start)));
            last = refresh(token);
            assertThat(last.status()).as("refreshed within the idle time, %d ms after the sign-in", elapsedMillis(start)).isEqualTo(200);
            token = last.field("refreshToken");
        }
        assertThat(last.json().get("refreshExpiresIn").asLong()).as("the session's end comes before the idle time").isLessThan(2);
        // Past the session's five seconds, though the last token is not three seconds old.
        Thread.sleep(Math.max(0, 5_500 - elapsedMillis(start)));
        HttpJson.Answer ended = refresh(token);
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.json().get("reason").asString()).isEqualTo("REFRESH_EXPIRED");
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
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
