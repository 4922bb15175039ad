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
import io.expoleads.events.Topics;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import io.expoleads.testsupport.TopicReader;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StaffIT extends ExhibitorServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TOKEN = Pattern.compile("/scan/#invitation=([A-Za-z0-9_-]{43})");

    @Test
    void an_invited_staff_member_takes_a_seat_signs_in_and_loses_it_when_revoked() throws Exception {
        Onboarding.Applicant atlas = approvedExhibitor();
        assertThat(organizer.put("/api/exhibitors/" + atlas.id() + "/seats", "{\"seats\":1}").status()).isEqualTo(200);

        String amine = "amine-" + UUID.randomUUID() + "@atlas.example";
        String nadia = "nadia-" + UUID.randomUUID() + "@atlas.example";
        assertThat(atlas.admin().post("/api/exhibitors/" + atlas.id() + "/staff", invite(amine, "Amine")).status()).isEqualTo(201);
        assertThat(atlas.admin().post("/api/exhibitors/" + atlas.id() + "/staff", invite(nadia, "Nadia")).status()).isEqualTo(201);
        String amineToken = invitationToken(amine);
        String nadiaToken = invitationToken(nadia);

        // The link opens on who is invited and by whom, before any password is chosen.
        JsonNode preview = anonymous.get("/api/invitations/" + amineToken).json();
        assertThat(preview.get("email").asString()).isEqualTo(amine);
        assertThat(preview.get("name").asString()).isEqualTo("Amine");
        assertThat(preview.get("companyName").asString()).isEqualTo("Atlas Mobility");
        assertThat(preview.get("state").asString()).isEqualTo("OPEN");
        assertThat(anonymous.get("/api/invitations/" + "B".repeat(43)).status()).as("an unknown code").isEqualTo(404);

        HttpJson.Answer accepted = anonymous.post("/api/invitations/" + amineToken + "/accept", password("amine-passphrase-1"));
        assertThat(accepted.status()).isEqualTo(200);
        String amineStaffId = accepted.field("staffId");
        String amineAccess = anonymous.post("/api/auth/token",
                HttpJson.json(Map.of("username", amine, "password", "amine-passphrase-1"))).field("accessToken");
        SignedJWT staffToken = SignedJWT.parse(amineAccess);
        HttpJson amineClient = anonymous.bearer(amineAccess);
        assertThat(amineClient.get("/api/exhibitors/" + atlas.id() + "/qualification-form").status()).as("staff read their form").isEqualTo(200);
        assertThat(amineClient.put("/api/exhibitors/" + atlas.id() + "/qualification-form", "{\"questions\":[]}").status())
                .as("but do not change it").isEqualTo(403);
        assertThat(amineClient.get("/api/exhibitors/" + atlas.id() + "/staff").status()).isEqualTo(403);
        Onboarding.Applicant rival = approvedExhibitor();
        assertThat(amineClient.get("/api/exhibitors/" + rival.id() + "/qualification-form").status())
                .as("nor another exhibitor's").isEqualTo(404);
        assertThat(staffToken.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("STAFF");
        assertThat(staffToken.getJWTClaimsSet().getStringClaim("exhibitorId")).isEqualTo(atlas.id());
        assertThat(staffToken.getJWTClaimsSet().getStringClaim("staffId")).isEqualTo(amineStaffId);

        assertThat(anonymous.post("/api/invitations/" + amineToken + "/accept", password("amine-passphrase-1")).status())
                .as("an invitation works once").isEqualTo(410);
        assertThat(anonymous.get("/api/invitations/" + amineToken).field("state")).isEqualTo("ACCEPTED");
        HttpJson.Answer noSeat = anonymous.post("/api/invitations/" + nadiaToken + "/accept", password("nadia-passphrase-1"));
        assertThat(noSeat.status()).as("one seat, already taken").isEqualTo(409);
        assertThat(noSeat.field("reason")).isEqualTo("NO_SEAT_LEFT");

        HttpJson.Answer revoked = atlas.admin().delete("/api/exhibitors/" + atlas.id() + "/staff/" + amineStaffId);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("seatsUsed").asInt()).isZero();
        assertThat(anonymous.post("/api/auth/token", HttpJson.json(Map.of("username", amine, "password", "amine-passphrase-1")))
                .status()).as("a revoked member cannot sign in").isEqualTo(401);
        assertThat(anonymous.post("/api/invitations/" + nadiaToken + "/accept", password("nadia-passphrase-1")).status()).isEqualTo(200);
        HttpJson.Answer member = atlas.admin().post("/api/exhibitors/" + atlas.id() + "/staff", invite(nadia, "Nadia"));
        assertThat(member.status()).as("a member already").isEqualTo(409);
        assertThat(member.field("reason")).isEqualTo("ACCOUNT_EXISTS");

        JsonNode team = atlas.admin().get("/api/exhibitors/" + atlas.id() + "/staff").json();
        assertThat(team.get("seats").asInt()).isEqualTo(1);
        assertThat(team.get("seatsUsed").asInt()).isEqualTo(1);
        assertThat(team.get("staff").findValuesAsString("status")).containsExactly("REVOKED", "ACTIVE");

        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EXHIBITORS)) {
            JsonNode latest = json.readTree(topic.await(record -> atlas.id().equals(record.key())
                    && json.readTree(record.value()).get("payload").get("activeStaff").size() == 1
                    && !json.readTree(record.value()).get("payload").get("activeStaff").toString().contains(amineStaffId), WAIT).value());
            assertThat(latest.get("payload").get("seats").asInt()).isEqualTo(1);
            // A revoked member keeps a name: scans made before the revocation still show who made them.
            assertThat(latest.get("payload").get("teamNames").has(amineStaffId)).isTrue();
            assertThat(latest.get("payload").get("teamNames").size()).isEqualTo(2);
        }
    }

    @Test
    void only_the_exhibitors_admin_manages_its_staff_and_only_the_organizer_sets_seats() {
        Onboarding.Applicant atlas = approvedExhibitor();
        Onboarding.Applicant rival = approvedExhibitor();
        String path = "/api/exhibitors/" + atlas.id();

        assertThat(anonymous.put(path + "/seats", "{\"seats\":3}").status()).isEqualTo(401);
        assertThat(atlas.admin().put(path + "/seats", "{\"seats\":30}").status()).isEqualTo(403);
        assertThat(anonymous.post(path + "/staff", invite("x@atlas.example", "X")).status()).isEqualTo(401);
        assertThat(anonymous.get(path + "/staff").status()).isEqualTo(401);
        assertThat(rival.admin().post(path + "/staff", invite("spy@rival.example", "Spy")).status()).isEqualTo(404);
        assertThat(rival.admin().get(path + "/staff").status()).isEqualTo(404);
        assertThat(rival.admin().delete(path + "/staff/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(organizer.post(path + "/staff", invite("x@atlas.example", "X")).status()).isEqualTo(403);
        assertThat(TestMailServer.messagesTo("spy@rival.example")).isEmpty();

        assertThat(organizer.put(path + "/seats", "{\"seats\":-1}").status()).isEqualTo(400);
        assertThat(organizer.put(path + "/seats", "{\"seats\":\"many\"}").status()).isEqualTo(400);
        assertThat(atlas.admin().post(path + "/staff", invite("not-an-email", "X")).status()).isEqualTo(400);
        assertThat(anonymous.post("/api/invitations/" + "A".repeat(43) + "/accept", password("some-passphrase-1")).status()).isEqualTo(404);
        assertThat(atlas.admin().get(path + "/staff").json().get("pending")).isEmpty();
        String twice = "twice-" + UUID.randomUUID() + "@atlas.example";
        assertThat(atlas.admin().post(path + "/staff", invite(twice, "Twice")).status()).isEqualTo(201);
        HttpJson.Answer again = atlas.admin().post(path + "/staff", invite(twice, "Twice"));
        assertThat(again.status()).as("invited already, no answer yet").isEqualTo(409);
        assertThat(again.field("reason")).isEqualTo("ALREADY_INVITED");
    }

    @Test
    void staff_are_invited_from_a_csv_row_by_row() {
        Onboarding.Applicant atlas = approvedExhibitor();
        String first = "hind-" + UUID.randomUUID() + "@atlas.example";
        String second = "omar-" + UUID.randomUUID() + "@atlas.example";
        HttpJson.Answer report = atlas.admin().postText("/api/exhibitors/" + atlas.id() + "/staff/import", "text/csv",
                "email,name\n" + first + ",Hind\nnot-an-email,Bad\n" + second + ",Omar\n" + first + ",Hind again\n");
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("rows").asInt()).isEqualTo(4);
        assertThat(report.json().get("invited").findValuesAsString("email")).containsExactly(first, second);
        assertThat(report.json().get("rejected").findValuesAsString("row")).containsExactly("3", "5");
        assertThat(report.json().get("rejected").get(1).get("reason").asString()).contains("already invited");
        assertThat(TestMailServer.messagesTo(second)).hasSize(1);
        assertThat(atlas.admin().postText("/api/exhibitors/" + atlas.id() + "/staff/import", "text/csv", "mail\nx\n").status())
                .isEqualTo(400);
    }

    private Onboarding.Applicant approvedExhibitor() {
        return onboarding.approved(onboarding.edition(List.of()), "en");
    }

    private static String invitationToken(String email) {
        await().atMost(WAIT).until(() -> !TestMailServer.messagesTo(email).isEmpty());
        MimeMessage message = TestMailServer.messagesTo(email).get(0);
        assertThat(TestMailServer.subject(message)).isEqualTo("You are invited to scan leads for Atlas Mobility");
        assertThat(TestMailServer.body(message)).contains("http://localhost:8080/scan/#invitation=");
        Matcher token = TOKEN.matcher(TestMailServer.body(message));
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private static String invite(String email, String name) {
        return HttpJson.json(Map.of("email", email, "name", name));
    }

    private static String password(String password) {
        return HttpJson.json(Map.of("password", password));
    }
}
