package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BoothIT extends ExhibitorServiceIT {

    @Test
    void the_organizer_keeps_an_editions_halls_and_booth_inventory_from_json_and_csv() {
        String edition = edition();
        HttpJson.Answer halls = organizer.patch("/api/editions/" + edition, "{\"halls\":[\"Hall 1\",\"Hall 2\"],\"venue\":\"OFEC Casablanca\"}");
        assertThat(halls.status()).isEqualTo(200);
        assertThat(halls.json().get("halls").toString()).isEqualTo("[\"Hall 1\",\"Hall 2\"]");
        assertThat(halls.field("venue")).isEqualTo("OFEC Casablanca");
        assertThat(halls.field("name")).isEqualTo("Smart City Expo Casablanca 2026");

        HttpJson.Answer json = organizer.put("/api/editions/" + edition + "/booths", HttpJson.json(List.of(
                Map.of("code", "A1", "hall", "Hall 1", "area", 18, "category", "corner"),
                Map.of("code", "A2", "hall", "Hall 1", "area", 9),
                Map.of("code", "bad code!", "hall", "Hall 9", "area", -3))));
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().get("created").asInt()).isEqualTo(2);
        assertThat(json.json().get("rejected").findValuesAsString("field")).containsExactly("code", "hall", "area");

        HttpJson.Answer csv = organizer.postText("/api/editions/" + edition + "/booths/import", "text/csv",
                "code,hall,area,category\nA2,Hall 2,12.5,island\nB1,Hall 2,\"36,0\",\nB2,,40,\n");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.json().get("created").asInt()).isEqualTo(1);
        assertThat(csv.json().get("updated").asInt()).isEqualTo(1);
        assertThat(csv.json().get("rejected").get(0).get("row").asInt()).isEqualTo(3);

        JsonNode booths = organizer.get("/api/editions/" + edition + "/booths").json();
        assertThat(booths.findValuesAsString("code")).containsExactly("A1", "A2", "B1");
        assertThat(booths.get(1).get("hall").asString()).isEqualTo("Hall 2");
        assertThat(booths.get(2).get("areaSquareMetres").asDouble()).isEqualTo(36.0);

        assertThat(organizer.postText("/api/editions/" + edition + "/booths/import", "text/csv", "name,size\nA,1\n").status())
                .isEqualTo(400);
        assertThat(anonymous.get("/api/editions/" + edition + "/booths").status()).isEqualTo(401);
        assertThat(organizer.patch("/api/editions/" + edition, "{\"timeZone\":\"Mars/Olympus\"}").status()).isEqualTo(400);
        assertThat(organizer.patch("/api/editions/" + edition, "{\"id\":\"another\"}").json().get("errors").findValuesAsString("field"))
                .containsExactly("id");
    }

    @Test
    void a_withdrawn_exhibitor_frees_its_booth() {
        String edition = edition();
        organizer.put("/api/editions/" + edition + "/booths", HttpJson.json(List.of(Map.of("code", "D1", "hall", "Hall 2", "area", 9))));
        Onboarding.Applicant applicant = onboarding.applicant(edition, "fr");
        String atlas = applicant.id();
        assertThat(organizer.put("/api/exhibitors/" + atlas + "/booth", "{\"boothCode\":\"D1\"}").status()).isEqualTo(200);
        assertThat(applicant.admin().put("/api/exhibitors/" + atlas + "/booth", "{\"boothCode\":\"D1\"}")
                .status()).as("only the organizer assigns booths").isEqualTo(403);
        applicant.admin().post("/api/exhibitors/" + atlas + "/withdraw", null);
        JsonNode booth = organizer.get("/api/editions/" + edition + "/booths").json().get(0);
        assertThat(booth.get("exhibitorId") == null || booth.get("exhibitorId").isNull()).isTrue();
        assertThat(organizer.get("/api/exhibitors/" + atlas).field("boothCode")).isNull();
    }

    @Test
    void two_organizers_assigning_one_booth_at_once_leave_exactly_one_winner() throws Exception {
        String edition = edition();
        organizer.put("/api/editions/" + edition + "/booths", HttpJson.json(List.of(
                Map.of("code", "C1", "hall", "Hall 1", "area", 18), Map.of("code", "C2", "hall", "Hall 1", "area", 18))));
        String atlas = applicant(edition);
        String rival = applicant(edition);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpJson.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String exhibitor = i % 2 == 0 ? atlas : rival;
                Callable<HttpJson.Answer> assign = () -> organizer.put("/api/exhibitors/" + exhibitor + "/booth", "{\"boothCode\":\"C1\"}");
                answers.add(pool.submit(assign));
            }
            for (Future<HttpJson.Answer> answer : answers) {
                assertThat(answer.get().status()).isIn(200, 409);
            }
        } finally {
            pool.shutdown();
        }
        String holder = organizer.get("/api/editions/" + edition + "/booths").json().get(0).get("exhibitorId").asString();
        assertThat(holder).isIn(atlas, rival);
        String loser = holder.equals(atlas) ? rival : atlas;
        assertThat(organizer.get("/api/exhibitors/" + holder).field("boothCode")).isEqualTo("C1");
        assertThat(organizer.get("/api/exhibitors/" + loser).field("boothCode")).isNull();
        long winners = answers.stream().filter(answer -> {
            try {
                return answer.get().status() == 200 && holder.equals(answer.get().field("exhibitorId"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
        assertThat(winners).isEqualTo(4);

        assertThat(organizer.put("/api/exhibitors/" + holder + "/booth", "{\"boothCode\":\"C2\"}").status()).isEqualTo(200);
        assertThat(organizer.put("/api/exhibitors/" + loser + "/booth", "{\"boothCode\":\"C1\"}").field("boothCode"))
                .as("the first booth was freed").isEqualTo("C1");
        assertThat(organizer.put("/api/exhibitors/" + loser + "/booth", "{\"boothCode\":\"Z9\"}").status()).isEqualTo(404);
    }

    private String edition() {
        return onboarding.edition(List.of("Hall 1", "Hall 2"));
    }

    private String applicant(String edition) {
        return onboarding.applicant(edition, "fr").id();
    }
}
