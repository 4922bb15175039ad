package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.expoleads.events.EventTypes;
import io.expoleads.testsupport.HttpJson;
import org.assertj.core.api.SoftAssertions;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint notification-service describes, called without a token, with another exhibitor's
 * admin token, and with ids this service never heard of or that are no ids at all. The list below
 * must name every operation of the OpenAPI description, so a new endpoint fails this test until
 * someone decides who may call it.
 */
class AuthorizationMatrixIT extends NotificationServiceIT {

    enum Access { OWN_EXHIBITOR_ADMIN }

    record Operation(String method, String path, Access access) {
        String key() {
            return method + " " + path;
        }
    }

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("GET", "/api/exhibitors/{id}/deliveries", Access.OWN_EXHIBITOR_ADMIN),
            new Operation("GET", "/api/deliveries/{id}", Access.OWN_EXHIBITOR_ADMIN),
            new Operation("POST", "/api/deliveries/{id}/replay", Access.OWN_EXHIBITOR_ADMIN));

    @Test
    void every_described_operation_has_its_access_decided() {
        Set<String> described = new HashSet<>();
        api().get("/v3/api-docs").json().get("paths").properties().forEach(path ->
                path.getValue().properties().forEach(method -> described.add(method.getKey().toUpperCase() + " " + path.getKey())));
        Set<String> decided = new HashSet<>();
        OPERATIONS.forEach(operation -> decided.add(operation.key()));
        assertThat(decided).containsExactlyInAnyOrderElementsOf(described);
    }

    @Test
    void without_a_token_401_and_with_another_exhibitors_admin_404_and_nothing_replayed() {
        String exhibitor = knownExhibitor("en", "matrix@atlas.example");
        String rival = knownExhibitor("en", "matrix@rival.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(leadId, 1);
        String delivery = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/deliveries").json().get("items").get(0).get("id").asString();

        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : OPERATIONS) {
            String path = operation.path().replace("{id}", operation.path().startsWith("/api/exhibitors") ? exhibitor : delivery);
            softly.assertThat(call(api(), operation, path).status()).as("%s without a token", operation.key()).isEqualTo(401);
            HttpJson.Answer foreign = call(admin(rival), operation, path);
            softly.assertThat(foreign.status()).as("%s with another exhibitor's admin", operation.key()).isEqualTo(404);
            softly.assertThat(foreign.text()).as("%s", operation.key()).doesNotContain("matrix@atlas.example");
        }
        softly.assertAll();
        assertThat(emailsAbout(leadId)).as("nothing replayed").hasSize(1);
    }

    /**
     * The delivery log names an exhibitor, an aggregate of exhibitor-service: one this service never
     * heard of on {@code expo.exhibitors.v1} is 404 with its reason (after a short wait for one just
     * created), a malformed id 400; neither leaves anything behind.
     */
    @Test
    void a_path_naming_an_exhibitor_never_heard_of_is_404_and_a_malformed_one_400_changing_nothing() {
        List<Operation> naming = OPERATIONS.stream().filter(operation -> operation.path().startsWith("/api/exhibitors/{id}")).toList();
        assertThat(naming).as("the paths naming another service's aggregate").hasSize(1);
        String unknown = UUID.randomUUID().toString();
        for (Operation operation : naming) {
            // Its admin's token is real (exhibitor-service signs it), but this service never heard of the exhibitor.
            HttpJson.Answer unheardOf = call(admin(unknown), operation, operation.path().replace("{id}", unknown));
            assertThat(unheardOf.status()).as(unheardOf.text()).isEqualTo(404);
            assertThat(unheardOf.contentType()).startsWith("application/problem+json");
            assertThat(unheardOf.field("reason")).isEqualTo("UNKNOWN_EXHIBITOR");

            HttpJson.Answer malformed = call(admin("not-a-uuid"), operation, operation.path().replace("{id}", "not-a-uuid"));
            assertThat(malformed.status()).as(malformed.text()).isEqualTo(400);
            assertThat(malformed.contentType()).startsWith("application/problem+json");
            assertThat(malformed.field("reason")).isEqualTo("MALFORMED_ID");
        }
        for (String id : List.of(unknown, "not-a-uuid")) {
            Document namingIt = new Document("$or", List.of(new Document("_id", id), new Document("exhibitorId", id)));
            for (String collection : mongo.getCollectionNames()) {
                assertThat(mongo.getCollection(collection).countDocuments(namingIt)).as("%s in %s", id, collection).isZero();
            }
        }
    }

    private HttpJson api() {
        return new HttpJson("http://localhost:" + port);
    }

    private static HttpJson.Answer call(HttpJson client, Operation operation, String path) {
        return "GET".equals(operation.method()) ? client.get(path) : client.post(path, "{}");
    }
}
