package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * A visitor's own page and the console's erase button in a real browser (Debian's headless
 * Chromium), against the whole system, each service its own process: a visitor scanned at Atlas
 * Mobility's booth opens /privacy/, asks for a link, opens it from the email the stack's mail
 * server caught, sees the exhibitor and what it sees, withdraws contact sharing, reads the page in
 * Arabic (right to left), asks for erasure and is told what happens next; the used link is then
 * refused with its reason. The organizer erases another visitor from the console, confirming first,
 * reads the erasure's status until it is done and no longer finds him in the list; shortens an
 * edition's retention and sees its new purge date; and finds an exhibitor's export in the audit log
 * and in its CSV download. Screenshots go to {@code docs/screenshots/privacy-*.png} and
 * {@code console-*.png}.
 */
class PrivacyBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = Duration.ofSeconds(20);
    private static final String DOMAIN = "privacy-page.example";
    private static final String AUDIT_DOMAIN = "privacy-audit.example";
    private static final Pattern LINK = Pattern.compile("(http\\S+/privacy/\\?lang=en#code=[A-Za-z0-9_-]{43})");

    @RegisterExtension
    static final BrowserFixture browser = BrowserFixture.window(1024, 800, false).withDownloads();

    static LocalStack stack;
    static Path downloads;

    @BeforeAll
    static void theSystem() {
        stack = browser.stack();
        downloads = browser.downloads();
    }

    @Test
    void a_scanned_visitor_sees_who_holds_their_data_withdraws_sharing_and_erases_themselves() throws Exception {
        TestBooth booth = TestBooth.open(stack, DOMAIN, 3, false);
        HttpJson web = new HttpJson(stack.webUrl());
        HttpJson organizer = web.signedIn(stack.organizerUsername(), stack.organizerPassword());
        String editionId = organizer.get("/api/exhibitors/" + booth.exhibitorId()).field("editionId");
        String email = "leila." + UUID.randomUUID().toString().substring(0, 8) + "@" + DOMAIN;
        HttpJson.Answer imported = TestBooth.importVisitors(organizer, editionId, HttpJson.json(List.of(Map.of(
                "registrationId", "PB-1", "firstName", "Leila", "lastName", "Chraibi", "company", "Rabat Smart Lighting",
                "email", email, "phone", "+212655555555", "shareContact", true))));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        String leila = imported.json().get("attendees").get(0).get("attendeeId").asString();
        String badge = organizer.get("/api/attendees/" + leila + "/badge?format=json").field("payload");
        HttpJson.Answer scanned = booth.scanners().get("amine").post("/api/scans", HttpJson.json(Map.of(
                "scanId", UUID.randomUUID().toString(), "badge", badge, "scannedAt", Instant.now().toString(),
                "note", "Streetlight pilot in Agdal")));
        assertThat(scanned.status()).as(scanned.text()).isEqualTo(202);
        String leadsPath = "/api/exhibitors/" + booth.exhibitorId() + "/leads";
        await().atMost(WAIT).until(() -> booth.admin().get(leadsPath).text().contains(email));

        // She opens her page and asks for a link.
        browser.get(stack.webUrl() + "/privacy/?lang=en");
        browser.awaitReady();
        browser.awaitVisible("ask");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("ltr");
        browser.type("email", email);
        browser.findElement(By.cssSelector("#ask-form button[type=submit]")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("ask-sent")).startsWith("If this address is registered"));
        browser.screenshot("privacy-ask");

        // The link from the email opens her page: the exhibitor that scanned her, and what it sees.
        await().atMost(WAIT).until(() -> link(email) != null);
        String link = link(email);
        assertThat(link).startsWith(stack.webUrl() + "/privacy/");
        browser.get(link);
        browser.awaitVisible("data");
        assertThat((String) browser.executeScript("return location.href;"))
                .as("the code leaves the address bar").doesNotContain("code=");
        WebElement holder = browser.findElement(By.cssSelector("#holders li"));
        assertThat(holder.getText()).contains("Atlas Mobility").contains(email).contains("+212655555555")
                .as("her copy of what its staff recorded").contains("What its staff recorded about you:")
                .contains("Streetlight pilot in Agdal").doesNotContain("Amine");
        assertThat(browser.text("registrations")).contains("Leila").contains("Rabat Smart Lighting");
        browser.screenshotWholePage("privacy-data");

        // She stops sharing her contact details with Atlas Mobility, confirming first.
        holder.findElement(By.cssSelector("button.withdraw")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Stop sharing your email and phone with Atlas Mobility?");
        browser.switchTo().alert().accept();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("notice")).isEqualTo("Atlas Mobility no longer sees your email or phone."));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("holders")).contains("Your contact details are not shared with this exhibitor.")
                .doesNotContain(email));
        assertThat(booth.admin().get(leadsPath).text()).as("the exhibitor's leads no longer hold them").doesNotContain(email)
                .doesNotContain("+212655555555").contains("Leila");

        // The page in Arabic reads right to left.
        new Select(browser.findElement(By.id("language"))).selectByValue("ar");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ar");
        assertThat(browser.text("holders-title")).isEqualTo("العارضون الذين مسحوا شارتك");
        assertThat(browser.text("holders")).contains("ما سجّله فريقه عنك:").contains("Streetlight pilot in Agdal");
        assertThat(browser.executeScript("return getComputedStyle(document.getElementById('holders')).direction;"))
                .isEqualTo("rtl");
        // The heading's text sits against its box's right-hand edge, far from the left-hand one.
        @SuppressWarnings("unchecked")
        List<Number> edges = (List<Number>) browser.executeScript(
                "const title = document.getElementById('holders-title'); const range = document.createRange();"
                        + " range.selectNodeContents(title); const text = range.getBoundingClientRect();"
                        + " const box = title.getBoundingClientRect();"
                        + " return [box.left, text.left, text.right, box.right];");
        assertThat(edges.get(3).doubleValue() - edges.get(2).doubleValue()).as("text to the right edge").isLessThan(2);
        assertThat(edges.get(1).doubleValue() - edges.get(0).doubleValue()).as("room on the left").isGreaterThan(40);
        browser.screenshotWholePage("privacy-data-ar");

        // She asks for erasure, confirming first: the page says what happens and what cannot be recalled.
        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        browser.findElement(By.id("erase")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Erase all your data? This is final");
        browser.switchTo().alert().accept();
        browser.awaitVisible("erased");
        browser.awaitFocusWithin("#erased");
        assertThat(browser.text("erased")).contains("Your data is being erased").contains("files exhibitors already downloaded")
                .contains("CRMs that ignore the erasure request");
        browser.screenshot("privacy-erased");
        HttpJson.Answer erasure = organizer.get("/api/attendees/" + leila + "/erasure");
        assertThat(erasure.field("cause")).isEqualTo("VISITOR");
        await().atMost(WAIT).until(() -> "DONE".equals(organizer.get("/api/attendees/" + leila + "/erasure").field("status")));
        assertThat(booth.admin().get(leadsPath).text()).doesNotContain("Leila");

        // The used link is refused, with its reason, in the page's language.
        browser.get(link);
        browser.awaitVisible("ask");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("notice"))
                .isEqualTo("This link was used already (it works once). Ask for a new one below."));
        browser.get(stack.webUrl() + "/privacy/?lang=fr#code=" + "A".repeat(43));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("notice")).isEqualTo("Ce lien est inconnu. Demandez-en un nouveau ci-dessous."));

        // The organizer erases Karim from the console, confirming first, and reads where it stands.
        String karim = booth.attendees().get("Karim");
        browser.signInToConsole("#/editions/" + editionId + "/attendees", "en");
        await().atMost(UI).until(() -> !browser.findElements(By.cssSelector("[data-erase-for='R-4']")).isEmpty());
        browser.findElement(By.cssSelector("[data-erase-for='R-4']")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Erase Karim Bennani?").contains("cannot be undone");
        browser.switchTo().alert().accept();
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.findElement(By.xpath(
                "//tr[td//button[@data-badge-for='R-4']]//span[contains(@class,'erasure-status')]")).getText())
                .startsWith("Erased at").contains("lead-service").contains("notification-service"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});",
                browser.findElement(By.cssSelector("[data-badge-for='R-4']")));
        browser.screenshot("console-erasure");
        assertThat(organizer.get("/api/attendees/" + karim + "/erasure").field("status")).isEqualTo("DONE");
        assertThat(organizer.get("/api/attendees/" + karim + "/erasure").field("cause")).isEqualTo("ORGANIZER");
        assertThat(organizer.get("/api/attendees/" + karim).status()).isEqualTo(410);
        // The console's list, read again, no longer holds him; the others stay.
        browser.navigate().refresh();
        await().atMost(UI).until(() -> !browser.findElements(By.cssSelector("[data-erase-for='R-1']")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("[data-erase-for='R-4']"))).isEmpty();
        assertThat(browser.text("registered")).contains("Youssef").doesNotContain("Karim").doesNotContain("Bennani");
    }

    @Test
    void the_organizer_shortens_an_editions_retention_and_reads_who_exported_visitors_in_the_audit_log_and_its_csv()
            throws Exception {
        TestBooth booth = TestBooth.open(stack, AUDIT_DOMAIN, 3, false);
        HttpJson organizer = new HttpJson(stack.webUrl()).signedIn(stack.organizerUsername(), stack.organizerPassword());
        String editionId = organizer.get("/api/exhibitors/" + booth.exhibitorId()).field("editionId");
        HttpJson.Answer scanned = booth.scanners().get("amine").post("/api/scans", HttpJson.json(Map.of(
                "scanId", UUID.randomUUID().toString(), "badge", booth.badges().get("Hind"), "scannedAt", Instant.now().toString())));
        assertThat(scanned.status()).as(scanned.text()).isEqualTo(202);
        String leadsPath = "/api/exhibitors/" + booth.exhibitorId() + "/leads";
        await().atMost(WAIT).until(() -> booth.admin().get(leadsPath).text().contains("Berrada"));
        // The exhibitor's admin exports its leads: a bulk read of one visitor.
        HttpJson.Answer export = booth.admin().get(leadsPath + "/export?format=csv");
        assertThat(export.status()).as(export.text()).isEqualTo(200);
        assertThat(export.text()).contains("Berrada");

        // The edition's page: its retention, 12 months, shortened to 3, saved, with the new purge date.
        browser.signInToConsole("#/editions/" + editionId, "en");
        await().atMost(UI).until(() -> !browser.text("edition-purge").isEmpty());
        String before = browser.text("edition-purge");
        assertThat(before).startsWith("Visitors’ personal data is erased on");
        WebElement retention = browser.findElement(By.id("edition-retention"));
        assertThat(retention.getAttribute("value")).isEqualTo("12");
        retention.clear();
        retention.sendKeys("3");
        browser.findElement(By.cssSelector("#edition-form button[type=submit]")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("notice")).isEqualTo("Changes saved."));
        HttpJson.Answer edition = organizer.get("/api/editions/" + editionId);
        assertThat(edition.json().get("retentionMonths").asInt()).isEqualTo(3);
        ZonedDateTime purgeAt = Instant.parse(edition.field("purgeAt")).atZone(ZoneId.of("Africa/Casablanca"));
        assertThat(purgeAt.toLocalDate()).as("three months after the last day, not twelve").isBefore(LocalDate.of(2027, 3, 1));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("edition-purge")).isNotEqualTo(before)
                .contains(DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH).format(purgeAt)));
        assertThat(browser.findElement(By.id("edition-retention")).getAttribute("value")).isEqualTo("3");
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});",
                browser.findElement(By.id("edition-retention")));
        browser.screenshot("console-retention");

        // The audit log: the export, who made it, when, and how many visitors it held.
        JsonNode entry = organizer.get("/api/editions/" + editionId + "/audit?kind=EXPORT").json().get("items").get(0);
        assertThat(entry.get("exhibitorId").asString()).isEqualTo(booth.exhibitorId());
        assertThat(entry.get("visitors").asInt()).isEqualTo(1);
        browser.findElement(By.id("tab-audit")).click();
        await().atMost(UI).until(() -> !browser.findElements(By.cssSelector("#audit-entries tbody tr")).isEmpty());
        WebElement row = browser.findElements(By.cssSelector("#audit-entries tbody tr")).stream()
                .filter(candidate -> candidate.getText().contains("Lead export")).findFirst().orElseThrow();
        List<String> cells = row.findElements(By.tagName("td")).stream()
                .map(cell -> cell.getText().replace('\u202f', ' ').replace('\u00a0', ' ').strip()).toList();
        // The entry's time in the fair's time zone, as this browser's time zone data has it (Debian's Chromium
        // and the JDK disagree about Morocco's offset in some months).
        String when = ((String) browser.executeScript("return new Intl.DateTimeFormat('en', {dateStyle: 'medium',"
                + " timeStyle: 'short', timeZone: 'Africa/Casablanca'}).format(new Date(arguments[0]));", entry.get("at").asString()))
                .replace('\u202f', ' ').replace('\u00a0', ' ');
        assertThat(cells).containsExactly(when, "Lead export", booth.exhibitorId(),
                entry.get("account").asString() + " (" + entry.get("role").asString() + ")", "1", entry.get("reads").asString());
        browser.screenshot("console-audit");

        // The CSV download holds the same entry.
        browser.findElement(By.id("audit-csv")).click();
        Path csv = downloads.resolve("audit-" + editionId + ".csv");
        await().atMost(UI).until(() -> Files.exists(csv) && !partialDownloads());
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).contains("at", "kind", "exhibitorId", "account", "role", "visitors");
        List<String> exported = lines.stream().skip(1).map(line -> List.of(line.split(",", -1)))
                .filter(fields -> "EXPORT".equals(fields.get(header.indexOf("kind")))).findFirst().orElseThrow();
        assertThat(exported.get(header.indexOf("exhibitorId"))).isEqualTo(booth.exhibitorId());
        assertThat(exported.get(header.indexOf("account"))).isEqualTo(entry.get("account").asString());
        assertThat(exported.get(header.indexOf("visitors"))).isEqualTo("1");
        assertThat(Instant.parse(exported.get(header.indexOf("at")))).isEqualTo(Instant.parse(entry.get("at").asString()));
        assertThat(String.join("\n", lines)).as("nothing of the visitor").doesNotContain("Hind", "Berrada", "Marsa Maroc");
    }

    private static boolean partialDownloads() throws Exception {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".crdownload"));
        }
    }

    /** The sign-in link of the last email to that address, or null while none came. */
    private static String link(String address) {
        String found = null;
        for (MimeMessage message : stack.mail().getReceivedMessages()) {
            if (address.equals(TestMailServer.recipient(message))) {
                Matcher link = LINK.matcher(TestMailServer.body(message));
                if (link.find()) {
                    found = link.group(1);
                }
            }
        }
        return found;
    }

}
