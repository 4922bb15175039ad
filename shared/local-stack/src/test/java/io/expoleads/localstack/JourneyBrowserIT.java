package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The README's first walk through the web apps, in two real browsers against the whole system: at
 * a desk, the organizer approves an exhibitor in the console and gives it a booth and seats; the
 * exhibitor's admin invites a staff member from the dashboard; on a phone, the staff member opens
 * the invitation email's link in the scanner, chooses a password and scans a visitor's badge; back
 * at the desk the lead appears on the dashboard by itself, counters and all.
 */
class JourneyBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = BrowserFixture.UI;
    private static final Pattern INVITATION_LINK = Pattern.compile("(http://\\S+/scan/#invitation=[A-Za-z0-9_-]{43})");

    @RegisterExtension
    static final BrowserFixture desk = BrowserFixture.desk();
    @RegisterExtension
    static final BrowserFixture phone = BrowserFixture.phone();

    static LocalStack stack;

    @BeforeAll
    static void theSystem() {
        stack = desk.stack();
    }

    @Test
    void an_exhibitor_approved_in_the_console_gets_its_first_lead_live_on_the_dashboard() throws Exception {
        // The organizer's edition, its visitors, and a company's application waiting for review.
        HttpJson organizer = web().signedIn(stack.organizerUsername(), stack.organizerPassword());
        String editionId = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Casablanca Rail Forum 2026",
                "venue", "OFEC Casablanca", "startDate", "2026-11-24", "endDate", "2026-11-26", "halls", List.of("Hall 1")))).field("id");
        assertThat(organizer.put("/api/editions/" + editionId + "/booths",
                "[{\"code\":\"A2\",\"hall\":\"Hall 1\",\"area\":12}]").status()).isEqualTo(200);
        HttpJson.Answer imported = TestBooth.importVisitors(organizer, editionId, HttpJson.json(List.of(
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
        desk.awaitReady();
        desk.type("username", stack.organizerUsername());
        desk.type("password", "not-the-password");
        desk.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        desk.awaitText("sign-in-error", "Wrong email or password.");
        desk.type("password", stack.organizerPassword());
        desk.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        desk.awaitClickable(By.linkText("Casablanca Rail Forum 2026")).click();
        desk.awaitClickable(By.linkText("Atlas Rail")).click();
        desk.awaitClickable(By.id("approve")).click();
        desk.awaitText("exhibitor-status", "Approved");
        desk.type("booth-code", "A2");
        desk.findElement(By.cssSelector("#booth-form button[type=submit]")).click();
        desk.awaitText("current-booth", "Current booth: A2");
        desk.type("seat-count", "2");
        desk.findElement(By.cssSelector("#seats-form button[type=submit]")).click();
        desk.awaitText("seats-in-use", "0 of 2 seats in use.");
        assertThat(organizer.get("/api/exhibitors/" + exhibitorId).field("status")).isEqualTo("APPROVED");

        // The help desk's way to a badge code without a printed badge: the visitors list shows it on demand.
        desk.findElement(By.id("tab-attendees")).click();
        desk.awaitClickable(By.cssSelector("button[data-badge-for='R-1']")).click();
        String badge = desk.awaitClickable(By.cssSelector(".badge-code input")).getAttribute("value");
        assertThat(badge).isNotBlank();

        // The exhibitor's admin opens the dashboard (its own sign-in, beside the console's) and invites Amine.
        desk.signInToDashboard("leila@atlas-rail.ma", "atlas-admin-passphrase", "leads");
        desk.awaitClickable(By.cssSelector("#nav a[data-page=team]")).click();
        desk.awaitPage("team");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.text("team-seats")).isEqualTo("Seats used: 0 of 2"));
        desk.type("invite-email", "amine@atlas-rail.ma");
        desk.type("invite-name", "Amine Alaoui");
        desk.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(desk.text("team-pending")).contains("amine@atlas-rail.ma"));
        desk.type("invite-email", "amine@atlas-rail.ma");
        desk.type("invite-name", "Amine Alaoui");
        desk.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        desk.awaitText("team-result", "amine@atlas-rail.ma is invited already and has not answered yet.");

        // Back to the leads, which follow the booth live: none yet.
        desk.findElement(By.cssSelector("#nav a[data-page=leads]")).click();
        desk.awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("live"));
        assertThat(desk.findElement(By.id("count-leads")).getAttribute("data-value")).isEqualTo("0");

        // On his phone, Amine opens the link of the invitation email: the scanner, on his invitation.
        String link = await().atMost(WAIT).until(() -> invitationLink("amine@atlas-rail.ma"), found -> found != null);
        phone.get(link);
        phone.awaitReady();
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("invitation-text"))
                .isEqualTo("Atlas Rail invites you, Amine Alaoui, to scan visitors’ badges at booth A2."));
        assertThat(phone.getCurrentUrl()).as("the code leaves the address bar").doesNotContain("invitation=");
        assertThat(phone.text("invitation-email")).isEqualTo("amine@atlas-rail.ma");
        phone.type("new-password", "amine-passphrase-1");
        phone.type("new-password-again", "amine-passphrase-2");
        phone.findElement(By.id("invitation-accept")).click();
        phone.awaitText("new-password-error", "The two passwords are not the same.");
        phone.screenshot("scanner-invitation");
        phone.type("new-password-again", "amine-passphrase-1");
        phone.findElement(By.id("invitation-accept")).click();
        phone.awaitVisible("scanner");
        assertThat(phone.text("signed-in-as")).contains("amine@atlas-rail.ma");

        // He scans Youssef's badge (typed here; the camera path is ScannerBrowserIT's).
        phone.type("badge-code", badge);
        phone.findElement(By.cssSelector("#typed-form button[type=submit]")).click();
        long scannedAt = System.nanoTime();
        await().atMost(WAIT).untilAsserted(() -> assertThat(phone.text("scan-status")).isEqualTo("Lead saved."));
        assertThat(phone.text("visitor-name")).isEqualTo("Youssef El Amrani");

        // At the desk, without a reload: the lead at the top of the table, the counter at one.
        await().atMost(UI).untilAsserted(() -> {
            assertThat(desk.findElement(By.id("count-leads")).getAttribute("data-value")).isEqualTo("1");
            assertThat(desk.findElements(By.xpath("//tbody[@id='leads-body']//a[.='Youssef El Amrani']"))).hasSize(1);
        });
        System.out.printf("Journey: the scan reached the dashboard %d ms after the phone sent it%n",
                (System.nanoTime() - scannedAt) / 1_000_000);
        assertThat(desk.findElement(By.xpath("//tbody[@id='leads-body']/tr[.//a[.='Youssef El Amrani']]/td[@data-column='lastScan']"))
                .getText()).contains("Amine Alaoui");
        desk.screenshot("dashboard-first-lead");

        // A tablet for the booth, which no one signs in to: the admin adds it and reads its setup code...
        desk.findElement(By.cssSelector("#nav a[data-page=team]")).click();
        desk.awaitPage("team");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.text("devices-list")).isEqualTo("No booth device yet."));
        desk.type("device-name", "Tablet at the entrance");
        desk.findElement(By.cssSelector("#device-form button[type=submit]")).click();
        desk.awaitVisible("setup-box");
        String setupCode = desk.text("setup-code");
        assertThat(setupCode).matches("[A-Z0-9]{12}");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.text("devices-list")).contains("Tablet at the entrance")
                .contains("Waiting for its setup code"));
        desk.screenshot("dashboard-device-setup");
        desk.findElement(By.id("setup-done")).click();

        // ...which the tablet (the same phone here, Amine signed out) takes on the scanner's "Booth device" tab.
        phone.findElement(By.id("sign-out")).click();
        phone.awaitVisible("sign-in");
        phone.findElement(By.id("tab-device")).click();
        phone.type("setup-code", setupCode.toLowerCase());
        phone.findElement(By.cssSelector("#device-form button[type=submit]")).click();
        phone.awaitVisible("scanner");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.text("devices-list")).as("without a reload")
                .contains("Tablet at the entrance").contains("Active"));

        // The tablet's scan reaches the dashboard live too, under the tablet's name.
        desk.findElement(By.cssSelector("#nav a[data-page=leads]")).click();
        desk.awaitPage("leads");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("live"));
        String salma = organizer.get("/api/attendees/" + imported.json().get("attendees").get(1).get("attendeeId").asString()
                + "/badge?format=json").field("payload");
        phone.type("badge-code", salma);
        phone.findElement(By.cssSelector("#typed-form button[type=submit]")).click();
        await().atMost(WAIT).untilAsserted(() -> assertThat(phone.text("scan-status")).isEqualTo("Lead saved."));
        await().atMost(UI).untilAsserted(() -> {
            assertThat(desk.findElement(By.id("count-leads")).getAttribute("data-value")).isEqualTo("2");
            assertThat(desk.findElement(By.xpath("//tbody[@id='leads-body']/tr[.//a[.='Salma Idrissi']]/td[@data-column='lastScan']"))
                    .getText()).contains("Tablet at the entrance");
        });

        // The invitation link works once: opened again, it says so and offers to sign in.
        phone.get(link);
        phone.awaitReady();
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("invitation-problem"))
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

}
