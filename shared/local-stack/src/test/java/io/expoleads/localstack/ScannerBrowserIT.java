package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The booth scanner in a real browser, Debian's headless Chromium at a phone's size, against the
 * whole system (three services and the web tier, each its own process): a staff member signs in,
 * scans a badge and sees the visitor and the teammate who scanned them first, qualifies the lead;
 * then loses the network, queues three scans, reloads the page and still has them, and once back
 * online sees them uploaded, each exactly once. Screenshots of the main screens go to
 * {@code docs/screenshots/}, which the README shows.
 */
class ScannerBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = BrowserFixture.UI;

    /** A phone's viewport, with a camera allowed without asking that films the file the test writes. */
    @RegisterExtension
    static final BrowserFixture browser = BrowserFixture.phone().withCamera();

    static LocalStack stack;

    @BeforeAll
    static void theSystem() {
        stack = browser.stack();
    }

    @Test
    void staff_scan_online_and_offline_and_every_queued_scan_is_uploaded_exactly_once() throws Exception {
        TestBooth booth = TestBooth.open(stack, "casamobility.ma", 2, true);

        // Nadia scanned Youssef a moment ago, with a note.
        HttpJson nadia = web().signedIn("nadia@casamobility.ma", "nadia-passphrase-1");
        String nadiaScan = HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", booth.badges().get("Youssef"),
                "scannedAt", java.time.Instant.now().toString(), "note", "Wants a fleet demo"));
        await().atMost(WAIT).until(() -> nadia.post("/api/scans", nadiaScan).status() == 202);
        await().atMost(WAIT).until(() -> leadOf(booth, "Youssef") != null);

        // Amine opens the scanner on his phone and signs in.
        browser.get(stack.webUrl() + "/scan");
        browser.awaitReady();
        assertThat(browser.text("unsent")).isEqualTo("0 unsent");
        browser.screenshotWholePage("scanner-sign-in");
        // The skip link is the keyboard's first stop; it leads past the header to the screen.
        browser.executeScript("document.activeElement.blur();");
        browser.press(Keys.TAB);
        browser.awaitFocus("#skip");
        browser.press(Keys.ENTER);
        browser.awaitFocus("#main");
        browser.signInToScanner("amine@casamobility.ma", "amine-passphrase-1");
        // Signed in: the keyboard (or a handheld scanner that types) is in the badge code's field.
        browser.awaitFocus("#badge-code");
        browser.screenshotWholePage("scanner-ready");
        // The app shell is cached for offline use by now.
        assertThat(browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " navigator.serviceWorker.ready.then(() => done(true), () => done(false));")).isEqualTo(true);

        // He types Youssef's badge code: the visitor shows at once, with Nadia's earlier scan and note.
        browser.scanTyped(booth.badges().get("Youssef"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).isEqualTo("Lead saved."));
        // The scanning screen went: the keyboard and the screen reader land on what became of the scan.
        browser.awaitFocus("#scan-status");
        assertThat(browser.text("visitor-name")).isEqualTo("Youssef El Amrani");
        assertThat(browser.text("visitor-company")).contains("Casa Transport");
        assertThat(browser.text("already-text")).startsWith("Already scanned by Nadia Tazi at ");
        assertThat(browser.text("team-notes")).contains("Nadia Tazi").contains("Wants a fleet demo");

        // He rates, answers the exhibitor's questions, tags and notes, and saves.
        browser.findElement(By.cssSelector("label[for=rating-4]")).click();
        browser.findElement(By.cssSelector("fieldset[data-key=interest] label:nth-of-type(2)")).click();
        browser.findElement(By.cssSelector("fieldset[data-key=budget] label")).click();
        browser.findElement(By.cssSelector("fieldset[data-key=timeline] .scale label:nth-of-type(5)")).click();
        browser.findElement(By.cssSelector("fieldset[data-key=callback] label")).click();
        browser.findElement(By.cssSelector("fieldset[data-key=needs] textarea")).sendKeys("12 electric buses");
        browser.type("new-tag", "fleet");
        browser.findElement(By.id("add-tag")).click();
        browser.type("note", "Call back after the show");
        // The screen's outline skips no level, the team's notes above the visitor included (axe's heading-order).
        assertThat(browser.executeScript("return Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))"
                + ".filter(e => e.getClientRects().length > 0).map(e => e.tagName + ' ' + e.textContent.trim()).join(' | ');"))
                .isEqualTo("H1 Expo Leads scanner | H2 Notes from the team | H2 Visitor | H2 Qualify this lead | H2 Refused scans");
        browser.screenshotWholePage("scanner-visitor");
        browser.findElement(By.cssSelector("#qualify-form button[type=submit]")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("qualify-status")).isEqualTo("Saved."));
        JsonNode qualified = lead(booth, leadOf(booth, "Youssef").get("leadId").asString());
        assertThat(qualified.get("rating").asInt()).isEqualTo(4);
        assertThat(qualified.get("answers").get("interest").asString()).isEqualTo("Buses");
        assertThat(qualified.get("answers").get("budget").get(0).asString()).isEqualTo("< 100k");
        assertThat(qualified.get("answers").get("timeline").asInt()).isEqualTo(5);
        assertThat(qualified.get("answers").get("callback").asBoolean()).isTrue();
        assertThat(qualified.get("answers").get("needs").asString()).isEqualTo("12 electric buses");
        assertThat(qualified.get("tags").toString()).contains("fleet");
        assertThat(qualified.get("notes").toString()).contains("Wants a fleet demo").contains("Call back after the show");

        // The network goes: Chromium's own emulation, and the page's requests do fail.
        browser.findElement(By.id("next-visitor")).click();
        browser.awaitFocus("#badge-code");
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("network")).isEqualTo("Offline"));
        assertThat(pageFetch("/api/editions")).isEqualTo("failed");

        // Three visitors come by; the second is rated at once, with the scan still on the phone.
        List<String> offlineVisitors = List.of("Salma", "يوسف", "Karim");
        for (String visitor : offlineVisitors) {
            browser.scanTyped(booth.badges().get(visitor));
            await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).startsWith("Saved on this phone"));
            if (visitor.equals("يوسف")) {
                browser.findElement(By.cssSelector("label[for=rating-5]")).click();
                browser.findElement(By.cssSelector("#qualify-form button[type=submit]")).click();
                await().atMost(UI).untilAsserted(() -> assertThat(browser.text("qualify-status")).startsWith("Saved on this phone"));
            }
            browser.findElement(By.id("next-visitor")).click();
        }
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("3 unsent"));
        browser.screenshotWholePage("scanner-offline-queue");
        Set<String> queuedScanIds = Set.copyOf(queuedScanIds());
        assertThat(queuedScanIds).hasSize(3);

        // The page is closed and opened again, still offline: the scanner opens, the three are there.
        browser.navigate().refresh();
        browser.awaitReady();
        assertThat(browser.text("network")).isEqualTo("Offline");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("3 unsent"));
        assertThat(Set.copyOf(queuedScanIds())).isEqualTo(queuedScanIds);

        // The network returns: the queue goes up, and each scan is in its lead exactly once.
        browser.deleteNetworkConditions();
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("0 unsent"));
        assertThat(queuedScanIds()).isEmpty();
        for (String visitor : offlineVisitors) {
            await().atMost(WAIT).until(() -> leadOf(booth, visitor) != null);
            JsonNode lead = lead(booth, leadOf(booth, visitor).get("leadId").asString());
            assertThat(lead.get("scanCount").asInt()).as(visitor).isEqualTo(1);
            assertThat(lead.get("scans")).as(visitor).hasSize(1);
            assertThat(queuedScanIds).as(visitor).contains(lead.get("scans").get(0).get("scanId").asString());
        }
        assertThat(lead(booth, leadOf(booth, "يوسف").get("leadId").asString()).get("rating").asInt())
                .as("rated while offline, sent with its scan").isEqualTo(5);
        assertThat(booth.admin().get("/api/exhibitors/" + booth.exhibitorId() + "/stats").json().get("totalLeads").asInt()).isEqualTo(4);

        // An Arabic name shows right to left inside the page; a forged badge is refused with its reason.
        browser.scanTyped(booth.badges().get("يوسف"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).isEqualTo("Lead saved."));
        assertThat(browser.text("visitor-name")).isEqualTo("يوسف العمراني");
        assertThat(browser.findElement(By.id("visitor-name")).getAttribute("dir")).isEqualTo("auto");
        assertThat(browser.text("already-text")).startsWith("You already scanned this visitor at ");
        browser.screenshotWholePage("scanner-arabic-name");
        browser.findElement(By.id("next-visitor")).click();
        String forged = booth.badges().get("Karim").substring(0, booth.badges().get("Karim").length() - 2) + "xx";
        browser.scanTyped(forged);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).startsWith("Scan refused"));
        assertThat(browser.text("scan-status")).isEqualTo("Scan refused: this badge is not genuine");
        browser.findElement(By.cssSelector("#refused summary")).click();
        assertThat(browser.text("refused-list")).contains("this badge is not genuine");
        assertThat(browser.text("unsent")).isEqualTo("0 unsent");

        // The same screen in Arabic, right to left: the count in Arabic's own zero form, the refusal
        // in Arabic. The choice is kept with Amine's account, for his next sign-in on any phone.
        new Select(browser.findElement(By.id("language"))).selectByValue("ar");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("لا شيء غير مرسل"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        assertThat(browser.findElement(By.id("scan-status")).getCssValue("direction")).isEqualTo("rtl");
        assertThat(browser.text("scan-status")).isEqualTo("رُفض المسح: هذه الشارة غير أصلية");
        assertThat(browser.text("refused-list")).contains("هذه الشارة غير أصلية");
        assertThat(browser.text("network")).isEqualTo("متصل");
        await().atMost(UI).until(() -> "ar".equals(web().post("/api/auth/token", HttpJson.json(Map.of("username",
                "amine@casamobility.ma", "password", "amine-passphrase-1"))).json().get("language").asString()));
        browser.screenshotWholePage("scanner-arabic");

        // The same screen in French, the language of the venue.
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        // The count is read again from IndexedDB, asynchronously.
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("0 non envoyé"));
        browser.screenshotWholePage("scanner-refused-fr");

        // Hind's badge held up to the phone's camera: read from the video by the page's QR decoder.
        browser.findElement(By.id("next-visitor")).click();
        CameraFeed.filming(badgePng(booth.attendees().get("Hind")), browser.cameraFeed());
        browser.findElement(By.id("camera-toggle")).click();
        // Decoding video frames in JavaScript is slow on a loaded 2-core machine: a minute, not the UI's 20 s.
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.text("visitor-name")).as(ScannerBrowserIT::cameraState).isEqualTo("Hind Berrada"));
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-decoder")).isIn("native", "zxing");
        await().atMost(WAIT).until(() -> leadOf(booth, "Hind") != null);

        // Amine's access token expires: his next scan renews it silently with the refresh token and goes up at once.
        browser.findElement(By.id("next-visitor")).click();
        String expiredToken = stored("accessToken");
        String usedRefreshToken = stored("refreshToken");
        expireAccessToken();
        browser.scanTyped(booth.badges().get("Salma"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("visitor-name")).isEqualTo("Salma Idrissi"));
        assertThat(browser.text("unsent")).isEqualTo("0 non envoyé");
        assertThat(browser.findElement(By.id("expired")).isDisplayed()).isFalse();
        assertThat(stored("accessToken")).as("a new access token is kept").isNotEqualTo(expiredToken);
        assertThat(stored("refreshToken")).as("and the next refresh token").isNotEqualTo(usedRefreshToken);
        await().atMost(WAIT).until(() -> lead(booth, leadOf(booth, "Salma").get("leadId").asString()).get("scanCount").asInt() == 2);

        // He is signed out from elsewhere (his session ended on the server), and his token expires: the
        // next scan waits on the phone until he signs in again, then goes up.
        browser.findElement(By.id("next-visitor")).click();
        assertThat(web().post("/api/auth/sign-out", HttpJson.json(Map.of("refreshToken", stored("refreshToken")))).status())
                .isEqualTo(204);
        expireAccessToken();
        browser.scanTyped(booth.badges().get("Karim"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("1 non envoyé"));
        browser.awaitVisible("expired");
        assertThat(queuedScanIds()).hasSize(1);
        browser.findElement(By.id("expired-sign-in")).click();
        browser.awaitVisible("sign-in");
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo("amine@casamobility.ma");
        browser.type("password", "amine-passphrase-1");
        browser.findElement(By.cssSelector("#staff-form button[type=submit]")).click();
        browser.awaitVisible("scanner");
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("0 non envoyé"));
        assertThat(browser.text("expired")).isEmpty();
        await().atMost(WAIT).until(() -> lead(booth, leadOf(booth, "Karim").get("leadId").asString()).get("scanCount").asInt() == 2);
        assertThat(storedIn("expo.session")).as("the scanner keeps its session under its own key only").isNull();

        // Signed out, nothing waiting: the keyboard lands on the sign-in form.
        browser.findElement(By.id("sign-out")).click();
        browser.awaitVisible("sign-in");
        browser.awaitFocus("#username");
    }

    /** The badge as lead-service draws it for printing: a PNG of its QR code. */
    private static byte[] badgePng(String attendeeId) {
        String token = web().post("/api/auth/token", HttpJson.json(Map.of("username", stack.organizerUsername(),
                "password", stack.organizerPassword()))).field("accessToken");
        java.net.http.HttpResponse<byte[]> png;
        try {
            png = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(stack.webUrl() + "/api/attendees/" + attendeeId + "/badge?size=400"))
                    .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("The badge could not be fetched", e);
        }
        assertThat(png.statusCode()).isEqualTo(200);
        return png.body();
    }

    private static HttpJson web() {
        return new HttpJson(stack.webUrl());
    }

    /** The booth's lead for that visitor as the leads list shows it, or null while there is none. */
    private static JsonNode leadOf(TestBooth booth, String firstName) {
        for (JsonNode lead : booth.admin().get("/api/exhibitors/" + booth.exhibitorId() + "/leads?limit=100").json().get("items")) {
            if (booth.attendees().get(firstName).equals(lead.get("attendee").get("attendeeId").asString())) {
                return lead;
            }
        }
        return null;
    }

    private static JsonNode lead(TestBooth booth, String leadId) {
        HttpJson.Answer lead = booth.admin().get("/api/leads/" + leadId);
        assertThat(lead.status()).isEqualTo(200);
        return lead.json();
    }

    // ---- the page ------------------------------------------------------------------------------

    /** What the page and its camera were doing, for a failure's message. */
    private static String cameraState() {
        return String.valueOf(browser.executeScript(
                "const v = document.getElementById('video');"
                + " return JSON.stringify({decoder: document.body.dataset.decoder, status: document.getElementById('scan-status').textContent,"
                + " cameraError: document.getElementById('camera-error').textContent, receiptHidden: document.getElementById('receipt').hidden,"
                + " videoWidth: v.videoWidth, readyState: v.readyState, currentTime: v.currentTime, paused: v.paused,"
                + " unsent: document.getElementById('unsent').textContent, problem: document.getElementById('problem').textContent});"));
    }

    /** Whether a request from the page itself gets an answer now. */
    private static String pageFetch(String path) {
        return (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(arguments[0], {cache: 'no-store'}).then(() => done('answered'), () => done('failed'));", path);
    }

    /** A field of the scanner's session as the page keeps it (localStorage). */
    private static String stored(String field) {
        return (String) browser.executeScript(
                "const s = JSON.parse(localStorage.getItem('expo.scan.session')); return s && s[arguments[0]];", field);
    }

    private static String storedIn(String key) {
        return (String) browser.executeScript("return localStorage.getItem(arguments[0]);", key);
    }

    /** The access token's time runs out, as 15 minutes would make it (the refresh token stays). */
    private static void expireAccessToken() {
        browser.executeScript("const s = JSON.parse(localStorage.getItem('expo.scan.session'));"
                + " s.expiresAt = Date.now() - 1000; localStorage.setItem('expo.scan.session', JSON.stringify(s));");
    }

    /** The scan ids waiting in the page's IndexedDB queue. */
    @SuppressWarnings("unchecked")
    private static List<String> queuedScanIds() {
        return new ArrayList<>((List<String>) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/scan/queue.js').then(q => q.scans()).then(s => done(s.map(x => x.scanId)), e => done(['error: ' + e]));"));
    }

}
