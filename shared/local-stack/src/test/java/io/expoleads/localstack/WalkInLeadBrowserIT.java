package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import tools.jackson.databind.JsonNode;

/**
 * Walk-in visitors, with no registration, in Debian's headless Chromium against the whole system:
 * staff type the visitor's details on the scanner, the form says what to correct (each error read
 * with its field, the keyboard on the first) and refuses to go without the visitor's tick on the
 * consent, which names the exhibitor. One walk-in is taken online, the other with the network off
 * (the page even reopened without it): it waits on the phone in the scans' queue and goes up when
 * the network is back. Both reach the dashboard flagged "Walk-in", on their rows and page, and the
 * CSV and XLSX exports say WALK_IN in their source column.
 */
class WalkInLeadBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = BrowserFixture.UI;
    private static final String CONSENT = "I agree that Atlas Mobility keeps my name, company, email and phone to contact me"
            + " about this visit.";

    /** A phone that saves downloads: the scanner first, then the admin's dashboard in the same browser. */
    @RegisterExtension
    static final BrowserFixture browser = BrowserFixture.phone().withDownloads();

    static LocalStack stack;

    @BeforeAll
    static void theSystem() {
        stack = browser.stack();
    }

    @Test
    void two_walk_ins_one_taken_offline_reach_the_dashboard_flagged_and_the_csv_and_xlsx_exports_as_walk_in() throws IOException {
        TestBooth booth = TestBooth.open(stack, "walk-in.ma", 2, false);
        browser.open("/scan/");
        browser.signInToScanner("amine@walk-in.ma", "amine-passphrase-1");

        // The form opens with the keyboard on the first name; the consent names the exhibitor.
        browser.click("#walkin-open");
        browser.awaitVisible("walkin");
        assertThat(browser.attribute("#walkin-open", "aria-expanded")).isEqualTo("true");
        browser.awaitFocus("#walkin-first-name");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("walkin-consent-text")).startsWith(CONSENT));

        // Not taken without the visitor's tick, nor with an address that is none: said, with the keyboard on the first fault.
        browser.type("walkin-first-name", "Rachid");
        browser.type("walkin-last-name", "Ouazzani");
        browser.type("walkin-company", "Casa Ports");
        browser.type("walkin-email", "rachid-at-casa-ports");
        browser.click("#walkin-take");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("walkin-error")).isEqualTo("2 fields to correct."));
        browser.awaitFocus("#walkin-email");
        assertThat(browser.text("walkin-email-error")).isEqualTo("This is not an email address.");
        assertThat(browser.attribute("#walkin-email", "aria-invalid")).isEqualTo("true");
        assertThat(browser.attribute("#walkin-email", "aria-describedby")).contains("walkin-email-error");
        assertThat(browser.text("walkin-consent-error"))
                .isEqualTo("The visitor must tick this box: nothing is kept without their agreement.");
        assertThat(scansSent()).as("nothing sent").isEmpty();
        browser.checkAccessibility("scanner-walkin-errors");
        browser.screenshot("scanner-walkin");

        browser.findElement(By.id("walkin-email")).clear();
        browser.type("walkin-email", "Rachid.Ouazzani@casa-ports.ma");
        browser.type("walkin-phone", "+212 6 61 23 45 67");
        browser.click("#walkin-consent");
        browser.click("#walkin-take");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).isEqualTo("Lead saved."));
        assertThat(browser.text("visitor-name")).isEqualTo("Rachid Ouazzani");
        assertThat(browser.text("visitor-email")).isEqualTo("rachid.ouazzani@casa-ports.ma");
        assertThat(browser.findElement(By.id("qualify-form")).isDisplayed()).isTrue();
        browser.type("note", "Walked in for the port shuttles");
        browser.click("#qualify-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("qualify-status")).isEqualTo("Saved."));
        await().atMost(WAIT).until(() -> leadNamed(booth, "Rachid").isPresent());
        assertThat(leadNamed(booth, "Rachid").orElseThrow().get("source").asString()).isEqualTo("WALK_IN");
        browser.findElement(By.id("next-visitor")).click();
        browser.awaitVisible("scanner");
        assertThat(browser.findElement(By.id("walkin")).isDisplayed()).as("the form left with the visitor").isFalse();

        // The network goes, and the page is opened again without it: the walk-in form is in the kept shell.
        goOffline();
        browser.navigate().refresh();
        browser.awaitReady();
        browser.awaitVisible("scanner");
        assertThat(browser.text("network")).isEqualTo("Offline");
        browser.click("#walkin-open");
        browser.awaitVisible("walkin");
        assertThat(browser.text("walkin-consent-text")).as("the exhibitor's name kept on the phone").startsWith(CONSENT);
        browser.type("walkin-first-name", "Leila");
        browser.type("walkin-last-name", "Chraibi");
        browser.type("walkin-company", "Tanger Automotive");
        browser.type("walkin-email", "leila.chraibi@tanger-auto.ma");
        browser.click("#walkin-consent");
        browser.click("#walkin-take");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status"))
                .isEqualTo("Saved on this phone. It will be sent when the network is back."));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("1 unsent"));
        List<Map<String, Object>> queued = queuedWalkIns();
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0)).containsEntry("email", "leila.chraibi@tanger-auto.ma");
        @SuppressWarnings("unchecked")
        Map<String, Object> consent = (Map<String, Object>) queued.get(0).get("consent");
        assertThat(consent).containsEntry("textVersion", "2026.12/en").containsKey("agreedAt");
        browser.findElement(By.id("next-visitor")).click();
        browser.awaitVisible("scanner");

        // The network returns: the queue sends the walk-in, once.
        browser.deleteNetworkConditions();
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("0 unsent"));
        await().atMost(WAIT).until(() -> leadNamed(booth, "Leila").isPresent());
        JsonNode leila = leadNamed(booth, "Leila").orElseThrow();
        assertThat(leila.get("source").asString()).isEqualTo("WALK_IN");
        assertThat(leila.get("scanCount").asInt()).isEqualTo(1);
        assertThat(browser.text("refused-count")).isEqualTo("0");

        // The admin's dashboard: both rows and the lead's page say "Walk-in".
        browser.signInToDashboard("salma@walk-in.ma", TestBooth.ADMIN_PASSWORD, "leads");
        for (String name : List.of("Rachid Ouazzani", "Leila Chraibi")) {
            WebElement row = await().atMost(UI).ignoreExceptions().until(() -> browser.findElement(
                    By.xpath("//tbody[@id='leads-body']/tr[.//a[.='" + name + "']]")), found -> found != null);
            assertThat(row.findElement(By.cssSelector("[data-source=WALK_IN]")).getText()).isEqualTo("Walk-in");
        }
        browser.findElement(By.linkText("Leila Chraibi")).click();
        browser.awaitPage("lead");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("lead-source")).startsWith("Walk-in"));
        assertThat(browser.text("lead-scans")).contains("Walk-in");
        assertThat(browser.findElement(By.id("lead-source")).getText()).contains("agreed on the phone");

        // The CSV and XLSX exports, saved by the browser, say WALK_IN in the source column.
        browser.findElement(By.linkText("← All leads")).click();
        browser.awaitPage("leads");
        browser.click("#export-csv");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#export-progress", "data-done")).isEqualTo("true"));
        await().atMost(UI).until(() -> saved("_leads.csv").isPresent());
        List<String> lines = Files.readAllLines(saved("_leads.csv").orElseThrow(), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).replace("\uFEFF", "").split(","));
        int source = header.indexOf("source");
        assertThat(source).as("the source column in %s", header).isNotNegative();
        for (String name : List.of("Rachid", "Leila")) {
            String line = lines.stream().filter(row -> row.contains(name)).findFirst().orElseThrow();
            assertThat(line.split(",")[source]).as(name).isEqualTo("WALK_IN");
        }

        browser.click("#export-xlsx");
        await().atMost(UI).until(() -> saved("_leads.xlsx").isPresent());
        await().atMost(UI).untilAsserted(() -> assertThat(sourcesInXlsx(saved("_leads.xlsx").orElseThrow()))
                .containsEntry("Rachid", "WALK_IN").containsEntry("Leila", "WALK_IN"));
    }

    private static void goOffline() {
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("network")).isEqualTo("Offline"));
    }

    /** The lead of the walk-in with this first name, as the exhibitor's admin lists it. */
    private static Optional<JsonNode> leadNamed(TestBooth booth, String firstName) {
        for (JsonNode lead : booth.admin().get("/api/exhibitors/" + booth.exhibitorId() + "/leads?limit=100").json().get("items")) {
            JsonNode attendee = lead.get("attendee");
            if (attendee != null && attendee.has("firstName") && firstName.equals(attendee.get("firstName").asString())) {
                return Optional.of(lead);
            }
        }
        return Optional.empty();
    }

    /** The walk-ins waiting in the page's IndexedDB queue. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> queuedWalkIns() {
        return new ArrayList<>((List<Map<String, Object>>) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/scan/queue.js').then(q => q.scans()).then(s => done(s.filter(x => x.walkIn).map(x => x.walkIn)),"
                + " e => done([{ error: String(e) }]));"));
    }

    /** The scan uploads this page made since it was loaded, by path (the browser's resource timing). */
    @SuppressWarnings("unchecked")
    private static List<String> scansSent() {
        return new ArrayList<>((List<String>) browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"
                        + ".filter(p => p === '/api/scans' || p === '/api/scans/batch');"));
    }

    /** The file the browser saved with a name ending so, once it is whole. */
    private static Optional<Path> saved(String ending) throws IOException {
        try (Stream<Path> files = Files.list(browser.downloads())) {
            List<Path> all = files.toList();
            if (all.stream().anyMatch(file -> file.getFileName().toString().endsWith(".crdownload"))) {
                return Optional.empty();
            }
            return all.stream().filter(file -> file.getFileName().toString().endsWith(ending)).findFirst();
        }
    }

    /** Each row's source in the XLSX file, by the first name in its row, read as a spreadsheet program reads it. */
    private static Map<String, String> sourcesInXlsx(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            DataFormatter cells = new DataFormatter();
            Row header = sheet.getRow(0);
            int source = -1;
            int firstName = -1;
            for (int column = 0; column < header.getLastCellNum(); column++) {
                String name = cells.formatCellValue(header.getCell(column));
                if (name.equals("source")) {
                    source = column;
                } else if (name.equals("firstName")) {
                    firstName = column;
                }
            }
            assertThat(source).as("the source column").isNotNegative();
            assertThat(firstName).as("the firstName column").isNotNegative();
            Map<String, String> sources = new java.util.LinkedHashMap<>();
            for (int index = 1; index <= sheet.getLastRowNum(); index++) {
                Row row = sheet.getRow(index);
                if (row != null) {
                    sources.put(cells.formatCellValue(row.getCell(firstName)), cells.formatCellValue(row.getCell(source)));
                }
            }
            return sources;
        }
    }
}
