package io.expoleads.lead.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.badge.BadgeRejectedException.Reason;
import io.expoleads.platform.web.ApiException;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * Badges end to end: the organizer fetches them as PNG, SVG and JSON; a scanner reads the QR code
 * and verifies it offline with the edition's public JWK Set; revocation and key rotation.
 */
class BadgeIT extends LeadServiceIT {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    Badges badges;
    @Autowired
    AttendeeDirectory attendees;

    @Test
    void a_scanner_reads_the_png_and_verifies_it_offline_with_the_editions_jwk_set() throws Exception {
        String attendee = importAttendee("B-1", "Youssef", true);

        HttpJson.Answer badge = organizer.get("/api/attendees/" + attendee + "/badge?format=json");
        assertThat(badge.status()).as(badge.text()).isEqualTo(200);
        assertThat(badge.contentType()).startsWith("application/json");
        String payload = badge.field("payload");
        assertThat(badge.field("attendeeId")).isEqualTo(attendee);
        assertThat(badge.field("editionId")).isEqualTo(edition);
        assertThat(badge.json().get("badgeNumber").asLong()).isEqualTo(1);

        HttpResponse<byte[]> png = fetch("/api/attendees/" + attendee + "/badge", "image/png", TestTokens.get().organizer());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        String scanned = QrImages.decode(QrImages.png(png.body()));
        assertThat(scanned).isEqualTo(payload);

        HttpJson.Answer keys = http.get("/api/editions/" + edition + "/badge-keys");
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.contentType()).startsWith("application/jwk-set+json");
        assertThat(keys.headers().firstValue("Cache-Control").orElse("")).contains("max-age=300").contains("public");
        assertThat(keys.text()).doesNotContain("\"d\"");

        // What a scanner app does offline: the kid picks the key of the edition's set, Nimbus checks the signature.
        JWSObject jws = JWSObject.parse(scanned);
        JWK jwk = JWKSet.parse(keys.text()).getKeyByKeyId(jws.getHeader().getKeyID());
        assertThat(jwk).isInstanceOf(OctetKeyPair.class);
        assertThat(jwk.isPrivate()).isFalse();
        assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(jwk.getAlgorithm().getName()).isEqualTo("EdDSA");
        assertThat(jwk.toOctetKeyPair().getCurve()).isEqualTo(Curve.Ed25519);
        assertThat(jws.verify(new Ed25519Verifier(jwk.toOctetKeyPair()))).isTrue();
        assertThat(jws.getPayload().toJSONObject()).containsEntry("e", edition).containsEntry("a", attendee).containsEntry("n", 1L);
        assertThat(jws.getHeader().getKeyID()).isEqualTo(badge.field("keyId"));

        assertThat(badges.verify(scanned, edition)).isEqualTo(new VerifiedBadge(edition, attendee, badge.field("keyId"), 1));
        assertThat(badges.payloadFor(attendee)).as("asked again, the same badge").isEqualTo(payload);
    }

    @Test
    void the_svg_and_the_json_carry_the_payload_of_the_png() {
        String attendee = importAttendee("B-2", "Nadia", false);
        String organizerToken = TestTokens.get().organizer();
        HttpResponse<byte[]> png = fetch("/api/attendees/" + attendee + "/badge", null, organizerToken);
        assertThat(png.headers().firstValue("Content-Type")).as("PNG when nothing is asked for").hasValue("image/png");
        String payload = QrImages.decode(QrImages.png(png.body()));
        assertThat(payload).isEqualTo(badges.payloadFor(attendee));

        HttpResponse<byte[]> svg = fetch("/api/attendees/" + attendee + "/badge", "image/svg+xml", organizerToken);
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        String text = new String(svg.body(), StandardCharsets.UTF_8);
        assertThat(QrImages.decode(QrImages.rasterize(text, 4))).isEqualTo(payload);
        assertThat(QrImages.lightBorder(QrImages.rasterize(text, 1))).isEqualTo(BadgeQr.QUIET_ZONE);

        HttpResponse<byte[]> byFormat = fetch("/api/attendees/" + attendee + "/badge?format=svg&size=200", "application/json",
                organizerToken);
        assertThat(byFormat.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(QrImages.svgRoot(new String(byFormat.body(), StandardCharsets.UTF_8)).getAttribute("width")).isEqualTo("200");

        HttpResponse<byte[]> json = fetch("/api/attendees/" + attendee + "/badge", "application/json", organizerToken);
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).contains("\"payload\":\"" + payload + "\"");
        HttpResponse<byte[]> largePng = fetch("/api/attendees/" + attendee + "/badge?format=PNG&size=1024", null, organizerToken);
        assertThat(QrImages.png(largePng.body()).getWidth()).isGreaterThanOrEqualTo(1024);
        assertThat(QrImages.decode(QrImages.png(largePng.body()))).isEqualTo(payload);

        assertThat(organizer.get("/api/attendees/" + attendee + "/badge?format=gif").status()).isEqualTo(400);
        assertThat(organizer.get("/api/attendees/" + attendee + "/badge?size=20000").json().get("errors").get(0).get("field").asString())
                .isEqualTo("size");
        assertThat(fetch("/api/attendees/" + attendee + "/badge", "text/html", organizerToken).statusCode()).isEqualTo(406);
    }

    @Test
    void a_revoked_badge_is_refused_here_at_once_and_on_another_instance_within_seconds_and_its_replacement_verifies() {
        String attendee = importAttendee("B-3", "Omar", true);
        String first = badges.payloadFor(attendee);
        Badges otherInstance = new Badges(attendees, new BadgeKeys(mongo, clock), new BadgeNumbers(mongo, clock), editions,
                new BadgeSignatureCacheProperties(100, Duration.ofHours(1)), new SimpleMeterRegistry());
        assertThat(otherInstance.verify(first, edition).badgeNumber()).isEqualTo(1);

        HttpJson.Answer revoked = organizer.post("/api/attendees/" + attendee + "/badge/revoke", null);
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.json().get("badgeNumber").asLong()).isEqualTo(2);
        String second = revoked.field("payload");

        // This instance knows at once; another one once its cached number expires.
        await().atMost(BadgeNumbers.TIME_TO_LIVE.multipliedBy(3)).ignoreExceptionsInstanceOf(AssertionError.class)
                .until(() -> catchThrowableOfType(BadgeRejectedException.class, () -> otherInstance.verify(first, edition)) != null);
        for (Badges instance : List.of(badges, otherInstance)) {
            BadgeRejectedException refused = catchThrowableOfType(BadgeRejectedException.class,
                    () -> instance.verify(first, edition));
            assertThat(refused.reason()).isEqualTo(Reason.REVOKED);
            assertThat(refused.getMessage()).contains("revoked");
            assertThat(instance.verify(second, edition).badgeNumber()).isEqualTo(2);
        }
        assertThat(badges.payloadFor(attendee)).isEqualTo(second);
        assertThat(organizer.get("/api/attendees/" + attendee + "/badge?format=json").json().get("badgeNumber").asLong())
                .isEqualTo(2);

        String third = organizer.post("/api/attendees/" + attendee + "/badge/revoke", null).field("payload");
        assertThat(catchThrowableOfType(BadgeRejectedException.class, () -> badges.verify(second, edition)).reason())
                .isEqualTo(Reason.REVOKED);
        assertThat(badges.verify(third, edition).badgeNumber()).isEqualTo(3);
        String neighbour = importAttendee("B-4", "Salma", true);
        assertThat(badges.verify(badges.payloadFor(neighbour), edition).badgeNumber())
                .as("only the revoked attendee's badges are affected").isEqualTo(1);
    }

    @Test
    void after_a_rotation_badges_of_both_keys_verify_and_the_key_set_holds_both() throws Exception {
        String attendee = importAttendee("B-5", "Hind", true);
        HttpJson.Answer before = organizer.get("/api/attendees/" + attendee + "/badge?format=json");
        String oldKey = before.field("keyId");

        HttpJson.Answer rotated = organizer.post("/api/editions/" + edition + "/badge-keys/rotate", null);
        assertThat(rotated.status()).as(rotated.text()).isEqualTo(201);
        String newKey = rotated.field("keyId");
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(rotated.field("editionId")).isEqualTo(edition);

        HttpJson.Answer after = organizer.get("/api/attendees/" + attendee + "/badge?format=json");
        assertThat(after.field("keyId")).isEqualTo(newKey);
        assertThat(after.json().get("badgeNumber").asLong()).as("the same badge, signed anew").isEqualTo(1);
        assertThat(after.field("payload")).isNotEqualTo(before.field("payload"));

        assertThat(badges.verify(before.field("payload"), edition).keyId()).isEqualTo(oldKey);
        assertThat(badges.verify(after.field("payload"), edition).keyId()).isEqualTo(newKey);
        JWKSet keys = JWKSet.parse(http.get("/api/editions/" + edition + "/badge-keys").text());
        assertThat(keys.getKeys()).extracting(JWK::getKeyID).containsExactly(newKey, oldKey);
        for (HttpJson.Answer badge : List.of(before, after)) {
            JWSObject jws = JWSObject.parse(badge.field("payload"));
            assertThat(jws.verify(new Ed25519Verifier(keys.getKeyByKeyId(jws.getHeader().getKeyID()).toOctetKeyPair()))).isTrue();
        }
    }

    @Test
    void an_exhibitors_team_gets_its_editions_keys_with_the_edition_and_sees_a_rotation() throws Exception {
        String exhibitor = approvedExhibitor();
        String path = "/api/exhibitors/" + exhibitor + "/badge-keys";
        HttpJson.Answer none = staff(exhibitor, "amine").get(path);
        assertThat(none.status()).as(none.text()).isEqualTo(200);
        assertThat(none.field("editionId")).isEqualTo(edition);
        assertThat(none.json().get("keys")).as("no badge yet, so no key").isEmpty();
        assertThat(none.headers().firstValue("Cache-Control").orElse("")).contains("max-age=60").contains("private");

        String attendee = importAttendee("B-9", "Nadia", true);
        String first = badges.payloadFor(attendee);
        HttpJson.Answer keys = device(exhibitor, "device-1").get(path);
        assertThat(keys.status()).as(keys.text()).isEqualTo(200);
        assertThat(keys.contentType()).startsWith("application/jwk-set+json");
        assertThat(keys.headers().firstValue("Cache-Control").orElse("")).contains("max-age=300").contains("private");
        assertThat(keys.text()).doesNotContain("\"d\"");
        assertThat(keys.field("editionId")).isEqualTo(edition);
        // Still a JWK Set for any JOSE library: the edition is a member it ignores.
        JWKSet set = JWKSet.parse(keys.text());
        assertThat(set.getKeys()).extracting(JWK::getKeyID).containsExactly(JWSObject.parse(first).getHeader().getKeyID());
        assertThat(set.getKeys()).isEqualTo(JWKSet.parse(http.get("/api/editions/" + edition + "/badge-keys").text()).getKeys());
        assertThat(admin(exhibitor).get(path).status()).isEqualTo(200);

        String newKey = organizer.post("/api/editions/" + edition + "/badge-keys/rotate", null).field("keyId");
        JWKSet rotated = JWKSet.parse(staff(exhibitor, "amine").get(path).text());
        assertThat(rotated.getKeys()).extracting(JWK::getKeyID)
                .containsExactly(newKey, JWSObject.parse(first).getHeader().getKeyID());
        JWSObject reissued = JWSObject.parse(badges.payloadFor(attendee));
        assertThat(reissued.verify(new Ed25519Verifier(rotated.getKeyByKeyId(newKey).toOctetKeyPair()))).isTrue();

        assertThat(http.get(path).status()).as("without a token").isEqualTo(401);
        assertThat(organizer.get(path).status()).as("the organizer reads the edition's own set").isEqualTo(403);
        assertThat(staff(approvedExhibitor(), "amine").get(path).status()).as("another exhibitor's staff").isEqualTo(404);
        HttpJson.Answer revoked = staff(exhibitor, "karim").get(path);
        assertThat(revoked.status()).as("a staff member without a seat").isEqualTo(403);
        assertThat(revoked.field("reason")).isEqualTo("STAFF_REVOKED");
    }

    @Test
    void payloads_changed_to_claim_another_edition_attendee_or_number_are_refused_with_the_reason() {
        String attendee = importAttendee("B-6", "Karim", true);
        String[] parts = badges.payloadFor(attendee).split("\\.");
        String ownEdition = edition;
        edition = openEdition();
        String stranger = importAttendee("B-7", "Stranger", true);
        String strangersBadge = badges.payloadFor(stranger);

        assertThat(reason(parts[0] + "." + claims(edition, attendee, 1) + "." + parts[2], edition))
                .as("this edition's key under claims of another edition").isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(reason(parts[0] + "." + claims(ownEdition, stranger, 1) + "." + parts[2], ownEdition))
                .isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(reason(parts[0] + "." + claims(ownEdition, attendee, 7) + "." + parts[2], ownEdition))
                .isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(reason(strangersBadge, ownEdition)).isEqualTo(Reason.WRONG_EDITION);
        assertThat(reason("https://phishing.example/badge", ownEdition)).isEqualTo(Reason.MALFORMED);
        assertThat(reason(attendee, ownEdition)).as("a bare attendee id is no badge").isEqualTo(Reason.MALFORMED);
        assertThat(reason(strangersBadge.replaceFirst("^[^.]+", Base64URL.encode(
                "{\"alg\":\"EdDSA\",\"kid\":\"AAAAAAAAAAAA\"}".getBytes(StandardCharsets.UTF_8)).toString()), edition))
                .isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void concurrent_first_badges_of_an_edition_make_one_key() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                edition = openEdition();
                List<Map<String, Object>> rows = IntStream.range(0, 8)
                        .<Map<String, Object>>mapToObj(i -> Map.of("registrationId", "C-" + i, "lastName", "Visitor " + i))
                        .toList();
                JsonNode imported = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(rows)).json();
                CyclicBarrier start = new CyclicBarrier(8);
                List<Future<String>> issued = new ArrayList<>();
                for (JsonNode row : imported.get("attendees")) {
                    String attendee = row.get("attendeeId").asString();
                    issued.add(pool.submit(() -> {
                        start.await();
                        return badges.payloadFor(attendee);
                    }));
                }
                Set<String> keyIds = new HashSet<>();
                for (Future<String> payload : issued) {
                    keyIds.add(JWSObject.parse(payload.get()).getHeader().getKeyID());
                }
                assertThat(keyIds).hasSize(1);
                assertThat(mongo.count(Query.query(Criteria.where("editionId").is(edition)), BadgeKeys.COLLECTION)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        StoredKey rival = new StoredKey("rivalKey0001", edition, 1, "x", "d", Instant.now());
        assertThatThrownBy(() -> mongo.insert(rival, BadgeKeys.COLLECTION))
                .as("a second key of the same generation, as another instance would make it")
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void an_edition_without_badges_has_an_empty_key_set_and_asking_makes_none() {
        HttpJson.Answer keys = http.get("/api/editions/" + edition + "/badge-keys");
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.json().get("keys").size()).isZero();
        assertThat(keys.headers().firstValue("Cache-Control").orElse("")).contains("max-age=60");
        assertThat(mongo.count(Query.query(Criteria.where("editionId").is(edition)), BadgeKeys.COLLECTION)).isZero();
    }

    @Test
    void an_edition_lead_capture_never_heard_of_has_no_keys_and_gets_none() {
        String unknownEdition = UUID.randomUUID().toString();
        HttpJson.Answer keys = http.get("/api/editions/" + unknownEdition + "/badge-keys");
        assertThat(keys.status()).isEqualTo(404);
        assertThat(keys.contentType()).startsWith("application/problem+json");
        assertThat(keys.field("reason")).isEqualTo("UNKNOWN_EDITION");
        HttpJson.Answer rotated = organizer.post("/api/editions/" + unknownEdition + "/badge-keys/rotate", null);
        assertThat(rotated.status()).isEqualTo(404);
        assertThat(rotated.field("reason")).isEqualTo("UNKNOWN_EDITION");
        assertThat(http.get("/api/editions/not-a-uuid/badge-keys").status()).isEqualTo(400);
        assertThat(organizer.post("/api/editions/not-a-uuid/badge-keys/rotate", null).field("reason")).isEqualTo("MALFORMED_ID");
        assertThat(mongo.count(Query.query(Criteria.where("editionId").in(unknownEdition, "not-a-uuid")), BadgeKeys.COLLECTION))
                .as("no key for an edition that does not exist").isZero();

        // An attendee stored for an edition never heard of (as imports allowed before they checked): no badge, no key.
        String ghost = UUID.randomUUID().toString();
        mongo.getCollection("attendees").insertOne(new Document("_id", ghost).append("editionId", unknownEdition)
                .append("registrationId", "G-1").append("lastName", "Ghost").append("shareContact", false).append("revision", 1L));
        try {
            HttpJson.Answer badge = organizer.get("/api/attendees/" + ghost + "/badge?format=json");
            assertThat(badge.status()).as(badge.text()).isEqualTo(404);
            assertThat(badge.field("reason")).isEqualTo("UNKNOWN_EDITION");
            assertThat(organizer.post("/api/attendees/" + ghost + "/badge/revoke", null).field("reason")).isEqualTo("UNKNOWN_EDITION");
            assertThat(mongo.count(Query.query(Criteria.where("editionId").is(unknownEdition)), BadgeKeys.COLLECTION)).isZero();
            assertThat(mongo.findById(ghost, Document.class, BadgeNumbers.COLLECTION)).isNull();
        } finally {
            mongo.getCollection("attendees").deleteOne(new Document("_id", ghost));
        }
    }

    @Test
    void only_the_organizer_gets_revokes_and_rotates_and_an_unknown_attendee_is_404() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("B-8", "Imane", true);
        HttpJson staff = staff(exhibitor, "amine");
        String badge = "/api/attendees/" + attendee + "/badge";
        String revoke = badge + "/revoke";
        String rotate = "/api/editions/" + edition + "/badge-keys/rotate";

        assertThat(http.get(badge).status()).isEqualTo(401);
        assertThat(http.post(revoke, null).status()).isEqualTo(401);
        assertThat(http.post(rotate, null).status()).isEqualTo(401);
        assertThat(staff.get(badge).status()).isEqualTo(403);
        assertThat(staff.post(revoke, null).status()).isEqualTo(403);
        assertThat(staff.post(rotate, null).status()).isEqualTo(403);
        assertThat(admin(exhibitor).get(badge).status()).isEqualTo(403);
        assertThat(mongo.count(Query.query(Criteria.where("editionId").is(edition)), BadgeKeys.COLLECTION))
                .as("refused calls made no key").isZero();
        assertThat(mongo.findById(attendee, Document.class, BadgeNumbers.COLLECTION)).as("nor revoked anything").isNull();
        assertThat(staff.get("/api/editions/" + edition + "/badge-keys").status()).isEqualTo(200);

        String nobody = UUID.randomUUID().toString();
        HttpJson.Answer missing = organizer.get("/api/attendees/" + nobody + "/badge?format=json");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.field("title")).isEqualTo("Attendee not found");
        assertThat(fetch("/api/attendees/" + nobody + "/badge", "image/png", TestTokens.get().organizer()).statusCode())
                .isEqualTo(404);
        assertThat(organizer.post("/api/attendees/" + nobody + "/badge/revoke", null).status()).isEqualTo(404);
        assertThat(mongo.findById(nobody, Document.class, BadgeNumbers.COLLECTION)).isNull();
        assertThatThrownBy(() -> badges.payloadFor(nobody)).isInstanceOf(ApiException.class);
    }

    private Reason reason(String payload, String expectedEdition) {
        return catchThrowableOfType(BadgeRejectedException.class, () -> badges.verify(payload, expectedEdition)).reason();
    }

    private static String claims(String editionId, String attendeeId, long number) {
        return Base64URL.encode(("{\"e\":\"" + editionId + "\",\"a\":\"" + attendeeId + "\",\"n\":" + number + "}")
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private HttpResponse<byte[]> fetch(String path, String accept, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
