package io.expoleads.lead.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

/**
 * Lead exports as sales teams download them: every column of CSV, XLSX and JSON Lines read back,
 * {@code since} and {@code since=last}, the export logs, and who may export.
 */
class LeadExportIT extends LeadServiceIT {

    static final List<String> HEADERS = List.of("registrationId", "firstName", "lastName", "company", "email", "country",
            "rating", "interest", "products", "budget", "urgency", "remarks", "tags", "notes", "scannedBy",
            "firstScanAt (Africa/Casablanca)", "lastScanAt (Africa/Casablanca)", "scanCount", "source", "leadId");
    static final String INJECTION = "=cmd|' /C calc'!A0";

    String exhibitor;
    String elodieLead;
    String youssefLead;
    final HttpClient client = HttpClient.newHttpClient();

    /**
     * Élodie Benali (shares her contact) scanned by amine (Amine Alaoui in the files) at 09:05 Casablanca time and fully
     * qualified; يوسف العلوي (does not share) scanned by salma at 10:00, then amine at 11:30. The
     * organizer shows every field but jobTitle and phone.
     */
    @BeforeEach
    void twoQualifiedLeads() {
        publishEdition(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-26"), "Africa/Casablanca");
        exhibitor = UUID.randomUUID().toString();
        publishExhibitor(exhibitorView(exhibitor, ExhibitorStatus.APPROVED, 1, LeadQualificationIT.FORM_V1));
        await().atMost(WAIT).until(() -> exhibitors.find(exhibitor).map(known -> Integer.valueOf(1).equals(known.formVersion()))
                .orElse(false));
        assertThat(organizer.put("/api/editions/" + edition + "/attendee-visibility", HttpJson.json(Map.of("visibleFields",
                List.of("firstName", "lastName", "company", "email", "country")))).status()).isEqualTo(200);
        String elodie = register("E-1", "Élodie", "Benali", "Société Générale", "elodie@sg.ma", true);
        String youssef = register("Y-1", "يوسف", "العلوي", "مجموعة الدار البيضاء", "youssef@casa.ma", false);
        elodieLead = Lead.idOf(exhibitor, elodie);
        youssefLead = Lead.idOf(exhibitor, youssef);
        scanAt(elodie, "amine", "2026-11-24T08:05:00Z");
        scanAt(youssef, "salma", "2026-11-24T09:00:00Z");
        scanAt(youssef, "amine", "2026-11-24T10:30:00Z");
        await().atMost(WAIT).until(() -> mongo.findById(youssefLead, Lead.class, LeadStore.COLLECTION) != null
                && mongo.findById(youssefLead, Lead.class, LeadStore.COLLECTION).scanCount() == 2
                && mongo.findById(elodieLead, Lead.class, LeadStore.COLLECTION) != null);
        HttpJson.Answer qualified = staff(exhibitor, "amine").patch("/api/leads/" + elodieLead, HttpJson.json(Map.of(
                "rating", 4, "formVersion", 1,
                "answers", Map.of("interest", "metro", "products", List.of("fleet", "data"), "budget", true, "urgency", 5,
                        "remarks", INJECTION),
                "addTags", List.of("vip", "@SUM(1+1)"), "note", INJECTION)));
        assertThat(qualified.status()).as(qualified.text()).isEqualTo(200);
        assertThat(staff(exhibitor, "salma").patch("/api/leads/" + elodieLead,
                HttpJson.json(Map.of("note", "Rappeler après le salon, متابعة"))).status()).isEqualTo(200);
    }

    @Test
    void csv_has_a_bom_every_column_and_neutralised_formulas() throws IOException {
        HttpResponse<byte[]> answer = download(admin(), "format=csv");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).isEqualToIgnoringCase("text/csv;charset=UTF-8");
        assertThat(answer.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"atlas-mobility_2026-11-24_leads.csv\"");
        byte[] body = answer.body();
        assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\n");
        List<CSVRecord> records;
        List<String> headers;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            headers = parser.getHeaderNames();
            records = parser.getRecords();
        }
        assertThat(headers).containsExactlyElementsOf(HEADERS);
        assertThat(records).hasSize(2);
        Map<String, String> elodie = records.get(0).toMap();
        assertThat(elodie).containsExactlyInAnyOrderEntriesOf(expected(Map.ofEntries(
                Map.entry("registrationId", "E-1"), Map.entry("firstName", "Élodie"), Map.entry("lastName", "Benali"),
                Map.entry("company", "Société Générale"), Map.entry("email", "elodie@sg.ma"), Map.entry("country", "MA"),
                Map.entry("rating", "4"), Map.entry("interest", "metro"), Map.entry("products", "fleet; data"),
                Map.entry("budget", "yes"), Map.entry("urgency", "5"), Map.entry("remarks", "'" + INJECTION),
                Map.entry("tags", "'@SUM(1+1); vip"),
                Map.entry("notes", "Amine Alaoui: " + INJECTION + " | Salma Bennani: Rappeler après le salon, متابعة"),
                Map.entry("scannedBy", "Amine Alaoui"), Map.entry("firstScanAt (Africa/Casablanca)", "2026-11-24 09:05:00"),
                Map.entry("lastScanAt (Africa/Casablanca)", "2026-11-24 09:05:00"), Map.entry("scanCount", "1"),
                Map.entry("source", "BADGE"), Map.entry("leadId", elodieLead))));
        Map<String, String> youssef = records.get(1).toMap();
        assertThat(youssef).containsExactlyInAnyOrderEntriesOf(expected(Map.ofEntries(
                Map.entry("registrationId", "Y-1"), Map.entry("firstName", "يوسف"), Map.entry("lastName", "العلوي"),
                Map.entry("company", "مجموعة الدار البيضاء"), Map.entry("email", ""), Map.entry("country", "MA"),
                Map.entry("rating", ""), Map.entry("interest", ""), Map.entry("products", ""), Map.entry("budget", ""),
                Map.entry("urgency", ""), Map.entry("remarks", ""), Map.entry("tags", ""), Map.entry("notes", ""),
                Map.entry("scannedBy", "Salma Bennani; Amine Alaoui"), Map.entry("firstScanAt (Africa/Casablanca)", "2026-11-24 10:00:00"),
                Map.entry("lastScanAt (Africa/Casablanca)", "2026-11-24 11:30:00"), Map.entry("scanCount", "2"),
                Map.entry("source", "BADGE"), Map.entry("leadId", youssefLead))));
        assertThat(text).as("no hidden field leaks").doesNotContain("Directeur").doesNotContain("+212");
    }

    @Test
    void xlsx_has_a_frozen_header_date_cells_in_the_edition_zone_and_every_column() throws IOException {
        HttpResponse<byte[]> answer = download(staffToken("salma"), "format=xlsx");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(answer.headers().firstValue("Content-Disposition").orElseThrow()).endsWith("_leads.xlsx\"");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(answer.body()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(sheet.getPaneInformation().getVerticalSplitPosition()).isZero();
            List<String> headers = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> headers.add(cell.getStringCellValue()));
            assertThat(headers).containsExactlyElementsOf(HEADERS);
            assertThat(sheet.getColumnWidth(HEADERS.indexOf("notes"))).isEqualTo(50 * 256);
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            Map<String, Object> elodie = rowOf(sheet.getRow(1), headers);
            assertThat(elodie).containsExactlyInAnyOrderEntriesOf(expected(Map.ofEntries(
                    Map.entry("registrationId", "E-1"), Map.entry("firstName", "Élodie"), Map.entry("lastName", "Benali"),
                    Map.entry("company", "Société Générale"), Map.entry("email", "elodie@sg.ma"), Map.entry("country", "MA"),
                    Map.entry("rating", 4.0), Map.entry("interest", "metro"), Map.entry("products", "fleet; data"),
                    Map.entry("budget", "yes"), Map.entry("urgency", 5.0), Map.entry("remarks", INJECTION),
                    Map.entry("tags", "@SUM(1+1); vip"),
                    Map.entry("notes", "Amine Alaoui: " + INJECTION + " | Salma Bennani: Rappeler après le salon, متابعة"),
                    Map.entry("scannedBy", "Amine Alaoui"),
                    Map.entry("firstScanAt (Africa/Casablanca)", LocalDateTime.parse("2026-11-24T09:05:00")),
                    Map.entry("lastScanAt (Africa/Casablanca)", LocalDateTime.parse("2026-11-24T09:05:00")),
                    Map.entry("scanCount", 1.0), Map.entry("source", "BADGE"), Map.entry("leadId", elodieLead))));
            Map<String, Object> youssef = rowOf(sheet.getRow(2), headers);
            assertThat(youssef).containsExactlyInAnyOrderEntriesOf(expected(Map.ofEntries(
                    Map.entry("registrationId", "Y-1"), Map.entry("firstName", "يوسف"), Map.entry("lastName", "العلوي"),
                    Map.entry("company", "مجموعة الدار البيضاء"), Map.entry("email", ""), Map.entry("country", "MA"),
                    Map.entry("rating", ""), Map.entry("interest", ""), Map.entry("products", ""), Map.entry("budget", ""),
                    Map.entry("urgency", ""), Map.entry("remarks", ""), Map.entry("tags", ""), Map.entry("notes", ""),
                    Map.entry("scannedBy", "Salma Bennani; Amine Alaoui"),
                    Map.entry("firstScanAt (Africa/Casablanca)", LocalDateTime.parse("2026-11-24T10:00:00")),
                    Map.entry("lastScanAt (Africa/Casablanca)", LocalDateTime.parse("2026-11-24T11:30:00")),
                    Map.entry("scanCount", 2.0), Map.entry("source", "BADGE"), Map.entry("leadId", youssefLead))));
        }
    }

    @Test
    void jsonl_is_one_object_per_line_with_the_same_columns_typed() throws IOException {
        HttpResponse<byte[]> answer = download(admin(), "format=JSONL");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/x-ndjson");
        String[] lines = new String(answer.body(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode elodie = json.readTree(lines[0]);
        assertThat(elodie.toString()).isEqualTo(json.writeValueAsString(orderedMap(
                "registrationId", "E-1", "firstName", "Élodie", "lastName", "Benali", "company", "Société Générale",
                "email", "elodie@sg.ma", "country", "MA", "rating", 4,
                "answers", orderedMap("interest", "metro", "products", List.of("fleet", "data"), "budget", true, "urgency", 5,
                        "remarks", INJECTION),
                "tags", List.of("@SUM(1+1)", "vip"),
                "notes", List.of("Amine Alaoui: " + INJECTION, "Salma Bennani: Rappeler après le salon, متابعة"),
                "scannedBy", List.of("Amine Alaoui"), "firstScanAt", "2026-11-24T09:05:00+01:00",
                "lastScanAt", "2026-11-24T09:05:00+01:00", "scanCount", 1, "source", "BADGE", "leadId", elodieLead)));
        JsonNode youssef = json.readTree(lines[1]);
        assertThat(youssef.get("firstName").asString()).isEqualTo("يوسف");
        assertThat(youssef.get("email").isNull()).isTrue();
        assertThat(youssef.get("answers").get("interest").isNull()).isTrue();
        assertThat(youssef.get("scannedBy").toString()).isEqualTo("[\"Salma Bennani\",\"Amine Alaoui\"]");
        assertThat(youssef.get("lastScanAt").asString()).isEqualTo("2026-11-24T11:30:00+01:00");
    }

    /**
     * The export reads stored documents itself (LeadExporter.lead), not through Spring Data's mapping:
     * each lead comes out as that mapping makes it, the two leads above and variants of their documents
     * with what older or erased leads lack or might hold (no source, no answers, notes or tags, sealed
     * data, an erasure time, nested answers, numbers stored as other BSON types).
     */
    @Test
    void the_export_reads_each_lead_as_spring_datas_mapping_does() {
        String variants = UUID.randomUUID().toString();
        var leads = mongo.getCollection(LeadStore.COLLECTION);
        org.bson.Document elodie = leads.find(new org.bson.Document("_id", elodieLead)).first();
        org.bson.Document youssef = leads.find(new org.bson.Document("_id", youssefLead)).first();
        assertThat(elodie.get("answers", org.bson.Document.class)).as("qualified").isNotEmpty();
        assertThat(elodie.getList("notes", org.bson.Document.class)).as("with notes").hasSize(2);
        List<org.bson.Document> stored = new ArrayList<>();
        for (org.bson.Document lead : List.of(elodie, youssef)) {
            org.bson.Document copy = org.bson.Document.parse(lead.toJson());
            copy.put("_id", lead.getString("_id") + "-as-before");
            copy.put("exhibitorId", variants);
            copy.put("attendeeId", lead.getString("attendeeId") + "-as-before");
            copy.remove("source");
            copy.remove("answers");
            copy.remove("notes");
            copy.remove("tags");
            copy.remove("rating");
            copy.put("revision", 7);
            copy.put("scanCount", 3L);
            copy.get("attendee", org.bson.Document.class).put("sealed", new org.bson.Document("keyId", "visitor-key-1")
                    .append("ciphertext", "c2VhbGVk"));
            stored.add(copy);
            org.bson.Document erased = org.bson.Document.parse(lead.toJson());
            erased.put("_id", lead.getString("_id") + "-erased");
            erased.put("exhibitorId", variants);
            erased.put("attendeeId", lead.getString("attendeeId") + "-erased");
            erased.put("erasedAt", java.util.Date.from(Instant.parse("2026-11-30T10:00:00Z")));
            org.bson.Document attendee = erased.get("attendee", org.bson.Document.class);
            attendee.keySet().removeIf(field -> !List.of("attendeeId", "editionId", "shareContact").contains(field));
            erased.put("answers", new org.bson.Document("nested", new org.bson.Document("a", List.of(1, 2.5, "x")))
                    .append("urgency", 5L));
            erased.put("source", "LOOKUP");
            stored.add(erased);
        }
        leads.insertMany(stored);
        List<String> ids = new ArrayList<>();
        for (String exhibitorId : List.of(exhibitor, variants)) {
            try (var documents = LeadExporter.documents(mongo, exhibitorId, null).cursor()) {
                documents.forEachRemaining(document -> {
                    Query byId = Query.query(Criteria.where("_id").is(document.getString("_id")));
                    byId.fields().exclude("outbox").exclude("scans").exclude("searchText").exclude("flags");
                    Lead mapped = mongo.findOne(byId, Lead.class, LeadStore.COLLECTION);
                    assertThat(LeadExporter.lead(document)).as(document.getString("_id")).isEqualTo(mapped);
                    ids.add(document.getString("_id"));
                });
            }
        }
        assertThat(ids).as("every lead read, in the order of their first scan")
                .containsExactly(elodieLead, youssefLead, elodieLead + "-as-before", elodieLead + "-erased",
                        youssefLead + "-as-before", youssefLead + "-erased");
    }

    @Test
    void since_a_time_takes_leads_changed_since_and_bad_input_is_a_problem() throws IOException {
        setUpdatedAt(elodieLead, "2026-01-01T00:00:00Z");
        setUpdatedAt(youssefLead, "2026-06-01T00:00:00Z");
        assertThat(leadIds(download(admin(), "format=jsonl&since=2026-03-01T00:00:00Z"))).containsExactly(youssefLead);
        assertThat(leadIds(download(admin(), "format=jsonl&since=2025-12-31T23:00:00-01:00"))).containsExactly(elodieLead, youssefLead);
        assertThat(leadIds(download(admin(), "format=jsonl&since=2026-07-01T00:00:00Z"))).isEmpty();

        HttpJson.Answer badSince = admin(exhibitor).get(exportPath("format=csv&since=yesterday"));
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(badSince.contentType()).startsWith("application/problem+json");
        assertThat(badSince.json().get("errors").get(0).get("field").asString()).isEqualTo("since");
        HttpJson.Answer badFormat = admin(exhibitor).get(exportPath("format=pdf"));
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.contentType()).startsWith("application/problem+json");
        assertThat(badFormat.field("title")).isEqualTo("Unknown export format");
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/exports").json().get("items"))
                .as("refused requests are no exports").hasSize(3);
    }

    @Test
    void since_last_takes_what_changed_since_the_callers_previous_export() throws IOException {
        String hourAgo = Instant.now().minusSeconds(3600).toString();
        setUpdatedAt(elodieLead, hourAgo);
        setUpdatedAt(youssefLead, hourAgo);
        assertThat(leadIds(download(admin(), "format=jsonl&since=last"))).as("the first export holds everything")
                .containsExactly(elodieLead, youssefLead);
        assertThat(leadIds(download(admin(), "format=jsonl&since=last"))).isEmpty();
        assertThat(staff(exhibitor, "amine").patch("/api/leads/" + youssefLead, HttpJson.json(Map.of("rating", 3))).status())
                .isEqualTo(200);
        assertThat(leadIds(download(admin(), "format=jsonl&since=last"))).containsExactly(youssefLead);
        assertThat(csvLeadIds(download(staffToken("amine"), "format=csv&since=last"))).as("amine's own first export")
                .containsExactly(elodieLead, youssefLead);

        JsonNode log = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/exports").json().get("items");
        assertThat(log).hasSize(4);
        JsonNode latestOfAdmin = log.get(1);
        assertThat(latestOfAdmin.get("sinceMode").asString()).isEqualTo("last");
        assertThat(latestOfAdmin.get("rows").asLong()).isEqualTo(1);
        assertThat(latestOfAdmin.get("status").asString()).isEqualTo("COMPLETE");
        assertThat(Instant.parse(latestOfAdmin.get("since").asString()))
                .isEqualTo(Instant.parse(log.get(2).get("startedAt").asString()).minus(LeadExportController.OVERLAP));
        assertThat(log.get(0).get("requestedBy").asString()).isEqualTo("amine");
        assertThat(log.get(0).get("role").asString()).isEqualTo("STAFF");
        assertThat(log.get(0).get("format").asString()).isEqualTo("csv");
        assertThat(log.get(3).get("since").isNull()).isTrue();
        assertThat(log.get(3).get("rows").asLong()).isEqualTo(2);
    }

    @Test
    void the_export_logs_page_for_the_exhibitor_and_the_organizer_and_only_they_see_them() throws IOException {
        for (String format : List.of("csv", "xlsx", "jsonl")) {
            assertThat(download(admin(), "format=" + format).statusCode()).isEqualTo(200);
        }
        String rival = approvedExhibitor();
        HttpJson.Answer rivalExport = admin(rival).get("/api/exhibitors/" + rival + "/leads/export?format=csv");
        assertThat(rivalExport.status()).isEqualTo(200);
        assertThat(rivalExport.text()).as("a BOM and the header only").startsWith("\uFEFFregistrationId,").hasLineCount(1);

        List<String> formats = new ArrayList<>();
        String cursor = null;
        do {
            HttpJson.Answer page = staff(exhibitor, "salma").get("/api/exhibitors/" + exhibitor + "/leads/exports?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().get("items").forEach(item -> {
                formats.add(item.get("format").asString());
                assertThat(item.get("rows").asLong()).isEqualTo(2);
                assertThat(item.get("status").asString()).isEqualTo("COMPLETE");
                assertThat(item.get("editionId").asString()).isEqualTo(edition);
                assertThat(item.get("finishedAt").isNull()).isFalse();
            });
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
        } while (cursor != null);
        assertThat(formats).containsExactly("jsonl", "xlsx", "csv");

        JsonNode editionLog = organizer.get("/api/editions/" + edition + "/lead-exports?limit=10").json().get("items");
        assertThat(editionLog).hasSize(4);
        assertThat(editionLog.get(0).get("exhibitorId").asString()).isEqualTo(rival);
        assertThat(editionLog.get(0).get("rows").asLong()).isZero();
        assertThat(organizer.get("/api/editions/" + edition + "/lead-exports?cursor=nonsense").status()).isEqualTo(400);

        assertThat(admin(rival).get(exportPath("format=csv")).status()).as("another exhibitor's admin").isEqualTo(404);
        assertThat(admin(rival).get("/api/exhibitors/" + exhibitor + "/leads/exports").status()).isEqualTo(404);
        HttpJson.Answer revoked = staff(exhibitor, "karim").get(exportPath("format=csv"));
        assertThat(revoked.status()).as("a staff member without a seat").isEqualTo(403);
        assertThat(revoked.field("reason")).isEqualTo("STAFF_REVOKED");
        assertThat(device(exhibitor, "device-1").get(exportPath("format=csv")).status()).as("devices do not export").isEqualTo(403);
        assertThat(admin(exhibitor).get("/api/editions/" + edition + "/lead-exports").status()).isEqualTo(403);
        assertThat(organizer.get(exportPath("format=csv")).status()).isEqualTo(403);
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/exports").json().get("items"))
                .as("refused calls are not logged").hasSize(3);
    }

    private String exportPath(String query) {
        return "/api/exhibitors/" + exhibitor + "/leads/export?" + query;
    }

    private String admin() {
        return TestTokens.get().admin(exhibitor);
    }

    private String staffToken(String staffId) {
        return TestTokens.get().staff(exhibitor, staffId);
    }

    private HttpResponse<byte[]> download(String token, String query) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + exportPath(query)))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private List<String> leadIds(HttpResponse<byte[]> jsonl) {
        assertThat(jsonl.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        new String(jsonl.body(), StandardCharsets.UTF_8).lines().forEach(line -> ids.add(json.readTree(line).get("leadId").asString()));
        return ids;
    }

    private List<String> csvLeadIds(HttpResponse<byte[]> csv) throws IOException {
        assertThat(csv.statusCode()).isEqualTo(200);
        String text = new String(csv.body(), StandardCharsets.UTF_8).substring(1);
        List<String> ids = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            parser.forEach(record -> ids.add(record.get("leadId")));
        }
        return ids;
    }

    private void setUpdatedAt(String leadId, String at) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(leadId)), new Update().set("updatedAt", Instant.parse(at)),
                LeadStore.COLLECTION);
    }

    private static <V> Map<String, V> expected(Map<String, V> entries) {
        return entries;
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            map.put((String) keysAndValues[index], keysAndValues[index + 1]);
        }
        return map;
    }

    /** A row's cells by header: text, numbers, and date cells as local date-times. */
    private static Map<String, Object> rowOf(Row row, List<String> headers) {
        Map<String, Object> values = new HashMap<>();
        for (int index = 0; index < headers.size(); index++) {
            Cell cell = row.getCell(index);
            Object value;
            if (cell == null || cell.getCellType() == CellType.BLANK) {
                value = "";
            } else if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
                value = cell.getLocalDateTimeCellValue();
            } else if (cell.getCellType() == CellType.NUMERIC) {
                value = cell.getNumericCellValue();
            } else {
                assertThat(cell.getCellType()).as(headers.get(index)).isEqualTo(CellType.STRING);
                value = cell.getStringCellValue();
            }
            values.put(headers.get(index), value);
        }
        return values;
    }

    private String register(String registrationId, String firstName, String lastName, String company, String email, boolean share) {
        Map<String, Object> row = new HashMap<>(Map.of("registrationId", registrationId, "firstName", firstName, "lastName", lastName,
                "company", company, "email", email, "phone", "+212600000000", "jobTitle", "Directeur", "country", "MA",
                "shareContact", share));
        HttpJson.Answer report = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(row)));
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        return report.json().get("attendees").get(0).get("attendeeId").asString();
    }

    private void scanAt(String attendeeId, String staffId, String at) {
        HttpJson.Answer scan = staff(exhibitor, staffId).post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badgeOf(attendeeId), "scannedAt", at)));
        assertThat(scan.status()).as(scan.text()).isEqualTo(202);
    }
}
