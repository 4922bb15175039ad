package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The organizer's list of an edition's exhibitors: by status, oldest application first, paged with a cursor. */
class ApplicationListIT extends ExhibitorServiceIT {

    @Test
    void the_organizer_lists_an_editions_applications_by_status_in_the_order_they_came() {
        String edition = onboarding.edition(List.of());
        String elsewhere = onboarding.edition(List.of());
        Onboarding.Applicant draft = onboarding.applicant(edition, "fr");
        Onboarding.Applicant waiting = submitted(edition);
        Onboarding.Applicant approved = onboarding.approved(edition, "en");
        Onboarding.Applicant rejected = submitted(edition);
        assertThat(organizer.post("/api/exhibitors/" + rejected.id() + "/reject", "{\"reason\":\"No smart-city product\"}")
                .status()).isEqualTo(200);
        Onboarding.Applicant secondWaiting = submitted(edition);
        submitted(elsewhere);

        JsonNode toReview = list(edition, "?status=SUBMITTED");
        assertThat(toReview.get("items").findValuesAsString("id")).containsExactly(waiting.id(), secondWaiting.id());
        assertThat(toReview.get("nextCursor").isNull()).isTrue();
        JsonNode first = toReview.get("items").get(0);
        assertThat(first.get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(first.get("profile").get("companyName").asString()).isEqualTo("Atlas Mobility");
        assertThat(first.get("profile").get("contactEmail").asString()).isEqualTo(waiting.email());
        assertThat(first.get("createdAt").asString()).isNotBlank();
        assertThat(first.has("staff") || first.has("history") || first.has("outbox")).as("a list item is a summary").isFalse();

        assertThat(list(edition, "?status=rejected").get("items").get(0).get("rejectionReason").asString())
                .isEqualTo("No smart-city product");
        assertThat(list(edition, "?status=APPROVED").get("items").findValuesAsString("id")).containsExactly(approved.id());
        assertThat(list(edition, "").get("items").findValuesAsString("id"))
                .containsExactly(draft.id(), waiting.id(), approved.id(), rejected.id(), secondWaiting.id());

        // Two at a time: every exhibitor once, in the same order, while another one applies in between.
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = list(edition, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(item -> paged.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            if (pages++ == 0) {
                onboarding.applicant(edition, "fr");
            }
        } while (cursor != null);
        assertThat(paged).hasSize(6).doesNotHaveDuplicates()
                .startsWith(draft.id(), waiting.id(), approved.id(), rejected.id(), secondWaiting.id());
    }

    @Test
    void only_the_organizer_lists_them_and_bad_requests_are_refused() {
        String edition = onboarding.edition(List.of());
        Onboarding.Applicant applicant = submitted(edition);
        String path = "/api/editions/" + edition + "/exhibitors";
        assertThat(anonymous.get(path).status()).isEqualTo(401);
        assertThat(applicant.admin().get(path).status()).as("an exhibitor sees no rival").isEqualTo(403);
        assertThat(organizer.get("/api/editions/no-such-edition/exhibitors").status()).isEqualTo(404);
        HttpJson.Answer status = organizer.get(path + "?status=PENDING");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().get("errors").findValuesAsString("field")).containsExactly("status");
        assertThat(organizer.get(path + "?cursor=not-a-cursor").status()).isEqualTo(400);
        assertThat(organizer.get(path + "?limit=0").status()).isEqualTo(400);
    }

    @Test
    void the_editions_are_listed_in_pages_that_name_each_edition_once() {
        List<String> opened = List.of(onboarding.edition(List.of()), onboarding.edition(List.of()), onboarding.edition(List.of()));
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = organizer.get("/api/editions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            assertThat(page.get("items").size()).isBetween(1, 2);
            page.get("items").forEach(item -> paged.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(paged).doesNotHaveDuplicates().containsAll(opened).isSorted();
        assertThat(organizer.get("/api/editions?limit=0").status()).isEqualTo(400);
    }

    private Onboarding.Applicant submitted(String edition) {
        Onboarding.Applicant applicant = onboarding.applicant(edition, "fr");
        assertThat(applicant.admin().post("/api/exhibitors/" + applicant.id() + "/submit", null).field("status")).isEqualTo("SUBMITTED");
        return applicant;
    }

    private JsonNode list(String edition, String query) {
        HttpJson.Answer answer = organizer.get("/api/editions/" + edition + "/exhibitors" + query);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }
}
