package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import tools.jackson.databind.JsonNode;

/**
 * A visitor whose badge cannot be read, in Debian's headless Chromium against the whole system:
 * on the scanner, staff search the directory by company, the keyboard lands on the results, and
 * picking the visitor takes the lead as a scan would (then the usual qualification); offline the
 * search says it needs the network. The lead reaches the dashboard flagged "Looked up", on its row
 * and its page, and the CSV export says LOOKUP in its source column.
 */
class LookedUpLeadBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = BrowserFixture.UI;

    /** A phone that saves downloads: the scanner first, then the admin's dashboard in the same browser. */
    @RegisterExtension
    static final BrowserFixture browser = BrowserFixture.phone().withDownloads();

    static LocalStack stack;

    @BeforeAll
    static void theSystem() {
        stack = browser.stack();
    }

    @Test
    void staff_find_a_visitor_by_company_take_the_lead_and_it_reaches_the_dashboard_and_the_export_flagged() throws IOException {
        TestBooth booth = TestBooth.open(stack, "looked-up.ma", 2, false);
        browser.open("/scan/");
        browser.signInToScanner("amine@looked-up.ma", "amine-passphrase-1");

        // No badge: Amine searches the directory by the visitor's company.
        browser.click("#lookup-open");
        browser.awaitVisible("lookup");
        assertThat(browser.attribute("#lookup-open", "aria-expanded")).isEqualTo("true");
        browser.awaitFocus("#lookup-query");
        browser.type("lookup-query", "tanger m");
        browser.click("#lookup-search");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("lookup-status"))
                .isEqualTo("1 visitor found: pick the one in front of you."));
        browser.awaitFocusOn("#lookup-results button");
        assertThat(browser.text("lookup-results")).contains("Salma Idrissi", "Tanger Med", "R-2")
                .as("never contact data in a search").doesNotContain("r-2@visitors.example");
        browser.checkAccessibility("scanner-lookup-results");
        browser.screenshot("scanner-lookup");

        // Picked: the lead is taken as if scanned, and the usual qualification follows.
        browser.findElement(By.cssSelector("#lookup-results button")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).isEqualTo("Lead saved."));
        assertThat(browser.text("visitor-name")).isEqualTo("Salma Idrissi");
        assertThat(browser.findElement(By.id("qualify-form")).isDisplayed()).isTrue();
        browser.type("note", "Lost her badge; wants the tram demo");
        browser.click("#qualify-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("qualify-status")).isEqualTo("Saved."));
        await().atMost(WAIT).until(() -> leadOf(booth, "Salma").isPresent());
        JsonNode lead = leadOf(booth, "Salma").orElseThrow();
        assertThat(lead.get("source").asString()).isEqualTo("LOOKUP");

        // Offline, the search says it needs the network and cannot be sent.
        browser.findElement(By.id("next-visitor")).click();
        browser.awaitVisible("scanner");
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("network")).isEqualTo("Offline"));
        browser.click("#lookup-open");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("lookup-status"))
                .isEqualTo("No network: finding a visitor needs it. Scan the badge, or try again once online."));
        assertThat(browser.findElement(By.id("lookup-query")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("lookup-search")).isEnabled()).isFalse();
        browser.deleteNetworkConditions();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.findElement(By.id("lookup-query")).isEnabled()).isTrue());
        browser.click("#lookup-cancel");
        browser.awaitFocus("#badge-code");

        // The admin's dashboard: the row and the lead's page say "Looked up".
        browser.signInToDashboard("salma@looked-up.ma", TestBooth.ADMIN_PASSWORD, "leads");
        WebElement row = await().atMost(UI).ignoreExceptions().until(() -> browser.findElement(
                By.xpath("//tbody[@id='leads-body']/tr[.//a[.='Salma Idrissi']]")), found -> found != null);
        assertThat(row.findElement(By.cssSelector("[data-source=LOOKUP]")).getText()).isEqualTo("Looked up");
        browser.findElement(By.linkText("Salma Idrissi")).click();
        browser.awaitPage("lead");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("lead-source")).startsWith("Looked up"));
        assertThat(browser.text("lead-scans")).contains("Looked up");

        // The CSV export, saved by the browser, has the source column.
        browser.findElement(By.linkText("← All leads")).click();
        browser.awaitPage("leads");
        browser.click("#export-csv");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#export-progress", "data-done")).isEqualTo("true"));
        await().atMost(UI).until(() -> savedCsv().isPresent());
        List<String> lines = Files.readAllLines(savedCsv().orElseThrow(), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).replace("\uFEFF", "").split(","));
        int source = header.indexOf("source");
        assertThat(source).as("the source column in %s", header).isNotNegative();
        String salma = lines.stream().filter(line -> line.contains("Salma")).findFirst().orElseThrow();
        assertThat(salma.split(",")[source]).isEqualTo("LOOKUP");
    }

    private static Optional<JsonNode> leadOf(TestBooth booth, String firstName) {
        for (JsonNode lead : booth.admin().get("/api/exhibitors/" + booth.exhibitorId() + "/leads?limit=100").json().get("items")) {
            if (booth.attendees().get(firstName).equals(lead.get("attendee").get("attendeeId").asString())) {
                return Optional.of(lead);
            }
        }
        return Optional.empty();
    }

    /** The CSV the browser saved, once it is whole. */
    private static Optional<Path> savedCsv() throws IOException {
        try (Stream<Path> files = Files.list(browser.downloads())) {
            List<Path> all = files.toList();
            if (all.stream().anyMatch(file -> file.getFileName().toString().endsWith(".crdownload"))) {
                return Optional.empty();
            }
            return all.stream().filter(file -> file.getFileName().toString().endsWith("_leads.csv")).findFirst();
        }
    }
}
