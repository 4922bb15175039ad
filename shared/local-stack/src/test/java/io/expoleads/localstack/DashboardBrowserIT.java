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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The exhibitor dashboard in a real browser, Debian's headless Chromium at a desk's size, against
 * the whole system (three services and the web tier, each its own process): the exhibitor's admin
 * signs in and sees the leads; a scan made at the booth meanwhile shows in the counters and the
 * table without a reload (the live stream); the admin opens a lead and rates it, exports the leads
 * as CSV (the file Chromium saved is read back), invites a staff member and revokes another, adds
 * the CRM's webhook and sees its secret once (the CRM then verifies calls signed with it), and sends
 * a delivery again from the log. A staff member sees the leads only; the leads page fits a
 * 360-pixel phone.
 * Screenshots go to {@code docs/screenshots/dashboard-*.png}, which the README shows.
 */
@ExtendWith(SharedStack.class)
class DashboardBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = Duration.ofSeconds(20);

    static LocalStack stack;
    static ChromeDriver browser;
    static Path screenshots;
    static Path downloads;
    static CrmReceiver crm;

    @BeforeAll
    static void startTheSystemAndABrowser(LocalStack shared) throws Exception {
        HeadlessChromium.requireInstalled();
        screenshots = TestStacks.screenshots();
        stack = shared;
        downloads = Files.createTempDirectory("expo-downloads");
        crm = new CrmReceiver();
        browser = deskBrowser();
    }

    /** A desk's viewport, saving downloads in the test's folder. */
    private static ChromeDriver deskBrowser() {
        return HeadlessChromium.start(1280, 800, false, List.of(),
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
    }

    /** A field of the dashboard's session as the page keeps it (localStorage). */
    private static String stored(String field) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const s = JSON.parse(localStorage.getItem('expo.dashboard.session')); return s && s[arguments[0]];", field);
    }

    /** The access token's time runs out, as 15 minutes would make it (the refresh token stays). */
    private static void expireAccessToken() {
        ((JavascriptExecutor) browser).executeScript("const s = JSON.parse(localStorage.getItem('expo.dashboard.session'));"
                + " s.expiresAt = Date.now() - 1000; localStorage.setItem('expo.dashboard.session', JSON.stringify(s));");
    }

    /** The page gets a desk screen's viewport again. */
    private static void desk(ChromeDriver driver) {
        HeadlessChromium.viewport(driver, 1280, 800, false);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
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
        browser.get(stack.webUrl() + "/dashboard");
        awaitReady();
        type("username", "salma@atlas-mobility.com");
        type("password", "atlas-admin-passphrase");
        click("#sign-in-form button[type=submit]");
        awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(attribute("#live", "data-state")).isEqualTo("live"));
        await().atMost(UI).untilAsserted(() -> assertThat(attribute("#leads-table", "data-rows")).isEqualTo("3"));
        assertThat(attribute("#count-leads", "data-value")).isEqualTo("3");
        assertThat(attribute("#count-hot", "data-value")).isEqualTo("2");
        assertThat(text("company")).isEqualTo("Atlas Mobility");
        WebElement arabic = browser.findElement(By.xpath("//tbody[@id='leads-body']//a[.='يوسف العمراني']"));
        assertThat(arabic.getAttribute("dir")).isEqualTo("auto");
        assertThat(cellOf("Youssef El Amrani", "lastScan")).endsWith("Amine Alaoui");

        // Nadia scans Karim at the booth: the row and the counters change on the open page, no reload.
        ((JavascriptExecutor) browser).executeScript("window.stillTheSamePage = true;");
        scan(booth, "nadia", "Karim", Map.of());
        await().atMost(UI).untilAsserted(() -> assertThat(firstRowName()).isEqualTo("Karim Bennani"));
        await().atMost(UI).untilAsserted(() -> assertThat(attribute("#count-leads", "data-value")).isEqualTo("4"));
        assertThat(cellOf("Karim Bennani", "lastScan")).endsWith("Nadia Tazi");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.stillTheSamePage === true;")).isEqualTo(true);
        screenshot("dashboard-leads");

        // The admin opens Karim's lead, rates it, tags it for follow-up and notes it.
        browser.findElement(By.linkText("Karim Bennani")).click();
        awaitPage("lead");
        await().atMost(UI).until(() -> browser.findElement(By.id("lead-content")).isDisplayed());
        assertThat(text("lead-title")).isEqualTo("Karim Bennani");
        assertThat(text("lead-scans")).contains("Nadia Tazi");
        click("label[for=edit-rating-5]");
        click("fieldset[data-key=interest] label:nth-of-type(2)");
        click("fieldset[data-key=callback] label");
        type("lead-new-tags", "rail, vip");
        click("label[for=lead-follow-up]");
        type("lead-note", "Wants a quote for 40 stations");
        click("#lead-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(text("lead-saved")).isEqualTo("Saved."));
        JsonNode karim = lead(booth, "Karim");
        assertThat(karim.get("rating").asInt()).isEqualTo(5);
        assertThat(karim.get("answers").get("interest").asString()).isEqualTo("Buses");
        assertThat(karim.get("answers").get("callback").asBoolean()).isTrue();
        assertThat(karim.get("tags").toString()).isEqualTo("[\"rail\",\"vip\"]");
        assertThat(karim.get("followUp").asBoolean()).isTrue();
        assertThat(karim.get("notes").get(0).get("text").asString()).isEqualTo("Wants a quote for 40 stations");
        screenshot("dashboard-lead");

        // Back on the leads: the new rating shows; the CSV export is saved by the browser, every lead in it.
        browser.findElement(By.linkText("← All leads")).click();
        awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(attribute("#count-hot", "data-value")).isEqualTo("3"));
        assertThat(cellOf("Karim Bennani", "rating")).contains("★★★★★");
        click("#export-csv");
        await().atMost(UI).untilAsserted(() -> assertThat(attribute("#export-progress", "data-done")).isEqualTo("true"));
        Path csv = downloads.resolve("atlas-mobility_2026-11-24_leads.csv");
        await().atMost(UI).until(() -> Files.exists(csv) && !partialDownloads());
        assertThat(text("export-text")).isEqualTo("Saved atlas-mobility_2026-11-24_leads.csv: 4 leads, " + sizeAsShown(csv) + ".");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("\uFEFFregistrationId,firstName,lastName");
        assertThat(lines).hasSize(5);
        assertThat(String.join("\n", lines)).contains("Youssef", "Salma", "يوسف", "Karim", "Wants a quote for 40 stations");

        // The admin's access token expires: the next page renews it silently with the refresh token.
        String expiredToken = stored("accessToken");
        String usedRefreshToken = stored("refreshToken");
        expireAccessToken();

        // The team: two of three seats taken; an invitation goes out by email.
        click("#nav a[data-page=team]");
        awaitPage("team");
        await().atMost(UI).untilAsserted(() -> assertThat(text("team-seats")).isEqualTo("Seats used: 2 of 3"));
        assertThat(stored("accessToken")).as("a new access token is kept").isNotEqualTo(expiredToken);
        assertThat(stored("refreshToken")).as("and the next refresh token").isNotEqualTo(usedRefreshToken);
        type("invite-email", "karim@atlas-mobility.com");
        type("invite-name", "Karim Sqalli");
        click("#invite-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(text("team-result"))
                .isEqualTo("Invitation sent to Karim Sqalli (karim@atlas-mobility.com)."));
        // The page says so first, then reads the team again: the pending invitation shows a moment later.
        await().atMost(UI).untilAsserted(() -> assertThat(text("team-pending")).contains("Karim Sqalli")
                .contains("karim@atlas-mobility.com"));
        await().atMost(WAIT).until(() -> TestBooth.invitationCode(stack, "karim@atlas-mobility.com") != null);
        // Nadia leaves the booth: once the admin confirms, her seat is free and she shows as revoked.
        browser.findElement(By.xpath("//tbody[@id='team-staff']/tr[td[.='Nadia Tazi']]//button")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Revoke Nadia Tazi?");
        browser.switchTo().alert().accept();
        await().atMost(UI).untilAsserted(() -> assertThat(text("team-seats")).isEqualTo("Seats used: 1 of 3"));
        assertThat(browser.findElement(By.xpath("//tbody[@id='team-staff']/tr[td[.='Nadia Tazi']]")).getText()).contains("Revoked");
        screenshot("dashboard-team");

        // Her session is ended from elsewhere and her token expires: the next page asks for her password,
        // then shows what she asked for, and the live stream is back.
        assertThat(web().post("/api/auth/sign-out", HttpJson.json(Map.of("refreshToken", stored("refreshToken")))).status())
                .isEqualTo(204);
        expireAccessToken();
        click("#nav a[data-page=settings]");
        awaitPage("sign-in");
        assertThat(text("sign-in-note")).isEqualTo("Your session has expired: sign in again to go on where you were.");
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo("salma@atlas-mobility.com");
        type("password", "atlas-admin-passphrase");
        click("#sign-in-form button[type=submit]");

        // Settings: the CRM's webhook; its secret shows once, and it is the one that signs the calls.
        awaitPage("settings");
        await().atMost(UI).untilAsserted(() -> assertThat(attribute("#live", "data-state")).isEqualTo("live"));
        await().atMost(UI).until(() -> !browser.findElements(By.cssSelector("#form-questions fieldset")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#form-questions fieldset.question-editor"))).hasSize(5);
        type("webhook-url", crm.url());
        click("#webhook-form button[type=submit]");
        await().atMost(UI).until(() -> browser.findElement(By.id("secret-box")).isDisplayed());
        String secret = browser.findElement(By.id("secret-value")).getAttribute("value");
        assertThat(secret).startsWith("whsec_");
        assertThat(text("webhooks-list")).contains(crm.url());
        screenshot("dashboard-settings");
        click("#secret-done");
        assertThat(browser.findElement(By.id("secret-box")).isDisplayed()).isFalse();
        browser.navigate().refresh();
        awaitReady();
        await().atMost(UI).untilAsserted(() -> assertThat(text("webhooks-list")).contains(crm.url()));
        assertThat(browser.getPageSource()).as("shown once, never again").doesNotContain(secret);
        crm.trust(secret);
        scan(booth, "amine", "Hind", Map.of("rating", 5));
        await().atMost(WAIT).until(() -> crm.verified().size() == 1);

        // The delivery log: the CRM's call, sent again from the dashboard with the same webhook-id.
        click("#nav a[data-page=deliveries]");
        awaitPage("deliveries");
        new Select(browser.findElement(By.id("delivery-channel"))).selectByValue("WEBHOOK");
        // The CRM answered; the log records it a moment later.
        awaitDeliveries("tr[data-status=SUCCEEDED]", 1);
        assertThat(text("deliveries-body")).contains(crm.url());
        click("#deliveries-body tr[data-status=SUCCEEDED] td.actions button");
        await().atMost(UI).untilAsserted(() -> assertThat(text("deliveries-result")).isEqualTo("Sent again to " + crm.url() + "."));
        await().atMost(WAIT).until(() -> crm.verified().size() == 2);
        assertThat(crm.verified().get(1).webhookId()).isEqualTo(crm.verified().get(0).webhookId());
        // Every channel: the sales team's alert emails too, and the call sent again.
        new Select(browser.findElement(By.id("delivery-channel"))).selectByValue("");
        awaitDeliveries("tr[data-delivery]", 6);
        assertThat(text("deliveries-body")).contains("sales@atlas-mobility.com", "(sent again once)");
        screenshot("dashboard-deliveries");

        // In Arabic, right to left: the leads page, its count in Arabic's plural form for 3 to 10
        // ("few"); a refused webhook address said in Arabic. The choice is kept with Salma's account.
        click("#nav a[data-page=leads]");
        new Select(browser.findElement(By.id("language"))).selectByValue("ar");
        awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(text("leads-status")).isEqualTo("5 عملاء محتملين معروضين"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        assertThat(browser.findElement(By.id("leads-table")).getCssValue("direction")).isEqualTo("rtl");
        assertThat(text("leads-title")).isEqualTo("العملاء المحتملون");
        screenshot("dashboard-arabic");
        click("#nav a[data-page=settings]");
        awaitPage("settings");
        type("webhook-url", "ftp://crm.atlas-mobility.com/leads");
        click("#webhook-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(text("webhook-url-error")).isEqualTo("يجب أن يكون رابط https باسم مضيف"));
        await().atMost(UI).until(() -> "ar".equals(new HttpJson(stack.webUrl()).post("/api/auth/token", HttpJson.json(Map.of("username",
                "salma@atlas-mobility.com", "password", "atlas-admin-passphrase"))).json().path("language").asString()));

        // On a phone, in French: the leads page in one column, nothing wider than the screen.
        HeadlessChromium.viewport(browser, 360, 780, true);
        click("#nav a[data-page=leads]");
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(text("leads-status")).isEqualTo("5 leads affichés"));
        await().atMost(UI).untilAsserted(() -> assertThat(attribute("#count-leads", "data-value")).isEqualTo("5"));
        assertThat(text("leads-title")).isEqualTo("Leads");
        assertThat(browser.findElement(By.cssSelector("#export-csv")).getText()).isEqualTo("Exporter en CSV");
        assertThat(((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;")).isEqualTo(360L);
        screenshot("dashboard-phone-fr");
        desk(browser);

        // The server's field messages are English; a French page says the ones it knows in French.
        click("#nav a[data-page=settings]");
        awaitPage("settings");
        type("webhook-url", "ftp://crm.atlas-mobility.com/leads");
        click("#webhook-form button[type=submit]");
        await().atMost(UI).untilAsserted(() -> assertThat(text("webhook-url-error")).isEqualTo("doit être une URL https avec un nom d’hôte"));
        new Select(browser.findElement(By.id("language"))).selectByValue("en");

        // A staff member signs in: the leads, and none of the admin's pages.
        click("#sign-out");
        awaitPage("sign-in");
        type("username", "amine@atlas-mobility.com");
        type("password", "amine-passphrase-1");
        click("#sign-in-form button[type=submit]");
        awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(attribute("#leads-table", "data-rows")).isEqualTo("5"));
        assertThat(browser.findElement(By.cssSelector("#nav a[data-page=team]")).isDisplayed()).isFalse();
        browser.get(stack.webUrl() + "/dashboard/#team");
        await().atMost(UI).until(() -> browser.getCurrentUrl().endsWith("#leads"));
        awaitPage("leads");
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

    private static void awaitReady() {
        await().atMost(UI).until(() -> "true".equals(browser.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private static void awaitPage(String page) {
        await().atMost(UI).until(() -> page.equals(browser.findElement(By.tagName("body")).getAttribute("data-page")));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    private static String attribute(String selector, String name) {
        return browser.findElement(By.cssSelector(selector)).getAttribute(name);
    }

    private static void click(String selector) {
        browser.findElement(By.cssSelector(selector)).click();
    }

    private static void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /** Refreshes the delivery log until it shows that many rows of the kind. */
    private static void awaitDeliveries(String rows, int count) {
        await().atMost(UI).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (browser.findElements(By.cssSelector("#deliveries-body " + rows)).size() == count) {
                return true;
            }
            click("#delivery-filters button[type=submit]");
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
        return (String) ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/dashboard/dom.js').then(m => done(m.bytes(arguments[0], 'en')));", size);
    }

    private static boolean partialDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".crdownload"));
        }
    }

    /** The whole page, as tall as it is, at the window's width. */
    private static void screenshot(String name) throws IOException {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true));
        Files.write(screenshots.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

}
