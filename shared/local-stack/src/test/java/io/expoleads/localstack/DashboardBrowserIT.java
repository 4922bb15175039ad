package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The exhibitor dashboard in a real browser, Debian's headless Chromium at a desk's size, against
 * the whole system (three services and the web tier, each its own process): the exhibitor's admin
 * signs in and sees the leads; a scan made at the booth meanwhile shows in the counters and the
 * table without a reload (the live stream); the admin opens a lead and rates it, exports the leads
 * as CSV (the file Chromium saved is read back), invites a staff member and revokes another, adds a
 * booth device and revokes it (the keyboard kept in the rows drawn anew), adds the CRM's webhook and sees its secret once (the CRM then verifies calls signed with it), and sends
 * a delivery again from the log. A staff member sees the leads only; the leads page fits a
 * 360-pixel phone.
 * Screenshots go to {@code docs/screenshots/dashboard-*.png}, which the README shows.
 */
class DashboardBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = BrowserFixture.UI;

    /** A desk's viewport, saving downloads in the test's folder. */
    @RegisterExtension
    static final BrowserFixture browser = BrowserFixture.desk().withDownloads();

    static LocalStack stack;
    static Path downloads;
    static CrmReceiver crm;

    @BeforeAll
    static void theSystemAndACrm() throws Exception {
        stack = browser.stack();
        downloads = browser.downloads();
        crm = new CrmReceiver();
    }

    /** A field of the dashboard's session as the page keeps it (localStorage). */
    private static String stored(String field) {
        return (String) browser.executeScript(
                "const s = JSON.parse(localStorage.getItem('expo.dashboard.session')); return s && s[arguments[0]];", field);
    }

    /** The access token's time runs out, as 15 minutes would make it (the refresh token stays). */
    private static void expireAccessToken() {
        browser.executeScript("const s = JSON.parse(localStorage.getItem('expo.dashboard.session'));"
                + " s.expiresAt = Date.now() - 1000; localStorage.setItem('expo.dashboard.session', JSON.stringify(s));");
    }

    @AfterAll
    static void stopTheCrm() {
        if (crm != null) {
            crm.close();
        }
    }

    @Test
    void the_admin_follows_the_leads_live_qualifies_exports_and_runs_the_booth_from_the_dashboard() throws Exception {
        TestBooth booth = TestBooth.open(stack, "atlas-mobility.com", 3, false);
        scan(booth, "amine", "Youssef", Map.of("rating", 4, "tags", List.of("fleet")));
        scan(booth, "nadia", "Salma", Map.of());
        scan(booth, "amine", "يوسف", Map.of("rating", 5, "note", "يريد عرضا"));
        await().atMost(WAIT).until(() -> leads(booth).size() == 3);

        // The admin signs in: the counters, the charts and the table of leads, live.
        browser.signInToDashboard("salma@atlas-mobility.com", "atlas-admin-passphrase", "leads");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#live", "data-state")).isEqualTo("live"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#leads-table", "data-rows")).isEqualTo("3"));
        assertThat(browser.attribute("#count-leads", "data-value")).isEqualTo("3");
        assertThat(browser.attribute("#count-hot", "data-value")).isEqualTo("2");
        assertThat(browser.text("company")).isEqualTo("Atlas Mobility");
        WebElement arabic = browser.findElement(By.xpath("//tbody[@id='leads-body']//a[.='يوسف العمراني']"));
        assertThat(arabic.getAttribute("dir")).isEqualTo("auto");
        assertThat(cellOf("Youssef El Amrani", "lastScan")).endsWith("Amine Alaoui");

        // Nadia scans Karim at the booth: the row and the counters change on the open page, no reload.
        browser.executeScript("window.stillTheSamePage = true;");
        scan(booth, "nadia", "Karim", Map.of());
        await().atMost(UI).untilAsserted(() -> assertThat(firstRowName()).isEqualTo("Karim Bennani"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#count-leads", "data-value")).isEqualTo("4"));
        assertThat(cellOf("Karim Bennani", "lastScan")).endsWith("Nadia Tazi");
        assertThat(browser.executeScript("return window.stillTheSamePage === true;")).isEqualTo(true);
        browser.screenshotWholePage("dashboard-leads");

        // The admin opens Karim's lead, rates it, tags it for follow-up and notes it.
        browser.findElement(By.linkText("Karim Bennani")).click();
        browser.awaitPage("lead");
        await().atMost(UI).until(() -> browser.findElement(By.id("lead-content")).isDisplayed());
        assertThat(browser.text("lead-title")).isEqualTo("Karim Bennani");
        assertThat(browser.text("lead-scans")).contains("Nadia Tazi");
        browser.click("label[for=edit-rating-5]");
        browser.click("fieldset[data-key=interest] label:nth-of-type(2)");
        browser.click("fieldset[data-key=callback] label");
        browser.type("lead-new-tags", "rail, vip");
        browser.click("label[for=lead-follow-up]");
        browser.type("lead-note", "Wants a quote for 40 stations");
        browser.click("#lead-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("lead-saved")).isEqualTo("Saved."));
        JsonNode karim = lead(booth, "Karim");
        assertThat(karim.get("rating").asInt()).isEqualTo(5);
        assertThat(karim.get("answers").get("interest").asString()).isEqualTo("Buses");
        assertThat(karim.get("answers").get("callback").asBoolean()).isTrue();
        assertThat(karim.get("tags").toString()).isEqualTo("[\"rail\",\"vip\"]");
        assertThat(karim.get("followUp").asBoolean()).isTrue();
        assertThat(karim.get("notes").get(0).get("text").asString()).isEqualTo("Wants a quote for 40 stations");
        browser.screenshotWholePage("dashboard-lead");

        // Back on the leads: the new rating shows; the CSV export is saved by the browser, every lead in it.
        browser.findElement(By.linkText("← All leads")).click();
        browser.awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#count-hot", "data-value")).isEqualTo("3"));
        assertThat(cellOf("Karim Bennani", "rating")).contains("★★★★★");
        browser.click("#export-csv");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#export-progress", "data-done")).isEqualTo("true"));
        Path csv = downloads.resolve("atlas-mobility_2026-11-24_leads.csv");
        await().atMost(UI).until(() -> Files.exists(csv) && !partialDownloads());
        assertThat(browser.text("export-text")).isEqualTo("Saved atlas-mobility_2026-11-24_leads.csv: 4 leads, " + sizeAsShown(csv) + ".");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("\uFEFFregistrationId,firstName,lastName");
        assertThat(lines).hasSize(5);
        assertThat(String.join("\n", lines)).contains("Youssef", "Salma", "يوسف", "Karim", "Wants a quote for 40 stations");

        // The admin's access token expires: the next page renews it silently with the refresh token.
        String expiredToken = stored("accessToken");
        String usedRefreshToken = stored("refreshToken");
        expireAccessToken();

        // The team: two of three seats taken; an invitation goes out by email.
        browser.click("#nav a[data-page=team]");
        browser.awaitPage("team");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("team-seats")).isEqualTo("Seats used: 2 of 3"));
        assertThat(stored("accessToken")).as("a new access token is kept").isNotEqualTo(expiredToken);
        assertThat(stored("refreshToken")).as("and the next refresh token").isNotEqualTo(usedRefreshToken);
        browser.type("invite-email", "karim@atlas-mobility.com");
        browser.type("invite-name", "Karim Sqalli");
        browser.click("#invite-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("team-result"))
                .isEqualTo("Invitation sent to Karim Sqalli (karim@atlas-mobility.com)."));
        // The button pressed was disabled while the invitation went: the keyboard is ready for the next one.
        browser.awaitFocusOn("#invite-email");
        // The page says so first, then reads the team again: the pending invitation shows a moment later.
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("team-pending")).contains("Karim Sqalli")
                .contains("karim@atlas-mobility.com"));
        await().atMost(WAIT).until(() -> TestBooth.invitationCode(stack, "karim@atlas-mobility.com") != null);
        // Nadia leaves the booth: once the admin confirms, her seat is free and she shows as revoked.
        String nadia = browser.findElement(By.xpath("//tbody[@id='team-staff']/tr[td[.='Nadia Tazi']]")).getAttribute("data-staff");
        browser.findElement(By.xpath("//tbody[@id='team-staff']/tr[td[.='Nadia Tazi']]//button")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Revoke Nadia Tazi?");
        browser.switchTo().alert().accept();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("team-seats")).isEqualTo("Seats used: 1 of 3"));
        assertThat(browser.findElement(By.xpath("//tbody[@id='team-staff']/tr[td[.='Nadia Tazi']]")).getText()).contains("Revoked");
        // The list was drawn anew and her row has no button any more: the keyboard is on her row.
        browser.awaitFocusOn("#team-staff tr[data-staff='" + nadia + "']");
        browser.screenshotWholePage("dashboard-team");

        // A booth device is added, then revoked: the keyboard goes to its setup code, back to the name
        // for the next one, and, once revoked, stays on its row, drawn anew without its button.
        browser.type("device-name", "Tablet at the entrance");
        browser.submit("device-form");
        browser.awaitVisible("setup-box");
        browser.awaitFocusOn("#setup-title");
        browser.click("#setup-done");
        browser.awaitFocusOn("#device-name");
        By tablet = By.xpath("//tbody[@id='devices-list']/tr[td[.='Tablet at the entrance']]");
        String tabletId = browser.findElement(tablet).getAttribute("data-device");
        browser.findElement(By.xpath("//tbody[@id='devices-list']/tr[td[.='Tablet at the entrance']]//button")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Revoke Tablet at the entrance?");
        browser.switchTo().alert().accept();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.findElement(tablet).getText()).contains("Revoked"));
        browser.awaitFocusOn("#devices-list tr[data-device='" + tabletId + "']");

        // Her session is ended from elsewhere and her token expires: the next page asks for her password,
        // then shows what she asked for, and the live stream is back.
        assertThat(web().post("/api/auth/sign-out", HttpJson.json(Map.of("refreshToken", stored("refreshToken")))).status())
                .isEqualTo(204);
        expireAccessToken();
        browser.click("#nav a[data-page=settings]");
        browser.awaitPage("sign-in");
        assertThat(browser.text("sign-in-note")).isEqualTo("Your session has expired: sign in again to go on where you were.");
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo("salma@atlas-mobility.com");
        browser.type("password", "atlas-admin-passphrase");
        browser.click("#sign-in-form button[type=submit]");

        // Settings: the CRM's webhook; its secret shows once, and it is the one that signs the calls.
        browser.awaitPage("settings");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#live", "data-state")).isEqualTo("live"));
        await().atMost(UI).until(() -> !browser.findElements(By.cssSelector("#form-questions fieldset")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#form-questions fieldset.question-editor"))).hasSize(5);
        browser.type("webhook-url", crm.url());
        browser.click("#webhook-form button[type=submit]");
        await().atMost(UI).until(() -> browser.findElement(By.id("secret-box")).isDisplayed());
        String secret = browser.findElement(By.id("secret-value")).getAttribute("value");
        assertThat(secret).startsWith("whsec_");
        assertThat(browser.text("webhooks-list")).contains(crm.url());
        browser.screenshotWholePage("dashboard-settings");
        browser.click("#secret-done");
        assertThat(browser.findElement(By.id("secret-box")).isDisplayed()).isFalse();
        browser.navigate().refresh();
        browser.awaitReady();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("webhooks-list")).contains(crm.url()));
        assertThat(browser.getPageSource()).as("shown once, never again").doesNotContain(secret);
        crm.trust(secret);
        scan(booth, "amine", "Hind", Map.of("rating", 5));
        await().atMost(WAIT).until(() -> crm.verified().size() == 1);

        // The delivery log: the CRM's call, sent again from the dashboard with the same webhook-id.
        browser.click("#nav a[data-page=deliveries]");
        browser.awaitPage("deliveries");
        new Select(browser.findElement(By.id("delivery-channel"))).selectByValue("WEBHOOK");
        // The CRM answered; the log records it a moment later.
        awaitDeliveries("tr[data-status=SUCCEEDED]", 1);
        assertThat(browser.text("deliveries-body")).contains(crm.url());
        String replayed = browser.attribute("#deliveries-body tr[data-status=SUCCEEDED]", "data-delivery");
        browser.click("#deliveries-body tr[data-status=SUCCEEDED] td.actions button");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("deliveries-result")).isEqualTo("Sent again to " + crm.url() + "."));
        await().atMost(WAIT).until(() -> crm.verified().size() == 2);
        // Its row is drawn anew with the delivery sent again: the keyboard stays in that row.
        browser.awaitFocusWithin("#deliveries-body tr[data-delivery='" + replayed + "']");
        assertThat(crm.verified().get(1).webhookId()).isEqualTo(crm.verified().get(0).webhookId());
        // Every channel: the sales team's alert emails too, and the call sent again.
        new Select(browser.findElement(By.id("delivery-channel"))).selectByValue("");
        awaitDeliveries("tr[data-delivery]", 6);
        assertThat(browser.text("deliveries-body")).contains("sales@atlas-mobility.com", "(sent again once)");
        browser.screenshotWholePage("dashboard-deliveries");

        // In Arabic, right to left: the leads page, its count in Arabic's plural form for 3 to 10
        // ("few"); a refused webhook address said in Arabic. The choice is kept with Salma's account.
        browser.click("#nav a[data-page=leads]");
        new Select(browser.findElement(By.id("language"))).selectByValue("ar");
        browser.awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("leads-status")).isEqualTo("5 عملاء محتملين معروضين"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        assertThat(browser.findElement(By.id("leads-table")).getCssValue("direction")).isEqualTo("rtl");
        assertThat(browser.text("leads-title")).isEqualTo("العملاء المحتملون");
        browser.screenshotWholePage("dashboard-arabic");
        browser.click("#nav a[data-page=settings]");
        browser.awaitPage("settings");
        browser.type("webhook-url", "ftp://crm.atlas-mobility.com/leads");
        browser.click("#webhook-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("webhook-url-error")).isEqualTo("يجب أن يكون رابط https باسم مضيف"));
        await().atMost(UI).until(() -> "ar".equals(new HttpJson(stack.webUrl()).post("/api/auth/token", HttpJson.json(Map.of("username",
                "salma@atlas-mobility.com", "password", "atlas-admin-passphrase"))).json().path("language").asString()));

        // On a phone, in French: the leads page in one column, nothing wider than the screen.
        browser.viewport(360, 780, true);
        browser.click("#nav a[data-page=leads]");
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        browser.awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("leads-status")).isEqualTo("5 leads affichés"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#count-leads", "data-value")).isEqualTo("5"));
        assertThat(browser.text("leads-title")).isEqualTo("Leads");
        assertThat(browser.findElement(By.cssSelector("#export-csv")).getText()).isEqualTo("Exporter en CSV");
        assertThat(browser.executeScript("return document.documentElement.scrollWidth;")).isEqualTo(360L);
        browser.screenshotWholePage("dashboard-phone-fr");
        browser.viewportAsStarted();

        // The server's field messages are English; a French page says the ones it knows in French.
        browser.click("#nav a[data-page=settings]");
        browser.awaitPage("settings");
        browser.type("webhook-url", "ftp://crm.atlas-mobility.com/leads");
        browser.click("#webhook-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("webhook-url-error")).isEqualTo("doit être une URL https avec un nom d’hôte"));
        new Select(browser.findElement(By.id("language"))).selectByValue("en");

        // A staff member signs in: the leads, and none of the admin's pages.
        // A lead's row is drawn anew when a teammate scans the visitor again: the keyboard stays in that row.
        browser.click("#nav a[data-page=leads]");
        browser.awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#leads-table", "data-rows")).isEqualTo("5"));
        String salmaLead = leads(booth).stream()
                .filter(lead -> booth.attendees().get("Salma").equals(lead.get("attendee").get("attendeeId").asString()))
                .findFirst().orElseThrow().get("leadId").asString();
        String salmaLink = "#leads-body tr[data-lead='" + salmaLead + "'] a";
        browser.executeScript("document.querySelector(arguments[0]).focus();", salmaLink);
        scan(booth, "amine", "Salma", Map.of());
        await().atMost(UI).untilAsserted(() -> assertThat(firstRowName()).isEqualTo("Salma Idrissi"));
        browser.awaitFocusOn(salmaLink);

        // Signed out: the keyboard lands on the sign-in form.
        browser.click("#sign-out");
        browser.awaitPage("sign-in");
        browser.awaitFocusOn("#username");
        browser.type("username", "amine@atlas-mobility.com");
        browser.type("password", "amine-passphrase-1");
        browser.click("#sign-in-form button[type=submit]");
        browser.awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#leads-table", "data-rows")).isEqualTo("5"));
        assertThat(browser.findElement(By.cssSelector("#nav a[data-page=team]")).isDisplayed()).isFalse();
        browser.get(stack.webUrl() + "/dashboard/#team");
        await().atMost(UI).until(() -> browser.getCurrentUrl().endsWith("#leads"));
        browser.awaitPage("leads");
    }

    @Test
    void load_more_leaves_the_keyboard_on_the_first_lead_it_brought() throws Exception {
        TestBooth booth = TestBooth.open(stack, "load-more.example", 2, false);
        HttpJson organizer = web().signedIn(stack.organizerUsername(), stack.organizerPassword());
        String editionId = organizer.get("/api/exhibitors/" + booth.exhibitorId()).field("editionId");
        List<Map<String, Object>> visitors = IntStream.rangeClosed(1, 26).mapToObj(number -> Map.<String, Object>of(
                "registrationId", "M-%02d".formatted(number), "firstName", "Visitor", "lastName", String.valueOf(number))).toList();
        HttpJson.Answer imported = TestBooth.importVisitors(organizer, editionId, HttpJson.json(visitors));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        for (JsonNode attendee : imported.json().get("attendees")) {
            String badge = organizer.get("/api/attendees/" + attendee.get("attendeeId").asString() + "/badge?format=json").field("payload");
            String json = HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", badge, "scannedAt", Instant.now().toString()));
            await().atMost(WAIT).until(() -> booth.scanners().get("amine").post("/api/scans", json).status() == 202);
        }
        await().atMost(WAIT).until(() -> leads(booth).size() == 26);

        // A page of 25 leads; "Load more" brings the 26th, and the keyboard goes on from it.
        browser.signInToDashboard("salma@load-more.example", "atlas-admin-passphrase", "leads");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#leads-table", "data-rows")).isEqualTo("25"));
        browser.click("#leads-more");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.attribute("#leads-table", "data-rows")).isEqualTo("26"));
        browser.awaitFocusOn("#leads-body tr:nth-child(26) a");
    }

    /** A scan at the booth, as the scanner app sends it; sent again while lead-service is still learning of the team. */
    private static void scan(TestBooth booth, String who, String visitor, Map<String, Object> qualification) {
        Map<String, Object> body = new HashMap<>(qualification);
        body.put("scanId", UUID.randomUUID().toString());
        body.put("badge", booth.badges().get(visitor));
        body.put("scannedAt", Instant.now().toString());
        String json = HttpJson.json(body);
        await().atMost(WAIT).until(() -> booth.scanners().get(who).post("/api/scans", json).status() == 202);
    }

    private static List<JsonNode> leads(TestBooth booth) {
        List<JsonNode> items = new ArrayList<>();
        booth.admin().get("/api/exhibitors/" + booth.exhibitorId() + "/leads?limit=100").json().get("items").forEach(items::add);
        return items;
    }

    private static JsonNode lead(TestBooth booth, String visitor) {
        String attendeeId = booth.attendees().get(visitor);
        JsonNode listed = leads(booth).stream()
                .filter(lead -> attendeeId.equals(lead.get("attendee").get("attendeeId").asString())).findFirst().orElseThrow();
        return booth.admin().get("/api/leads/" + listed.get("leadId").asString()).json();
    }

    private static HttpJson web() {
        return new HttpJson(stack.webUrl());
    }

    // ---- the page ------------------------------------------------------------------------------

    /** Refreshes the delivery log until it shows that many rows of the kind. */
    private static void awaitDeliveries(String rows, int count) {
        await().atMost(UI).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (browser.findElements(By.cssSelector("#deliveries-body " + rows)).size() == count) {
                return true;
            }
            browser.click("#delivery-filters button[type=submit]");
            return false;
        });
    }

    private static String firstRowName() {
        return browser.findElement(By.cssSelector("#leads-body tr td[data-column=name]")).getText().strip();
    }

    /** A column's text in the row of that visitor. */
    private static String cellOf(String name, String column) {
        return browser.findElement(By.xpath("//tbody[@id='leads-body']/tr[.//a[.='" + name + "']]/td[@data-column='" + column + "']"))
                .getText().strip();
    }

    /** A file's size as the page writes sizes. */
    private static String sizeAsShown(Path file) throws IOException {
        long size = Files.size(file);
        return (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/shared/dom.js').then(m => done(m.bytes(arguments[0], 'en')));", size);
    }

    private static boolean partialDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".crdownload"));
        }
    }

}
