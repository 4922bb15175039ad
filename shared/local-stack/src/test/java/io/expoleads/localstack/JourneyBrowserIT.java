package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The README's first walk through the web apps, in two real browsers against the whole system: at
 * a desk, the organizer approves an exhibitor in the console and gives it a booth and seats; the
 * exhibitor's admin invites a staff member from the dashboard; on a phone, the staff member opens
 * the invitation email's link in the scanner, chooses a password and scans a visitor's badge; back
 * at the desk the lead appears on the dashboard by itself, counters and all.
 */
@ExtendWith(SharedStack.class)
class JourneyBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = Duration.ofSeconds(20);
    private static final Pattern INVITATION_LINK = Pattern.compile("(http://\\S+/scan/#invitation=[A-Za-z0-9_-]{43})");

    static LocalStack stack;
    static ChromeDriver desk;
    static ChromeDriver phone;
    static Path screenshots;

    @BeforeAll
    static void startTheSystemAndTwoBrowsers(LocalStack shared) throws Exception {
        HeadlessChromium.requireInstalled();
        screenshots = TestStacks.screenshots();
        stack = shared;
        desk = HeadlessChromium.start(1280, 800, false, List.of(), Map.of());
        phone = HeadlessChromium.start(390, 844, true, List.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (phone != null) {
            phone.quit();
        }
        if (desk != null) {
            desk.quit();
        }
    }

    @Test
    void an_exhibitor_approved_in_the_console_gets_its_first_lead_live_on_the_dashboard() throws Exception {
        // The organizer's edition, its visitors, and a company's application waiting for review.
        HttpJson organizer = web().signedIn(stack.organizerUsername(), stack.organizerPassword());
        String editionId = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Casablanca Rail Forum 2026",
                "venue", "OFEC Casablanca", "startDate", "2026-11-24", "endDate", "2026-11-26", "halls", List.of("Hall 1")))).field("id");
        assertThat(organizer.put("/api/editions/" + editionId + "/booths",
                "[{\"code\":\"A2\",\"hall\":\"Hall 1\",\"area\":12}]").status()).isEqualTo(200);
        HttpJson.Answer imported = organizer.post("/api/editions/" + editionId + "/attendees/import", HttpJson.json(List.of(
                Map.of("registrationId", "R-1", "firstName", "Youssef", "lastName", "El Amrani", "company", "Casa Transport",
                        "email", "youssef@casatransport.ma", "shareContact", true),
                Map.of("registrationId", "R-2", "firstName", "Salma", "lastName", "Idrissi", "company", "Tanger Med",
                        "email", "salma@tangermed.ma", "shareContact", true))));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        String exhibitorId = web().post("/api/editions/" + editionId + "/exhibitors", HttpJson.json(Map.of(
                "companyName", "Atlas Rail", "contactName", "Leila Berrada", "contactEmail", "leila@atlas-rail.ma",
                "country", "MA", "language", "en", "password", "atlas-admin-passphrase"))).field("id");
        HttpJson admin = web().signedIn("leila@atlas-rail.ma", "atlas-admin-passphrase");
        assertThat(admin.post("/api/exhibitors/" + exhibitorId + "/submit", null).field("status")).isEqualTo("SUBMITTED");

        // At the desk: the console, the edition's applications, Atlas Rail approved, booth A2, two seats.
        desk.get(stack.webUrl() + "/console/");
        awaitReady(desk);
        type(desk, "username", stack.organizerUsername());
        type(desk, "password", "not-the-password");
        desk.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        awaitText(desk, "sign-in-error", "Wrong email or password.");
        type(desk, "password", stack.organizerPassword());
        desk.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        awaitClickable(desk, By.linkText("Casablanca Rail Forum 2026")).click();
        awaitClickable(desk, By.linkText("Atlas Rail")).click();
        awaitClickable(desk, By.id("approve")).click();
        awaitText(desk, "exhibitor-status", "Approved");
        type(desk, "booth-code", "A2");
        desk.findElement(By.cssSelector("#booth-form button[type=submit]")).click();
        awaitText(desk, "current-booth", "Current booth: A2");
        type(desk, "seat-count", "2");
        desk.findElement(By.cssSelector("#seats-form button[type=submit]")).click();
        awaitText(desk, "seats-in-use", "0 of 2 seats in use.");
        assertThat(organizer.get("/api/exhibitors/" + exhibitorId).field("status")).isEqualTo("APPROVED");

        // The help desk's way to a badge code without a printed badge: the visitors list shows it on demand.
        desk.findElement(By.id("tab-attendees")).click();
        awaitClickable(desk, By.cssSelector("button[data-badge-for='R-1']")).click();
        String badge = awaitClickable(desk, By.cssSelector(".badge-code input")).getAttribute("value");
        assertThat(badge).isNotBlank();

        // The exhibitor's admin opens the dashboard (its own sign-in, beside the console's) and invites Amine.
        desk.get(stack.webUrl() + "/dashboard/");
        awaitReady(desk);
        type(desk, "username", "leila@atlas-rail.ma");
        type(desk, "password", "atlas-admin-passphrase");
        desk.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        awaitPage(desk, "leads");
        awaitClickable(desk, By.cssSelector("#nav a[data-page=team]")).click();
        awaitPage(desk, "team");
        await().atMost(UI).untilAsserted(() -> assertThat(text(desk, "team-seats")).isEqualTo("Seats used: 0 of 2"));
        type(desk, "invite-email", "amine@atlas-rail.ma");
        type(desk, "invite-name", "Amine Alaoui");
        desk.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(text(desk, "team-pending")).contains("amine@atlas-rail.ma"));
        type(desk, "invite-email", "amine@atlas-rail.ma");
        type(desk, "invite-name", "Amine Alaoui");
        desk.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        awaitText(desk, "team-result", "amine@atlas-rail.ma is invited already and has not answered yet.");

        // Back to the leads, which follow the booth live: none yet.
        desk.findElement(By.cssSelector("#nav a[data-page=leads]")).click();
        awaitPage(desk, "leads");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("live"));
        assertThat(desk.findElement(By.id("count-leads")).getAttribute("data-value")).isEqualTo("0");

        // On his phone, Amine opens the link of the invitation email: the scanner, on his invitation.
        String link = await().atMost(WAIT).until(() -> invitationLink("amine@atlas-rail.ma"), found -> found != null);
        phone.get(link);
        awaitReady(phone);
        await().atMost(UI).untilAsserted(() -> assertThat(text(phone, "invitation-text"))
                .isEqualTo("Atlas Rail invites you, Amine Alaoui, to scan visitors’ badges at booth A2."));
        assertThat(phone.getCurrentUrl()).as("the code leaves the address bar").doesNotContain("invitation=");
        assertThat(text(phone, "invitation-email")).isEqualTo("amine@atlas-rail.ma");
        type(phone, "new-password", "amine-passphrase-1");
        type(phone, "new-password-again", "amine-passphrase-2");
        phone.findElement(By.id("invitation-accept")).click();
        awaitText(phone, "new-password-error", "The two passwords are not the same.");
        screenshot(phone, "scanner-invitation");
        type(phone, "new-password-again", "amine-passphrase-1");
        phone.findElement(By.id("invitation-accept")).click();
        awaitVisible(phone, "scanner");
        assertThat(text(phone, "signed-in-as")).contains("amine@atlas-rail.ma");

        // He scans Youssef's badge (typed here; the camera path is ScannerBrowserIT's).
        type(phone, "badge-code", badge);
        phone.findElement(By.cssSelector("#typed-form button[type=submit]")).click();
        long scannedAt = System.nanoTime();
        await().atMost(WAIT).untilAsserted(() -> assertThat(text(phone, "scan-status")).isEqualTo("Lead saved."));
        assertThat(text(phone, "visitor-name")).isEqualTo("Youssef El Amrani");

        // At the desk, without a reload: the lead at the top of the table, the counter at one.
        await().atMost(UI).untilAsserted(() -> {
            assertThat(desk.findElement(By.id("count-leads")).getAttribute("data-value")).isEqualTo("1");
            assertThat(desk.findElements(By.xpath("//tbody[@id='leads-body']//a[.='Youssef El Amrani']"))).hasSize(1);
        });
        System.out.printf("Journey: the scan reached the dashboard %d ms after the phone sent it%n",
                (System.nanoTime() - scannedAt) / 1_000_000);
        assertThat(desk.findElement(By.xpath("//tbody[@id='leads-body']/tr[.//a[.='Youssef El Amrani']]/td[@data-column='lastScan']"))
                .getText()).contains("Amine Alaoui");
        screenshot(desk, "dashboard-first-lead");

        // A tablet for the booth, which no one signs in to: the admin adds it and reads its setup code...
        desk.findElement(By.cssSelector("#nav a[data-page=team]")).click();
        awaitPage(desk, "team");
        await().atMost(UI).untilAsserted(() -> assertThat(text(desk, "devices-list")).isEqualTo("No booth device yet."));
        type(desk, "device-name", "Tablet at the entrance");
        desk.findElement(By.cssSelector("#device-form button[type=submit]")).click();
        awaitVisible(desk, "setup-box");
        String setupCode = text(desk, "setup-code");
        assertThat(setupCode).matches("[A-Z0-9]{12}");
        await().atMost(UI).untilAsserted(() -> assertThat(text(desk, "devices-list")).contains("Tablet at the entrance")
                .contains("Waiting for its setup code"));
        screenshot(desk, "dashboard-device-setup");
        desk.findElement(By.id("setup-done")).click();

        // ...which the tablet (the same phone here, Amine signed out) takes on the scanner's "Booth device" tab.
        phone.findElement(By.id("sign-out")).click();
        awaitVisible(phone, "sign-in");
        phone.findElement(By.id("tab-device")).click();
        type(phone, "setup-code", setupCode.toLowerCase());
        phone.findElement(By.cssSelector("#device-form button[type=submit]")).click();
        awaitVisible(phone, "scanner");
        await().atMost(UI).untilAsserted(() -> assertThat(text(desk, "devices-list")).as("without a reload")
                .contains("Tablet at the entrance").contains("Active"));

        // The tablet's scan reaches the dashboard live too, under the tablet's name.
        desk.findElement(By.cssSelector("#nav a[data-page=leads]")).click();
        awaitPage(desk, "leads");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("live"));
        String salma = organizer.get("/api/attendees/" + imported.json().get("attendees").get(1).get("attendeeId").asString()
                + "/badge?format=json").field("payload");
        type(phone, "badge-code", salma);
        phone.findElement(By.cssSelector("#typed-form button[type=submit]")).click();
        await().atMost(WAIT).untilAsserted(() -> assertThat(text(phone, "scan-status")).isEqualTo("Lead saved."));
        await().atMost(UI).untilAsserted(() -> {
            assertThat(desk.findElement(By.id("count-leads")).getAttribute("data-value")).isEqualTo("2");
            assertThat(desk.findElement(By.xpath("//tbody[@id='leads-body']/tr[.//a[.='Salma Idrissi']]/td[@data-column='lastScan']"))
                    .getText()).contains("Tablet at the entrance");
        });

        // The invitation link works once: opened again, it says so and offers to sign in.
        phone.get(link);
        awaitReady(phone);
        await().atMost(UI).untilAsserted(() -> assertThat(text(phone, "invitation-problem"))
                .isEqualTo("This invitation was accepted already: sign in with your email and password."));
        assertThat(phone.findElement(By.id("invitation-form")).isDisplayed()).isFalse();
    }

    private static HttpJson web() {
        return new HttpJson(stack.webUrl());
    }

    private static String invitationLink(String address) {
        for (MimeMessage message : stack.mail().getReceivedMessages()) {
            if (address.equals(TestMailServer.recipient(message))) {
                Matcher link = INVITATION_LINK.matcher(TestMailServer.body(message));
                if (link.find()) {
                    return link.group(1);
                }
            }
        }
        return null;
    }

    private static void awaitReady(ChromeDriver browser) {
        await().atMost(UI).until(() -> "true".equals(browser.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private static void awaitPage(ChromeDriver browser, String page) {
        await().atMost(UI).until(() -> page.equals(browser.findElement(By.tagName("body")).getAttribute("data-page")));
    }

    private static void awaitVisible(ChromeDriver browser, String id) {
        await().atMost(UI).until(() -> {
            List<WebElement> found = browser.findElements(By.id(id));
            return !found.isEmpty() && found.get(0).isDisplayed();
        });
    }

    private static WebElement awaitClickable(ChromeDriver browser, By what) {
        return await().atMost(UI).until(() -> browser.findElements(what).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null), found -> found != null);
    }

    private static void awaitText(ChromeDriver browser, String id, String expected) {
        await().atMost(UI).untilAsserted(() -> assertThat(text(browser, id)).isEqualTo(expected));
    }

    private static String text(ChromeDriver browser, String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText().strip();
    }

    /** Types into a field once it shows: screens draw their forms when their data arrives. */
    private static void type(ChromeDriver browser, String id, String value) {
        WebElement field = awaitClickable(browser, By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static void screenshot(ChromeDriver browser, String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

}
