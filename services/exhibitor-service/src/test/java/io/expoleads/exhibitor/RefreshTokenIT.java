package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;
import io.expoleads.exhibitor.identity.Secrets;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Refresh tokens: each trades once for a new pair; one presented again ends its whole family; a
 * sign-out ends it too; a revoked staff member or device gets no more tokens; bad input is 400.
 */
class RefreshTokenIT extends ExhibitorServiceIT {

    private static final Pattern INVITATION = Pattern.compile("/scan/#invitation=([A-Za-z0-9_-]{43})");

    @Autowired
    MongoTemplate mongo;

    @Test
    void a_refresh_token_trades_once_for_a_new_pair_and_presented_again_ends_its_family() throws Exception {
        Onboarding.Applicant atlas = onboarding.applicant(onboarding.edition(List.of()), "en");
        HttpJson.Answer signedIn = signIn(atlas.email(), Onboarding.ADMIN_PASSWORD);
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.headers().firstValue("Cache-Control")).hasValue("no-store");
        String first = signedIn.field("refreshToken");
        assertThat(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(signedIn.json().get("refreshExpiresIn").asLong()).as("12 hours unused").isBetween(43_000L, 43_200L);
        assertThat(signedIn.json().get("expiresIn").asLong()).isEqualTo(900);
        Document stored = mongo.findById(Secrets.sha256(first), Document.class, "refresh_tokens");
        assertThat(stored).as("kept as its SHA-256 only").isNotNull();
        assertThat(stored.toJson()).doesNotContain(first);
        assertThat(stored.getString("account")).isEqualTo(atlas.email());

        HttpJson.Answer refreshed = refresh(first);
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        assertThat(refreshed.headers().firstValue("Cache-Control")).hasValue("no-store");
        String second = refreshed.field("refreshToken");
        assertThat(second).isNotEqualTo(first).matches("[A-Za-z0-9_-]{43}");
        String access = refreshed.field("accessToken");
        assertThat(SignedJWT.parse(access).getJWTClaimsSet().getSubject()).isEqualTo(atlas.email());
        assertThat(SignedJWT.parse(access).getJWTClaimsSet().getStringClaim("exhibitorId")).isEqualTo(atlas.id());
        assertThat(anonymous.bearer(access).get("/api/exhibitors/" + atlas.id()).status()).as("the new access token works").isEqualTo(200);
        Document consumed = mongo.findById(Secrets.sha256(first), Document.class, "refresh_tokens");
        assertThat(consumed.get("usedAt")).isNotNull();
        assertThat(consumed.getString("replacedBy")).isEqualTo(Secrets.sha256(second));
        assertThat(consumed.getString("family")).isEqualTo(stored.getString("family"));

        HttpJson.Answer third = refresh(second);
        assertThat(third.status()).isEqualTo(200);
        HttpJson.Answer otherSession = signIn(atlas.email(), Onboarding.ADMIN_PASSWORD);

        HttpJson.Answer reused = refresh(first);
        assertThat(reused.status()).as("a consumed token").isEqualTo(401);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.json().get("reason").asString()).isEqualTo("REFRESH_REUSED");
        HttpJson.Answer newest = refresh(third.field("refreshToken"));
        assertThat(newest.status()).as("the newest token of a family ended by reuse").isEqualTo(401);
        assertThat(newest.json().get("reason").asString()).isEqualTo("SESSION_ENDED");
        assertThat(refresh(otherSession.field("refreshToken")).status()).as("another sign-in is another family").isEqualTo(200);
    }

    @Test
    void a_sign_out_ends_the_session_and_says_so_again_for_any_token() {
        HttpJson.Answer signedIn = signIn("organizer", Onboarding.ORGANIZER_PASSWORD);
        String next = refresh(signedIn.field("refreshToken")).field("refreshToken");
        HttpJson.Answer signedOut = anonymous.post("/api/auth/sign-out", body(next));
        assertThat(signedOut.status()).isEqualTo(204);
        HttpJson.Answer after = refresh(next);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("reason").asString()).isEqualTo("SESSION_ENDED");
        assertThat(anonymous.post("/api/auth/sign-out", body(next)).status()).as("again").isEqualTo(204);
        assertThat(anonymous.post("/api/auth/sign-out", body("A".repeat(43))).status()).as("an unknown token").isEqualTo(204);
        HttpJson.Answer unknown = refresh("A".repeat(43));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("reason").asString()).isEqualTo("REFRESH_UNKNOWN");
    }

    @Test
    void a_revoked_staff_member_or_device_gets_no_more_tokens() {
        Onboarding.Applicant atlas = onboarding.approved(onboarding.edition(List.of()), "en");
        assertThat(organizer.put("/api/exhibitors/" + atlas.id() + "/seats", "{\"seats\":1}").status()).isEqualTo(200);
        String amine = "amine-" + UUID.randomUUID() + "@atlas.example";
        assertThat(atlas.admin().post("/api/exhibitors/" + atlas.id() + "/staff",
                HttpJson.json(Map.of("email", amine, "name", "Amine"))).status()).isEqualTo(201);
        HttpJson.Answer accepted = anonymous.post("/api/invitations/" + invitationCode(amine) + "/accept",
                HttpJson.json(Map.of("password", "amine-passphrase-1")));
        assertThat(accepted.status()).isEqualTo(200);
        String phone = signIn(amine, "amine-passphrase-1").field("refreshToken");
        phone = refresh(phone).field("refreshToken");
        String laptop = signIn(amine, "amine-passphrase-1").field("refreshToken");

        assertThat(atlas.admin().delete("/api/exhibitors/" + atlas.id() + "/staff/" + accepted.field("staffId")).status())
                .isEqualTo(200);
        assertThat(refresh(phone).status()).as("the phone's session").isEqualTo(401);
        assertThat(refresh(laptop).status()).as("every session of the member").isEqualTo(401);

        // Even were the account left open (its closing lost), the exhibitor's list of staff decides.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(amine)), Update.update("active", true), "accounts");
        String reopened = signIn(amine, "amine-passphrase-1").field("refreshToken");
        HttpJson.Answer refused = refresh(reopened);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("reason").asString()).isEqualTo("ACCOUNT_CLOSED");
        assertThat(mongo.findById(Secrets.sha256(reopened), Document.class, "refresh_tokens").get("usedAt"))
                .as("a refused refresh changes nothing").isNull();

        String devices = "/api/exhibitors/" + atlas.id() + "/devices";
        String code = atlas.admin().post(devices, "{\"name\":\"Tablet\"}").field("setupCode");
        HttpJson.Answer activated = anonymous.post("/api/devices/activate", HttpJson.json(Map.of("setupCode", code)));
        String deviceId = activated.field("deviceId");
        String device = signIn(deviceId, activated.field("deviceSecret")).field("refreshToken");
        HttpJson.Answer deviceRefreshed = refresh(device);
        assertThat(deviceRefreshed.status()).isEqualTo(200);
        assertThat(atlas.admin().delete(devices + "/" + deviceId).status()).isEqualTo(200);
        assertThat(refresh(deviceRefreshed.field("refreshToken")).status()).as("a revoked device").isEqualTo(401);
    }

    @Test
    void malformed_or_oversized_input_is_refused_with_400() {
        for (String path : List.of("/api/auth/refresh", "/api/auth/sign-out")) {
            for (String bad : List.of("{}", "{\"refreshToken\":\"\"}", "{\"refreshToken\":{\"a\":1}}", "{\"refreshToken\":",
                    "not json", HttpJson.json(Map.of("refreshToken", "A".repeat(129))))) {
                HttpJson.Answer answer = anonymous.post(path, bad);
                assertThat(answer.status()).as("%s %s", path, bad).isEqualTo(400);
                assertThat(answer.contentType()).as("%s %s", path, bad).startsWith("application/problem+json");
            }
        }
    }

    private HttpJson.Answer signIn(String username, String password) {
        return anonymous.post("/api/auth/token", HttpJson.json(Map.of("username", username, "password", password)));
    }

    private HttpJson.Answer refresh(String token) {
        return anonymous.post("/api/auth/refresh", body(token));
    }

    private static String body(String token) {
        return HttpJson.json(Map.of("refreshToken", token));
    }

    private static String invitationCode(String email) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !TestMailServer.messagesTo(email).isEmpty());
        Matcher code = INVITATION.matcher(TestMailServer.body(TestMailServer.messagesTo(email).get(0)));
        assertThat(code.find()).isTrue();
        return code.group(1);
    }
}
