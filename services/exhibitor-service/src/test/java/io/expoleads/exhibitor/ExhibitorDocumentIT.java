package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.QualificationForm;
import io.expoleads.exhibitor.exhibitor.BoothDevice;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.exhibitor.StaffMember;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The exhibitors' documents keep their shape: one written by an earlier version (staff, devices,
 * webhooks, form versions, settings and history as top-level fields of the one document) reads back
 * whole and takes changes in the same shape, and a new application is written with the same fields.
 */
class ExhibitorDocumentIT extends ExhibitorServiceIT {

    /** Every field an earlier version wrote for an exhibitor with all its parts set. */
    private static final List<String> FIELDS = List.of("_id", "_class", "editionId", "revision", "status", "profile", "boothCode",
            "seats", "rejectionReason", "createdAt", "staff", "devices", "webhooks", "formVersions", "settings", "history", "outbox",
            "mailbox");
    private static final Date APPLIED = Date.from(Instant.parse("2026-10-01T09:00:00Z"));
    private static final Date LATER = Date.from(Instant.parse("2026-10-02T09:00:00Z"));

    @Autowired
    MongoTemplate mongo;
    @Autowired
    ExhibitorOnboarding exhibitors;

    @Test
    void a_document_written_by_an_earlier_version_reads_back_whole_and_keeps_its_shape_through_changes() {
        String edition = onboarding.edition(List.of());
        String id = UUID.randomUUID().toString();
        mongo.insert(earlierDocument(id, edition), "exhibitors");

        Exhibitor read = exhibitors.find(id);
        assertThat(read.status()).isEqualTo(ExhibitorStatus.APPROVED);
        assertThat(read.revision()).isEqualTo(7);
        assertThat(read.profile().companyName()).isEqualTo("Atlas Mobility");
        assertThat(read.boothCode()).isEqualTo("A2");
        assertThat(read.team().seats()).isEqualTo(2);
        assertThat(read.team().members()).extracting(StaffMember::staffId, StaffMember::status)
                .containsExactly(tuple("st-1", StaffMember.Status.ACTIVE),
                        tuple("st-2", StaffMember.Status.REVOKED));
        assertThat(read.team().active()).extracting(StaffMember::email).containsExactly("yassine@atlas.example");
        assertThat(read.devices().all()).extracting(BoothDevice::deviceId, BoothDevice::status)
                .containsExactly(tuple("dev-1", BoothDevice.Status.ACTIVE));
        assertThat(read.webhooks().all()).singleElement().satisfies(webhook -> {
            assertThat(webhook.url()).isEqualTo("https://crm.atlas.example/hooks/leads");
            assertThat(webhook.secrets()).extracting(secret -> secret.value()).containsExactly("whsec_new", "whsec_old");
        });
        assertThat(read.forms().current().version()).isEqualTo(2);
        assertThat(read.forms().version(1)).get().satisfies(form -> assertThat(form.questions()).extracting(QualificationForm.Question::key)
                .containsExactly("budget"));
        assertThat(read.routing().settings().alertOn()).isEqualTo("HOT");
        assertThat(read.routing().settings().hotLead().minRating()).isEqualTo(4);
        assertThat(read.history().changes()).extracting(change -> change.detail()).containsExactly("seats=2", "booth=A2");
        assertThat(read.view().teamNames()).containsEntry("st-2", "Karim Benali").containsEntry("dev-1", "Front desk");
        assertThat(read.view().salesEmails()).containsExactly("leads@atlas.example");
        assertThat(read.view().activeStaff()).containsExactly("st-1");
        assertThat(read.view().activeDevices()).containsExactly("dev-1");

        exhibitors.revokeStaff(id, "organizer", "st-1");
        exhibitors.revokeDevice(id, "organizer", "dev-1");
        exhibitors.defineForm(id, "salma", List.of(new QualificationForm.Question("timeline", "When?",
                QualificationForm.QuestionType.FREE_TEXT, null, false)));

        Document stored = mongo.findById(id, Document.class, "exhibitors");
        assertThat(stored.keySet()).as("the stray copy of queued emails (an address) is gone").containsExactlyInAnyOrderElementsOf(FIELDS);
        assertThat(stored.getString("_class")).as("as the earlier version wrote it").isEqualTo("io.expoleads.exhibitor.exhibitor.Exhibitor");
        assertThat(stored.getLong("revision")).isEqualTo(10);
        assertThat(stored.getList("staff", Document.class)).extracting(member -> member.getString("status"))
                .containsExactly("REVOKED", "REVOKED");
        assertThat(stored.getList("staff", Document.class).get(0).keySet())
                .containsExactlyInAnyOrder("staffId", "email", "name", "status", "since", "revokedAt");
        assertThat(stored.getList("devices", Document.class).get(0).getString("status")).isEqualTo("REVOKED");
        assertThat(stored.getList("formVersions", Document.class)).extracting(form -> form.getInteger("version"))
                .containsExactly(1, 2, 3);
        assertThat(stored.get("settings", Document.class).get("hotLead", Document.class).getInteger("minRating")).isEqualTo(4);
        assertThat(stored.getList("webhooks", Document.class).get(0).getList("secrets", Document.class)).hasSize(2);
        assertThat(stored.getList("history", Document.class)).extracting(change -> change.getString("detail"))
                .containsExactly("seats=2", "booth=A2", "staff revoked: st-1", "device revoked: dev-1", "qualification form v3");
        assertThat(stored.getList("mailbox", Document.class)).as("the queue of emails is the mailer's, not rewritten").isEmpty();
    }

    @Test
    void a_new_application_is_written_with_the_fields_an_earlier_version_wrote() {
        Onboarding.Applicant applicant = onboarding.applicant(onboarding.edition(List.of()), "fr");
        Document stored = mongo.findById(applicant.id(), Document.class, "exhibitors");
        // A draft has no booth, rejection, settings or queued email yet: those fields are absent, as they
        // were; the stray copy of queued emails (newEmails) earlier versions wrote is no longer written.
        assertThat(stored.keySet()).containsExactlyInAnyOrder("_id", "_class", "editionId", "revision", "status", "profile", "seats",
                "createdAt", "staff", "devices", "webhooks", "formVersions", "history", "outbox");
        assertThat(stored.get("profile", Document.class).getString("contactEmail")).isEqualTo(applicant.email());
        assertThat(stored.getList("staff", Object.class)).isEmpty();
    }

    /** An approved exhibitor with a team, a device, a webhook, two form versions and settings, as an earlier version stored it. */
    private static Document earlierDocument(String id, String edition) {
        return new Document("_id", id)
                .append("_class", "io.expoleads.exhibitor.exhibitor.Exhibitor")
                .append("editionId", edition)
                .append("revision", 7L)
                .append("status", "APPROVED")
                .append("profile", new Document("companyName", "Atlas Mobility").append("sector", "MOBILITY").append("country", "MA")
                        .append("contactName", "Salma").append("contactEmail", "salma-" + id + "@atlas.example").append("language", "fr")
                        .append("salesEmails", List.of("sales@atlas.example")).append("requestedBoothArea", 18.0)
                        .append("requestedSeats", 3))
                .append("boothCode", "A2")
                .append("seats", 2)
                .append("rejectionReason", "an earlier rejection, overturned")
                .append("createdAt", APPLIED)
                .append("staff", List.of(
                        new Document("staffId", "st-1").append("email", "yassine@atlas.example").append("name", "Yassine Alami")
                                .append("status", "ACTIVE").append("since", LATER),
                        new Document("staffId", "st-2").append("email", "karim@atlas.example").append("name", "Karim Benali")
                                .append("status", "REVOKED").append("since", APPLIED).append("revokedAt", LATER)))
                .append("devices", List.of(new Document("deviceId", "dev-1").append("name", "Front desk").append("status", "ACTIVE")
                        .append("createdAt", APPLIED).append("activatedAt", LATER)))
                .append("webhooks", List.of(new Document("webhookId", "wh-1").append("url", "https://crm.atlas.example/hooks/leads")
                        .append("secrets", List.of(new Document("value", "whsec_new"),
                                new Document("value", "whsec_old").append("validUntil", Date.from(Instant.parse("2099-01-01T00:00:00Z")))))
                        .append("createdAt", APPLIED)))
                .append("formVersions", List.of(
                        new Document("version", 1).append("questions", List.of(question("budget"))),
                        new Document("version", 2).append("questions", List.of(question("budget"), question("fleet")))))
                .append("settings", new Document("salesEmails", List.of("leads@atlas.example")).append("alertOn", "HOT")
                        .append("hotLead", new Document("minRating", 4).append("tags", List.of("vip")))
                        .append("digest", "DAILY").append("digestTime", "18:00").append("exportFormat", "CSV"))
                .append("history", List.of(
                        new Document("at", APPLIED).append("actor", "organizer").append("action", "ExhibitorUpdated").append("detail", "seats=2"),
                        new Document("at", LATER).append("actor", "organizer").append("action", "ExhibitorUpdated").append("detail", "booth=A2")))
                .append("outbox", List.of())
                .append("mailbox", List.of())
                // Earlier versions also wrote, by mistake, a copy of the emails the last change queued.
                .append("newEmails", List.of(new Document("emailId", id + "/3").append("kind", "APPROVED")
                        .append("to", "salma-" + id + "@atlas.example").append("language", "fr").append("companyName", "Atlas Mobility")));
    }

    private static Document question(String key) {
        return new Document("key", key).append("label", key).append("type", "SINGLE_CHOICE")
                .append("options", List.of("small", "large")).append("required", true);
    }
}
