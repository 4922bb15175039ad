package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.expoleads.testsupport.HttpJson;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint the service describes, called without a token and with another exhibitor's
 * token. The list below must name every operation of the OpenAPI description, so a new endpoint
 * fails this test until someone decides who may call it.
 */
class AuthorizationMatrixIT extends ExhibitorServiceIT {

    /** SIGNED_IN: any account, on itself only (the path names no one else's data). */
    enum Access { PUBLIC, ORGANIZER, OWN_EXHIBITOR, SIGNED_IN }

    record Operation(String method, String path, Access access, String body) {
        String key() {
            return method + " " + path;
        }
    }

    private static final String SEATS = "{\"seats\":2}";
    private static final List<Operation> OPERATIONS = List.of(
            new Operation("POST", "/api/auth/token", Access.PUBLIC, null),
            new Operation("POST", "/api/auth/refresh", Access.PUBLIC, null),
            new Operation("POST", "/api/auth/sign-out", Access.PUBLIC, null),
            new Operation("GET", "/.well-known/jwks.json", Access.PUBLIC, null),
            new Operation("POST", "/api/auth/keys/rotate", Access.ORGANIZER, null),
            new Operation("PUT", "/api/auth/language", Access.SIGNED_IN, "{\"language\":\"ar\"}"),
            new Operation("GET", "/api/editions", Access.PUBLIC, null),
            new Operation("POST", "/api/editions", Access.ORGANIZER, "{}"),
            new Operation("GET", "/api/editions/{editionId}", Access.PUBLIC, null),
            new Operation("PATCH", "/api/editions/{editionId}", Access.ORGANIZER, "{}"),
            new Operation("GET", "/api/editions/{editionId}/booths", Access.ORGANIZER, null),
            new Operation("PUT", "/api/editions/{editionId}/booths", Access.ORGANIZER, "[]"),
            new Operation("POST", "/api/editions/{editionId}/booths/import", Access.ORGANIZER, "code,hall,area\n"),
            new Operation("POST", "/api/editions/{editionId}/exhibitors", Access.PUBLIC, null),
            new Operation("GET", "/api/editions/{editionId}/exhibitors", Access.ORGANIZER, null),
            new Operation("GET", "/api/exhibitors/{id}", Access.OWN_EXHIBITOR, null),
            new Operation("PATCH", "/api/exhibitors/{id}", Access.OWN_EXHIBITOR, "{\"sector\":\"OTHER\"}"),
            new Operation("POST", "/api/exhibitors/{id}/submit", Access.OWN_EXHIBITOR, null),
            new Operation("POST", "/api/exhibitors/{id}/withdraw", Access.OWN_EXHIBITOR, null),
            new Operation("POST", "/api/exhibitors/{id}/approve", Access.ORGANIZER, null),
            new Operation("POST", "/api/exhibitors/{id}/reject", Access.ORGANIZER, "{\"reason\":\"x\"}"),
            new Operation("PUT", "/api/exhibitors/{id}/booth", Access.ORGANIZER, "{\"boothCode\":\"A1\"}"),
            new Operation("PUT", "/api/exhibitors/{id}/seats", Access.ORGANIZER, SEATS),
            new Operation("GET", "/api/exhibitors/{id}/staff", Access.OWN_EXHIBITOR, null),
            new Operation("POST", "/api/exhibitors/{id}/staff", Access.OWN_EXHIBITOR, "{\"email\":\"spy@rival.example\",\"name\":\"Spy\"}"),
            new Operation("POST", "/api/exhibitors/{id}/staff/import", Access.OWN_EXHIBITOR, "email,name\nspy@rival.example,Spy\n"),
            new Operation("DELETE", "/api/exhibitors/{id}/staff/{staffId}", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/invitations/{token}", Access.PUBLIC, null),
            new Operation("POST", "/api/invitations/{token}/accept", Access.PUBLIC, null),
            new Operation("GET", "/api/exhibitors/{id}/devices", Access.OWN_EXHIBITOR, null),
            new Operation("POST", "/api/exhibitors/{id}/devices", Access.OWN_EXHIBITOR, "{\"name\":\"Tablet\"}"),
            new Operation("DELETE", "/api/exhibitors/{id}/devices/{deviceId}", Access.OWN_EXHIBITOR, null),
            new Operation("POST", "/api/devices/activate", Access.PUBLIC, null),
            new Operation("GET", "/api/exhibitors/{id}/webhooks", Access.OWN_EXHIBITOR, null),
            new Operation("POST", "/api/exhibitors/{id}/webhooks", Access.OWN_EXHIBITOR, "{\"url\":\"https://93.184.216.34/hook\"}"),
            new Operation("POST", "/api/exhibitors/{id}/webhooks/{webhookId}/rotate-secret", Access.OWN_EXHIBITOR, null),
            new Operation("DELETE", "/api/exhibitors/{id}/webhooks/{webhookId}", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/exhibitors/{id}/qualification-form", Access.OWN_EXHIBITOR, null),
            new Operation("PUT", "/api/exhibitors/{id}/qualification-form", Access.OWN_EXHIBITOR, "{\"questions\":[]}"),
            new Operation("GET", "/api/exhibitors/{id}/notification-settings", Access.OWN_EXHIBITOR, null),
            new Operation("PUT", "/api/exhibitors/{id}/notification-settings", Access.OWN_EXHIBITOR,
                    "{\"salesEmails\":[],\"alertOn\":\"ALL\",\"digest\":\"OFF\",\"exportFormat\":\"CSV\"}"));

    @Test
    void every_described_operation_has_its_access_decided() {
        Set<String> described = new HashSet<>();
        onboarding.anonymous.get("/v3/api-docs").json().get("paths").properties().forEach(path ->
                path.getValue().properties().forEach(method -> described.add(method.getKey().toUpperCase() + " " + path.getKey())));
        Set<String> decided = new HashSet<>();
        OPERATIONS.forEach(operation -> decided.add(operation.key()));
        assertThat(decided).containsExactlyInAnyOrderElementsOf(described);
    }

    @Test
    void without_a_token_401_and_with_another_exhibitors_token_403_or_404() {
        String edition = onboarding.edition(List.of());
        Onboarding.Applicant atlas = onboarding.approved(edition, "fr");
        Onboarding.Applicant rival = onboarding.approved(edition, "fr");
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : OPERATIONS) {
            if (operation.access() == Access.PUBLIC) {
                continue;
            }
            String path = operation.path().replace("{id}", atlas.id()).replace("{editionId}", edition)
                    .replace("{staffId}", UUID.randomUUID().toString()).replace("{deviceId}", UUID.randomUUID().toString())
                    .replace("{webhookId}", UUID.randomUUID().toString());
            softly.assertThat(call(anonymous, operation, path).status()).as("%s without a token", operation.key()).isEqualTo(401);
            if (operation.access() == Access.SIGNED_IN) {
                continue;
            }
            int foreign = call(rival.admin(), operation, path).status();
            softly.assertThat(foreign).as("%s with another exhibitor's token", operation.key()).isIn(403, 404);
        }
        softly.assertAll();
        assertThat(atlas.admin().get("/api/exhibitors/" + atlas.id()).json().get("revision").asInt())
                .as("nothing the rival tried changed the exhibitor").isEqualTo(3);
    }

    private static HttpJson.Answer call(HttpJson client, Operation operation, String path) {
        String body = operation.body() == null ? "{}" : operation.body();
        return switch (operation.method()) {
            case "GET" -> client.get(path);
            case "DELETE" -> client.delete(path);
            case "PUT" -> client.put(path, body);
            case "PATCH" -> client.patch(path, body);
            default -> path.endsWith("/import") ? client.postText(path, "text/csv", body) : client.post(path, body);
        };
    }
}
