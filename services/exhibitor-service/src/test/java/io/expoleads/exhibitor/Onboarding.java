package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.expoleads.testsupport.HttpJson;

/** The onboarding steps the exhibitor-service tests build on, as a client performs them. */
final class Onboarding {

    static final String ORGANIZER_PASSWORD = "organizer-secret-for-tests";
    static final String ADMIN_PASSWORD = "admin-passphrase-1";

    final HttpJson anonymous;
    final HttpJson organizer;

    Onboarding(int port) {
        anonymous = new HttpJson("http://localhost:" + port);
        organizer = anonymous.signedIn("organizer", ORGANIZER_PASSWORD);
    }

    /** An exhibitor that applied, with a client signed in as its admin. */
    record Applicant(String id, String email, HttpJson admin) {
    }

    String edition(Object halls) {
        return organizer.post("/api/editions", HttpJson.json(Map.of("name", "Smart City Expo Casablanca 2026", "venue", "OFEC",
                "startDate", "2026-11-24", "endDate", "2026-11-26", "halls", halls))).field("id");
    }

    Applicant applicant(String edition, String language) {
        String email = "admin-" + UUID.randomUUID() + "@atlas.example";
        HttpJson.Answer applied = anonymous.post("/api/editions/" + edition + "/exhibitors", HttpJson.json(Map.of(
                "companyName", "Atlas Mobility", "contactName", "Salma", "contactEmail", email, "language", language,
                "salesEmails", java.util.List.of("sales@atlas.example"), "password", ADMIN_PASSWORD)));
        assertThat(applied.status()).as(applied.text()).isEqualTo(201);
        return new Applicant(applied.field("id"), email, anonymous.signedIn(email, ADMIN_PASSWORD));
    }

    Applicant approved(String edition, String language) {
        Applicant applicant = applicant(edition, language);
        applicant.admin().post("/api/exhibitors/" + applicant.id() + "/submit", null);
        assertThat(organizer.post("/api/exhibitors/" + applicant.id() + "/approve", null).field("status")).isEqualTo("APPROVED");
        return applicant;
    }
}
