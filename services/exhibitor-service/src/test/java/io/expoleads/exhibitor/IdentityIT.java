package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.expoleads.exhibitor.identity.Accounts;
import io.expoleads.exhibitor.identity.Role;
import io.expoleads.exhibitor.identity.SigningKeys;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"expo.organizer.password=organizer-secret-for-tests", "expo.auth.login-attempts=3"})
@Import(ExpoTestInfrastructure.class)
class IdentityIT {

    private static final String EDITION = "{\"name\":\"Edition\",\"venue\":\"OFEC\",\"startDate\":\"2026-11-24\",\"endDate\":\"2026-11-26\"}";

    @LocalServerPort
    int port;
    @Autowired
    SigningKeys keys;
    @Autowired
    Accounts accounts;

    HttpJson http;

    @BeforeEach
    void connect() {
        http = new HttpJson("http://localhost:" + port);
    }

    @Test
    void a_sign_in_gets_a_signed_token_that_the_published_keys_verify() throws Exception {
        HttpJson.Answer answer = http.post("/api/auth/token", signIn("organizer", "organizer-secret-for-tests"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.field("tokenType")).isEqualTo("Bearer");
        SignedJWT token = SignedJWT.parse(answer.field("accessToken"));
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("urn:expo-leads:exhibitor-service");
        assertThat(claims.getAudience()).containsExactly("expo-leads");
        assertThat(claims.getSubject()).isEqualTo("organizer");
        assertThat(claims.getStringListClaim("roles")).containsExactly("ORGANIZER");
        assertThat(claims.getExpirationTime()).isAfter(new Date());

        JsonNode jwks = http.get("/.well-known/jwks.json").json();
        JsonNode key = jwks.get("keys").get(0);
        assertThat(key.get("kid").asString()).isEqualTo(token.getHeader().getKeyID());
        assertThat(key.has("d")).as("the private exponent is never published").isFalse();
        assertThat(token.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(RSAKey.parse(key.toString())))).isTrue();
    }

    @Test
    void a_wrong_password_is_refused_and_repeated_failures_are_throttled() {
        String account = "admin-" + UUID.randomUUID() + "@atlas.example";
        accounts.create(account, "the-right-password", Set.of(Role.EXHIBITOR_ADMIN), "exhibitor-1");
        assertThat(http.post("/api/auth/token", signIn(account, "the-right-password")).status()).isEqualTo(200);
        HttpJson.Answer wrong = http.post("/api/auth/token", signIn(account, "guess-1"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(http.post("/api/auth/token", signIn("nobody@example.com", "x")).status()).isEqualTo(401);
        http.post("/api/auth/token", signIn(account, "guess-2"));
        http.post("/api/auth/token", signIn(account.toUpperCase(), "guess-3"));

        HttpJson.Answer throttled = http.post("/api/auth/token", signIn(account, "the-right-password"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(throttled.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(http.post("/api/auth/token", "{\"username\":\"organizer\"}").status()).isEqualTo(400);
    }

    @Test
    void behind_the_web_tier_failures_count_against_the_browsers_address_not_the_web_tiers() throws Exception {
        // Three attempts an account, thirty an address: ten accounts' wrong passwords from one browser...
        for (int i = 0; i < 10; i++) {
            String account = "guess-" + i + "-" + UUID.randomUUID() + "@atlas.example";
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThat(signInFrom("198.51.100.23", account, "wrong").statusCode()).isEqualTo(401);
            }
        }
        // ...stop that browser, whatever the account,
        assertThat(signInFrom("198.51.100.23", "someone-" + UUID.randomUUID() + "@atlas.example", "x").statusCode()).isEqualTo(429);
        // while the next booth's browser, through the same web tier, is not held back.
        String account = "admin-" + UUID.randomUUID() + "@atlas.example";
        accounts.create(account, "the-right-password", Set.of(Role.EXHIBITOR_ADMIN), "exhibitor-1");
        assertThat(signInFrom("198.51.100.24", account, "the-right-password").statusCode()).isEqualTo(200);
    }

    /** A sign-in as the web tier forwards it: from this machine, naming the browser's address. */
    private java.net.http.HttpResponse<String> signInFrom(String browser, String username, String password) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/auth/token"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", browser)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(signIn(username, password))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void after_a_rotation_new_tokens_use_the_new_key_and_old_tokens_stay_valid() throws Exception {
        HttpJson before = signedInOrganizer();
        String oldKey = keys.activeKey().getKeyID();
        HttpJson.Answer rotated = before.post("/api/auth/keys/rotate", null);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.field("keyId")).isNotEqualTo(oldKey);

        assertThat(before.post("/api/editions", EDITION).status()).isEqualTo(201);
        HttpJson.Answer fresh = http.post("/api/auth/token", signIn("organizer", "organizer-secret-for-tests"));
        assertThat(SignedJWT.parse(fresh.field("accessToken")).getHeader().getKeyID()).isEqualTo(rotated.field("keyId"));
        assertThat(http.get("/.well-known/jwks.json").json().get("keys").findValuesAsString("kid"))
                .contains(oldKey, rotated.field("keyId"));
        assertThat(http.post("/api/auth/keys/rotate", null).status()).isEqualTo(401);
    }

    @Test
    void forged_expired_and_foreign_tokens_are_refused() throws Exception {
        RSAKey ours = keys.activeKey();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(ours.getKeyID()).generate();
        Instant now = Instant.now();
        JWTClaimsSet.Builder valid = new JWTClaimsSet.Builder().issuer("urn:expo-leads:exhibitor-service")
                .audience("expo-leads").subject("organizer").claim("roles", List.of("ORGANIZER"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));

        assertThat(http.bearer(sign(valid.build(), ours)).post("/api/editions", EDITION).status())
                .as("a token signed with our key and valid claims").isEqualTo(201);
        assertThat(http.bearer(sign(valid.build(), stranger)).post("/api/editions", EDITION).status())
                .as("signed with another key under our key id").isEqualTo(401);
        assertThat(http.bearer(sign(new JWTClaimsSet.Builder(valid.build())
                .expirationTime(Date.from(now.minusSeconds(300))).build(), ours)).post("/api/editions", EDITION).status())
                .as("expired").isEqualTo(401);
        assertThat(http.bearer(sign(new JWTClaimsSet.Builder(valid.build()).audience("another-app").build(), ours))
                .post("/api/editions", EDITION).status()).as("other audience").isEqualTo(401);
        assertThat(http.bearer(sign(new JWTClaimsSet.Builder(valid.build()).issuer("https://evil.example").build(), ours))
                .post("/api/editions", EDITION).status()).as("other issuer").isEqualTo(401);
        assertThat(http.bearer(sign(new JWTClaimsSet.Builder(valid.build()).claim("roles", List.of("STAFF")).build(), ours))
                .post("/api/editions", EDITION).status()).as("wrong role").isEqualTo(403);
    }

    @Test
    void the_service_describes_its_api_in_openapi() {
        HttpJson.Answer description = http.get("/v3/api-docs");
        assertThat(description.status()).isEqualTo(200);
        assertThat(description.json().get("openapi").asString()).startsWith("3.");
        JsonNode paths = description.json().get("paths");
        assertThat(paths.has("/api/exhibitors/{id}")).isTrue();
        assertThat(paths.has("/api/invitations/{token}/accept")).isTrue();
        assertThat(paths.has("/api/auth/token")).isTrue();
        // Relative: read through the web tier's API page, its calls stay on the web tier's origin.
        assertThat(description.json().at("/servers/0/url").asString()).isEqualTo("/");
    }

    private HttpJson signedInOrganizer() {
        return http.signedIn("organizer", "organizer-secret-for-tests");
    }

    private static String signIn(String username, String password) {
        return HttpJson.json(Map.of("username", username, "password", password));
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
