package io.expoleads.notification.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.LeadView;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.QualificationForm;
import io.expoleads.notification.NotificationServiceIT;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Digests against the real broker, store and SMTP server. Waiting for the next hour would make a
 * slow test, so each test stops the service's clock at the exhibitor's next digest time.
 */
class DigestIT extends NotificationServiceIT {

    private static final QualificationForm FORM = new QualificationForm(2, List.of(
            new QualificationForm.Question("budget", "Budget", QualificationForm.QuestionType.SINGLE_CHOICE, List.of("<10k", ">10k"), false),
            new QualificationForm.Question("interests", "Interests", QualificationForm.QuestionType.MULTIPLE_CHOICE,
                    List.of("Parking", "Lighting"), false)));

    @Test
    void an_hourly_digest_counts_the_new_leads_and_attaches_them_as_csv_then_the_next_one_has_only_newer_leads() throws Exception {
        String exhibitor = exhibitorWithDigest("en", "HOURLY", null, "CSV", "digest-sales@atlas.example", "digest-boss@atlas.example");
        List<String> leads = List.of(newLead(exhibitor, 5, List.of("VIP", "parking"), List.of("amine")),
                newLead(exhibitor, 5, List.of("vip"), List.of("amine", "salma")),
                newLead(exhibitor, null, List.of(), List.of("salma")));
        Instant firstDue = fallDue(exhibitor);

        List<MimeMessage> digests = awaitDigests("digest-sales@atlas.example", 1);
        MimeMessage digest = digests.get(0);
        assertThat(subject(digest)).isEqualTo("Leads digest: 3 new leads for Atlas Mobility");
        assertThat(part(digest, "text/plain")).contains("New leads at the booth of Atlas Mobility")
                .contains("(Africa/Casablanca)").contains("New leads: 3").contains("★★★★★ (5/5): 2").contains("(4/5): 0")
                .contains("Not rated: 1").contains("VIP: 2").contains("parking: 1").contains("Amine Alaoui: 2")
                .contains("Salma Bennani: 2");
        assertThat(part(digest, "text/html")).contains("<html lang=\"en\" dir=\"ltr\">").contains("Leads per staff member");
        Attachment file = attachment(digest);
        assertThat(file.name()).matches("leads-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.csv");
        List<CSVRecord> rows = csv(file.bytes());
        assertThat(rows.get(0).values()).containsExactly("registrationId", "firstName", "lastName", "company", "jobTitle", "email",
                "phone", "country", "rating", "budget", "interests", "tags", "notes", "scannedBy",
                "firstScanAt (Africa/Casablanca)", "lastScanAt (Africa/Casablanca)", "scanCount", "source", "leadId");
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(18)).containsExactlyInAnyOrderElementsOf(leads);
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(13))
                .containsExactlyInAnyOrder("Amine Alaoui", "Amine Alaoui; Salma Bennani", "Salma Bennani");
        assertThat(rows.get(1).get(12)).isEqualTo("Amine Alaoui: Wants a demo & a quote");
        assertThat(rows.get(1).get(9)).isEqualTo(">10k");
        assertThat(rows.get(1).get(10)).isEqualTo("Parking; Lighting");
        assertThat(awaitDigests("digest-boss@atlas.example", 1)).hasSize(1);
        awaitNextPeriod(exhibitor, firstDue);

        // Heard of at the first period's end (the clock stays there), so in the next period.
        String later = newLead(exhibitor, 2, List.of("press"), List.of("amine"));
        Instant nextDue = fallDue(exhibitor);
        assertThat(nextDue).isEqualTo(firstDue.plus(Duration.ofHours(1)));
        MimeMessage next = awaitDigests("digest-sales@atlas.example", 2).get(1);
        assertThat(subject(next)).isEqualTo("Leads digest: 1 new lead for Atlas Mobility");
        List<CSVRecord> nextRows = csv(attachment(next).bytes());
        assertThat(nextRows).hasSize(2);
        assertThat(nextRows.get(1).get(18)).isEqualTo(later);
    }

    @Test
    void a_daily_digest_attaches_xlsx_in_the_exhibitors_language_and_a_period_without_leads_sends_nothing() throws Exception {
        String exhibitor = exhibitorWithDigest("fr", "DAILY", "18:30", "XLSX", "quotidien@atlas.example");
        assertThat(scheduleOf(exhibitor).getDate("dueAt").toInstant().atZone(java.time.ZoneId.of("Africa/Casablanca")).toLocalTime())
                .isEqualTo(java.time.LocalTime.of(18, 30));
        String leadId = newLead(exhibitor, 4, List.of("flotte"), List.of("amine"));
        Instant firstDue = fallDue(exhibitor);

        MimeMessage digest = awaitDigests("quotidien@atlas.example", 1).get(0);
        assertThat(subject(digest)).isEqualTo("Récapitulatif : 1 nouveau lead pour Atlas Mobility");
        assertThat(part(digest, "text/plain")).contains("Nouveaux leads sur le stand de Atlas Mobility").contains("Par note")
                .contains("Leads par membre de l'équipe").contains("Amine Alaoui: 1");
        Attachment file = attachment(digest);
        assertThat(file.name()).endsWith(".xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new java.io.ByteArrayInputStream(file.bytes()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            Row header = sheet.getRow(0);
            assertThat(header.getCell(header.getLastCellNum() - 1).getStringCellValue()).isEqualTo("leadId");
            Row row = sheet.getRow(1);
            assertThat(row.getCell(row.getLastCellNum() - 1).getStringCellValue()).isEqualTo(leadId);
            assertThat(sheet.getLastRowNum()).isEqualTo(1);
        }
        // The outcome tells lead-service's audit log how many visitors the digest's file held, and nothing else of them.
        tools.jackson.databind.JsonNode sent = json.readTree(deliveries.await(record -> exhibitor.equals(record.key())
                && record.value().contains("\"DIGEST\"") && record.value().contains("SUCCEEDED"), WAIT).value()).get("payload");
        assertThat(sent.get("visitors").asInt()).isEqualTo(1);
        assertThat(sent.toString()).doesNotContain("Youssef", "casatransport");

        awaitNextPeriod(exhibitor, firstDue);
        Instant emptyDue = fallDue(exhibitor);
        assertThat(emptyDue).isEqualTo(firstDue.plus(Duration.ofDays(1)));
        // The pass that moves the schedule on opens the period's deliveries first: once moved, none was.
        awaitNextPeriod(exhibitor, emptyDue);
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/deliveries?kind=DIGEST").json().get("items")).hasSize(1);
        assertThat(digestsTo("quotidien@atlas.example")).hasSize(1);
    }

    private String exhibitorWithDigest(String language, String digest, String time, String format, String... salesEmails) {
        String exhibitor = UUID.randomUUID().toString();
        NotificationSettings settings = new NotificationSettings(List.of(salesEmails), "NONE", null, digest, time, format);
        publishExhibitor(exhibitor, ExhibitorStatus.APPROVED, 3, language, settings, FORM, salesEmails);
        await().atMost(WAIT).until(() -> routings.find(exhibitor).isPresent() && scheduleOf(exhibitor) != null);
        return exhibitor;
    }

    private String newLead(String exhibitor, Integer rating, List<String> tags, List<String> scannedBy) {
        String leadId = UUID.randomUUID().toString();
        LeadView base = lead(exhibitor, leadId, "Nadia", rating, tags, Map.of("budget", ">10k", "interests", List.of("Parking", "Lighting")),
                Instant.now());
        LeadView lead = new LeadView(leadId, exhibitor, edition, 1, base.attendee(), scannedBy.size(), base.firstScanAt(), base.lastScanAt(),
                scannedBy.get(scannedBy.size() - 1), scannedBy, rating, 2, base.answers(), tags, false, base.notes(), List.of());
        publishLead(lead, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        await().atMost(WAIT).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(leadId)), LeadBook.COLLECTION));
        return leadId;
    }

    /** Stops the service's clock at the exhibitor's next digest time, the end of its period, and answers that time. */
    private Instant fallDue(String exhibitor) {
        Instant dueAt = scheduleOf(exhibitor).getDate("dueAt").toInstant();
        clock.set(dueAt);
        return dueAt;
    }

    /** Waits for the digest pass to move the exhibitor's schedule past the period that ended at {@code dueAt}. */
    private void awaitNextPeriod(String exhibitor, Instant dueAt) {
        await().atMost(WAIT).until(() -> scheduleOf(exhibitor).getDate("dueAt").toInstant().isAfter(dueAt));
    }

    private Document scheduleOf(String exhibitor) {
        return mongo.findById(exhibitor, Document.class, Digests.SCHEDULES);
    }

    private List<MimeMessage> awaitDigests(String address, int count) {
        await().atMost(WAIT).until(() -> digestsTo(address).size() >= count);
        return digestsTo(address);
    }

    /** The digests sent to the address (used by one test only), oldest first. */
    private static List<MimeMessage> digestsTo(String address) {
        return io.expoleads.testsupport.TestMailServer.messagesTo(address);
    }

    record Attachment(String name, byte[] bytes) {
    }

    private static Attachment attachment(MimeMessage message) throws Exception {
        Multipart multipart = (Multipart) message.getContent();
        List<Attachment> found = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                try (InputStream in = part.getInputStream()) {
                    found.add(new Attachment(part.getFileName(), in.readAllBytes()));
                }
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<CSVRecord> csv(byte[] bytes) throws Exception {
        assertThat(bytes[0] & 0xff).as("byte-order mark").isEqualTo(0xEF);
        try (CSVParser parser = CSVParser.parse(new InputStreamReader(new java.io.ByteArrayInputStream(bytes, 3, bytes.length - 3),
                StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
            return parser.getRecords();
        }
    }
}
