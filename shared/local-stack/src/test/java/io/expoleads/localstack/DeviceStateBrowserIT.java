package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * No scan left behind, in real browsers (Debian's headless Chromium) against the whole system: a
 * staff member's phone whose uploads cannot get through keeps its scans and says so; the
 * exhibitor's Team page (a desk browser) shows the phone with its unsent scans, standing out once
 * the oldest has waited more than 15 minutes, and so does the organizer console's help desk; signing
 * out keeps the scans on the phone, another exhibitor's staff signing in there does not send them
 * (nor the team's lead updates queued there) and counts none to send, and the next sign-in of the
 * team sends each exactly once; a session ended elsewhere keeps the next
 * scan too, and says so.
 */
class DeviceStateBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = Duration.ofSeconds(20);
    private static final String STUCK = "Waiting for more than 15 minutes";

    @RegisterExtension
    static final BrowserFixture phone = BrowserFixture.phone();
    @RegisterExtension
    static final BrowserFixture desk = BrowserFixture.desk();

    static LocalStack stack;

    @BeforeAll
    static void theSystem() {
        stack = phone.stack();
        // The organizer's account is every class's: it goes back to English, which this class reads.
        HttpJson organizer = new HttpJson(stack.webUrl()).signedIn(stack.organizerUsername(), stack.organizerPassword());
        assertThat(organizer.put("/api/auth/language", HttpJson.json(Map.of("language", "en"))).status()).isEqualTo(204);
    }

    @Test
    void a_phone_with_unsent_scans_shows_on_the_team_page_and_the_help_desk_and_signing_out_keeps_them_for_the_next_sign_in() throws Exception {
        TestBooth booth = TestBooth.open(stack, "no-scan-left.ma", 2, false);
        HttpJson organizer = new HttpJson(stack.webUrl()).signedIn(stack.organizerUsername(), stack.organizerPassword());
        String editionId = organizer.get("/api/exhibitors/" + booth.exhibitorId()).field("editionId");

        // Amine signs in on his phone; the booth's network lets nothing through to the scan uploads.
        phone.get(stack.webUrl() + "/scan");
        phone.awaitReady();
        phone.type("username", "amine@no-scan-left.ma");
        phone.type("password", "amine-passphrase-1");
        phone.findElement(By.cssSelector("#staff-form button[type=submit]")).click();
        phone.awaitVisible("scanner");
        blockUploads(true);
        phone.scanTyped(booth.badges().get("Youssef"));
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("scan-status")).startsWith("Saved on this phone"));
        phone.findElement(By.id("next-visitor")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("unsent")).isEqualTo("1 unsent"));
        String phoneId = (String) phone.executeScript("return localStorage.getItem('expo.scan.phone');");
        assertThat(phoneId).as("a random id of this install").matches("[0-9a-f-]{36}");

        // The admin opens the Team page: Amine's phone, one scan waiting, not standing out yet.
        desk.get(stack.webUrl() + "/dashboard");
        desk.awaitReady();
        desk.type("username", "salma@no-scan-left.ma");
        desk.type("password", TestBooth.ADMIN_PASSWORD);
        desk.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        desk.awaitPage("leads");
        desk.get(stack.webUrl() + "/dashboard#team");
        desk.awaitPage("team");
        WebElement row = awaitScannerRow(phoneId, "1");
        assertThat(row.getText()).contains("Amine Alaoui", "(phone)", "2026.12.9").doesNotContain(STUCK);
        assertThat(row.getAttribute("class")).doesNotContain("stuck");
        assertThat(desk.findElement(By.id("scanners-stuck")).isDisplayed()).isFalse();

        // A scan taken 20 minutes ago is still on the phone (its uploads were blocked all along), and
        // another visitor comes by: the phone reports three waiting, the oldest 20 minutes old.
        Instant twentyMinutesAgo = Instant.now().minus(20, ChronoUnit.MINUTES);
        Object added = phone.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const who = JSON.parse(localStorage.getItem('expo.scan.session'));"
                + " import('/scan/queue.js').then(q => q.addScan({scanId: crypto.randomUUID(), badge: arguments[0],"
                + " scannedAt: arguments[1], capturedAt: Date.parse(arguments[1]), exhibitorId: who.exhibitorId}))"
                + ".then(() => done('added'), e => done('error: ' + e));", booth.badges().get("Salma"), twentyMinutesAgo.toString());
        assertThat(added).isEqualTo("added");
        phone.scanTyped(booth.badges().get("Karim"));
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("scan-status")).startsWith("Saved on this phone"));
        phone.findElement(By.id("next-visitor")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("unsent")).isEqualTo("3 unsent"));

        // The Team page stands it out, in words as well as colour.
        desk.navigate().refresh();
        desk.awaitPage("team");
        WebElement stuck = awaitScannerRow(phoneId, "3");
        assertThat(stuck.getAttribute("class")).contains("stuck");
        assertThat(stuck.getText()).contains(STUCK);
        assertThat(desk.text("scanners-stuck")).isEqualTo("1 phone or device has scans waiting for more than 15 minutes.");
        desk.screenshotWholePage("dashboard-team-unsent-scans");

        // The organizer's help desk lists the exhibitor, with Amine's phone, stuck.
        desk.get(stack.webUrl() + "/console");
        desk.awaitReady();
        desk.type("username", stack.organizerUsername());
        desk.type("password", stack.organizerPassword());
        desk.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        await().atMost(UI).until(() -> desk.findElement(By.id("sign-in")).getAttribute("hidden") != null);
        desk.get(stack.webUrl() + "/console#/editions/" + editionId + "/unsent-scans");
        By atlas = By.cssSelector("section.unsent-exhibitor[data-exhibitor='" + booth.exhibitorId() + "']");
        await().atMost(UI).until(() -> !desk.findElements(atlas).isEmpty());
        WebElement listed = desk.findElement(atlas);
        assertThat(listed.getAttribute("class")).contains("stuck");
        assertThat(listed.getText()).contains("Atlas Mobility", "Amine Alaoui", "3 scans waiting", STUCK);
        desk.screenshotWholePage("console-unsent-scans");

        // Amine signs out: the phone says how many wait, and keeps them.
        Set<String> queued = Set.copyOf(queuedScanIds());
        assertThat(queued).hasSize(3);
        phone.findElement(By.id("sign-out")).click();
        await().atMost(UI).until(() -> {
            try {
                phone.switchTo().alert();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException notYet) {
                return false;
            }
        });
        assertThat(phone.switchTo().alert().getText())
                .isEqualTo("3 scans are not sent yet. They stay on this phone and go up at your team’s next sign-in here. Sign out?");
        phone.switchTo().alert().accept();
        phone.awaitVisible("sign-in");
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("waiting-scans"))
                .isEqualTo("3 scans wait on this phone. They are sent once someone of their team signs in here."));
        assertThat(Set.copyOf(queuedScanIds())).isEqualTo(queued);
        phone.screenshotWholePage("scanner-signed-out-scans-waiting");

        // The network is back. The phone also holds two lead updates saved offline: one of a lead of Amine's team (Nadia
        // scanned that visitor on her own phone), tied to his exhibitor, and one queued by a scanner
        // older than that tie, which names no exhibitor (of a lead no one here has).
        blockUploads(false);
        String nadiasScan = HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", booth.badges().get("يوسف"),
                "scannedAt", Instant.now().toString()));
        await().atMost(WAIT).until(() -> booth.scanners().get("nadia").post("/api/scans", nadiasScan).status() == 202);
        await().atMost(WAIT).until(() -> leadOf(booth, "يوسف") != null);
        String teamLead = leadOf(booth, "يوسف").get("leadId").asString();
        String unknownLead = UUID.randomUUID().toString();
        Object queuedUpdates = phone.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/scan/queue.js').then(async q => { await q.addQualification(arguments[0], arguments[1], {tags: ['call-back']});"
                + " await q.addQualification(arguments[2], null, {tags: ['older-scanner']}); })"
                + ".then(() => done('queued'), e => done('error: ' + e));", teamLead, booth.exhibitorId(), unknownLead);
        assertThat(queuedUpdates).isEqualTo("queued");
        phone.executeScript("performance.setResourceTimingBufferSize(10000); performance.clearResourceTimings();");

        // A staff member of another exhibitor signs in on this phone: the
        // scans are not his exhibitor's and do not go up under his account; the header counts none to send.
        TestBooth other = TestBooth.open(stack, "other-booth.ma", 2, false);
        phone.type("username", "amine@other-booth.ma");
        phone.type("password", "amine-passphrase-1");
        phone.findElement(By.cssSelector("#staff-form button[type=submit]")).click();
        phone.awaitVisible("scanner");
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("waiting-scans")).isEqualTo(
                "3 scans of another exhibitor wait on this phone. They are sent only when someone of that exhibitor signs in here, never under your account."));
        assertThat(phone.text("unsent")).isEqualTo("0 unsent");
        assertThat(phone.attribute("#unsent", "class")).doesNotContain("pill-warn");
        // His scanner has tried its uploads and reported: nothing of his own waits on this phone.
        await().atMost(WAIT).until(() -> other.admin().get("/api/exhibitors/" + other.exhibitorId() + "/scanners").json().size() == 1);
        assertThat(other.admin().get("/api/exhibitors/" + other.exhibitorId() + "/scanners").json().get(0).get("unsent").asLong()).isZero();
        assertThat(Set.copyOf(queuedScanIds())).isEqualTo(queued);
        assertThat(other.admin().get("/api/exhibitors/" + other.exhibitorId() + "/leads").json().get("items")).isEmpty();
        // The team's lead update never went up under his account; the older one was tried once, answered
        // 404 (not his exhibitor's lead), and is not tried again by his account: no lead update to send.
        await().atMost(UI).until(() -> !phone.findElement(By.id("unsent-qualifications")).isDisplayed());
        assertThat(requestsTo("/api/leads/" + teamLead)).isZero();
        assertThat(requestsTo("/api/leads/" + unknownLead)).isEqualTo(1);
        long reports = requestsTo("/api/scanners/");
        phone.executeScript("window.dispatchEvent(new Event('online'));");
        await().atMost(UI).until(() -> requestsTo("/api/scanners/") > reports);
        assertThat(requestsTo("/api/leads/" + unknownLead)).as("tried once by his exhibitor's accounts").isEqualTo(1);
        assertThat(requestsTo("/api/leads/" + teamLead)).isZero();
        assertThat(queuedUpdateLeadIds()).containsExactlyInAnyOrder(teamLead, unknownLead);
        phone.findElement(By.id("sign-out")).click();
        phone.awaitVisible("sign-in");

        // Amine signs in again: the three go up, each exactly once, and nothing waits any more.
        phone.type("username", "amine@no-scan-left.ma");
        phone.type("password", "amine-passphrase-1");
        phone.findElement(By.cssSelector("#staff-form button[type=submit]")).click();
        phone.awaitVisible("scanner");
        await().atMost(WAIT).untilAsserted(() -> assertThat(phone.text("unsent")).isEqualTo("0 unsent"));
        assertThat(queuedScanIds()).isEmpty();
        assertThat(phone.findElement(By.id("waiting-scans")).isDisplayed()).isFalse();
        // The team's lead update goes up under his account; the older one is the lead of no one here, and waits.
        await().atMost(WAIT).untilAsserted(() -> assertThat(booth.admin().get("/api/leads/" + teamLead).json().get("tags").toString())
                .contains("call-back"));
        await().atMost(UI).untilAsserted(() -> assertThat(queuedUpdateLeadIds()).containsExactly(unknownLead));
        await().atMost(UI).until(() -> !phone.findElement(By.id("unsent-qualifications")).isDisplayed());
        for (String visitor : List.of("Youssef", "Salma", "Karim")) {
            await().atMost(WAIT).until(() -> leadOf(booth, visitor) != null);
            JsonNode lead = booth.admin().get("/api/leads/" + leadOf(booth, visitor).get("leadId").asString()).json();
            assertThat(lead.get("scanCount").asInt()).as(visitor).isEqualTo(1);
            assertThat(queued).as(visitor).contains(lead.get("scans").get(0).get("scanId").asString());
        }

        // His session ends elsewhere and his token runs out: the next scan waits, and the phone says so.
        String refreshToken = (String) phone.executeScript("return JSON.parse(localStorage.getItem('expo.scan.session')).refreshToken;");
        assertThat(new HttpJson(stack.webUrl()).post("/api/auth/sign-out", HttpJson.json(Map.of("refreshToken", refreshToken))).status())
                .isEqualTo(204);
        phone.executeScript("const s = JSON.parse(localStorage.getItem('expo.scan.session'));"
                + " s.expiresAt = Date.now() - 1000; localStorage.setItem('expo.scan.session', JSON.stringify(s));");
        phone.scanTyped(booth.badges().get("Hind"));
        phone.awaitVisible("expired");
        await().atMost(UI).untilAsserted(() -> assertThat(phone.text("waiting-scans"))
                .isEqualTo("1 scan waits on this phone. It is sent once someone of its team signs in here."));
        assertThat(queuedScanIds()).hasSize(1);
        phone.findElement(By.id("expired-sign-in")).click();
        phone.awaitVisible("sign-in");
        phone.type("username", "amine@no-scan-left.ma");
        phone.type("password", "amine-passphrase-1");
        phone.findElement(By.cssSelector("#staff-form button[type=submit]")).click();
        phone.awaitVisible("scanner");
        await().atMost(WAIT).untilAsserted(() -> assertThat(phone.text("unsent")).isEqualTo("0 unsent"));
        await().atMost(WAIT).until(() -> leadOf(booth, "Hind") != null);

        // The Team page shows the phone with nothing waiting and its last upload; the help desk lists no one.
        desk.get(stack.webUrl() + "/dashboard#team");
        desk.awaitPage("team");
        WebElement settled = awaitScannerRow(phoneId, "0");
        assertThat(settled.getAttribute("class")).doesNotContain("stuck");
        assertThat(settled.getText()).doesNotContain(STUCK).doesNotContain("never");
        desk.get(stack.webUrl() + "/console#/editions/" + editionId + "/unsent-scans");
        await().atMost(UI).untilAsserted(() -> assertThat(desk.text("unsent-exhibitors"))
                .isEqualTo("No phone or device holds unsent scans."));
    }

    // ---- the system ----------------------------------------------------------------------------

    /** The booth's lead for that visitor as the leads list shows it, or null while there is none. */
    private static JsonNode leadOf(TestBooth booth, String firstName) {
        for (JsonNode lead : booth.admin().get("/api/exhibitors/" + booth.exhibitorId() + "/leads?limit=100").json().get("items")) {
            if (booth.attendees().get(firstName).equals(lead.get("attendee").get("attendeeId").asString())) {
                return lead;
            }
        }
        return null;
    }

    // ---- the pages -----------------------------------------------------------------------------

    /**
     * The phone's scan uploads fail as a network refusing them would (Chromium blocks the requests);
     * everything else, the phone's state reports included, goes through.
     */
    private static void blockUploads(boolean blocked) {
        phone.executeCdpCommand("Network.enable", Map.of());
        phone.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", blocked ? List.of("*/api/scans", "*/api/scans/batch") : List.of()));
    }

    /** The Team page's row of that phone once it shows that many unsent scans, refreshing the page meanwhile. */
    private static WebElement awaitScannerRow(String phoneId, String unsent) {
        By row = By.cssSelector("#scanners-list tr[data-phone='" + phoneId + "']");
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<WebElement> rows = desk.findElements(row);
            if (!rows.isEmpty() && rows.get(0).findElement(By.cssSelector("td.unsent .pill")).getText().strip().equals(unsent)) {
                return true;
            }
            desk.navigate().refresh();
            desk.awaitPage("team");
            return false;
        });
        return desk.findElement(row);
    }

    /** How many requests the phone's page made to addresses holding that path since the count was cleared. */
    private static long requestsTo(String path) {
        return ((Number) phone.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => new URL(e.name).pathname.startsWith(arguments[0])).length;", path)).longValue();
    }

    /** The leads of the lead updates waiting in the phone's IndexedDB queue. */
    @SuppressWarnings("unchecked")
    private static List<String> queuedUpdateLeadIds() {
        return new ArrayList<>((List<String>) phone.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/scan/queue.js').then(q => q.qualifications()).then(s => done(s.map(x => x.leadId)), e => done(['error: ' + e]));"));
    }

    /** The scan ids waiting in the phone's IndexedDB queue. */
    @SuppressWarnings("unchecked")
    private static List<String> queuedScanIds() {
        return new ArrayList<>((List<String>) phone.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/scan/queue.js').then(q => q.scans()).then(s => done(s.map(x => x.scanId)), e => done(['error: ' + e]));"));
    }

}
