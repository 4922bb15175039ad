package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import tools.jackson.databind.JsonNode;

/**
 * Badges checked on the phone, in Debian's headless Chromium against the whole system: with the
 * network off (Chromium's own emulation), a forged badge, an altered one and one of another edition
 * are refused on the spot with their reason and never queued nor sent; a genuine badge waits on the
 * phone and goes up once the network is back. A badge signed with a key the phone has not fetched
 * (the edition's key was rotated meanwhile) is not refused offline: the server decides, and takes it.
 * Once with WebCrypto's Ed25519, once with it hidden from the page, so the vendored library checks.
 */
class OfflineBadgeBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = BrowserFixture.UI;
    /** Hides WebCrypto's Ed25519 from the page, as on a browser without it: importKey refuses the algorithm. */
    private static final String WITHOUT_WEBCRYPTO_ED25519 = "(() => {"
            + " const subtle = globalThis.crypto && globalThis.crypto.subtle; if (!subtle) return;"
            + " const importKey = subtle.importKey.bind(subtle);"
            + " subtle.importKey = (format, data, algorithm, ...rest) => {"
            + "   const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;"
            + "   return String(name).toLowerCase() === 'ed25519'"
            + "     ? Promise.reject(new DOMException('Unrecognized algorithm name', 'NotSupportedError'))"
            + "     : importKey(format, data, algorithm, ...rest); };"
            + "})();";

    /** A phone, a new one for each test: the second hides WebCrypto's Ed25519 from every page it opens. */
    @RegisterExtension
    static final BrowserFixture browser = BrowserFixture.phone().freshForEachTest();

    static LocalStack stack;

    @BeforeAll
    static void theSystem() {
        stack = browser.stack();
    }

    @Test
    void with_no_network_forged_altered_and_other_edition_badges_are_refused_on_the_phone_and_a_genuine_one_waits() throws Exception {
        TestBooth booth = TestBooth.open(stack, "offline-badge.ma", 2, false);
        String otherEditionBadge = badgeOfAnotherEdition("other-edition.ma");
        String karim = booth.badges().get("Karim");
        String forged = withSignatureChanged(karim);
        String altered = withClaims(karim, booth.attendees().get("Salma"));
        String unknownKey = withKeyId(booth.badges().get("Hind"), "AAAAAAAAAAAA");

        signIn("amine@offline-badge.ma");
        assertThat(body("data-badge-verifier")).as("Chromium has Ed25519 in WebCrypto").isEqualTo("webcrypto");

        // The network goes, and the page is opened again without it: the keys were kept on the phone.
        goOffline();
        browser.navigate().refresh();
        browser.awaitReady();
        assertThat(browser.text("network")).isEqualTo("Offline");
        browser.awaitVisible("scanner");

        refusedOnThePhone(forged, "this badge is not genuine", "scanner-offline-forged");
        refusedOnThePhone(altered, "this badge is not genuine");
        refusedOnThePhone(otherEditionBadge, "this badge is for another edition");
        refusedOnThePhone("https://example.org/not-a-badge", "this is not a badge code");
        browser.findElement(By.cssSelector("#refused summary")).click();
        assertThat(browser.text("refused-list")).contains("this badge is not genuine", "this badge is for another edition",
                "this is not a badge code");

        // A key the phone never saw may be one made since it last asked: the server decides.
        browser.scanTyped(unknownKey);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status"))
                .isEqualTo("Saved on this phone. Its badge could not be checked here (this phone does not have its key yet):"
                        + " the server checks it when the network is back."));
        browser.findElement(By.id("next-visitor")).click();
        browser.scanTyped(booth.badges().get("Youssef"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status"))
                .isEqualTo("Saved on this phone. It will be sent when the network is back."));
        browser.findElement(By.id("next-visitor")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("2 unsent"));
        assertThat(queuedBadges()).containsExactlyInAnyOrder(unknownKey, booth.badges().get("Youssef"));

        // The network returns: the genuine scan is stored, the server refuses the one of an unknown key.
        browser.deleteNetworkConditions();
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("0 unsent"));
        await().atMost(WAIT).until(() -> leadOf(booth, "Youssef") != null);
        assertThat(leadOf(booth, "Youssef").get("scanCount").asInt()).isEqualTo(1);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("refused-list")).contains("this badge was not issued for this fair"));
        assertThat(leadOf(booth, "Karim")).as("the forged badge never reached the server").isNull();
        assertThat(leadOf(booth, "Salma")).as("nor the altered one").isNull();
        assertThat(leadOf(booth, "Hind")).as("the server refused the unknown key").isNull();

        // Online, a key id the edition's fresh key set lacks is refused on the phone too, never sent.
        refusedOnThePhone(unknownKey, "this badge was not issued for this fair");
        browser.scanTyped(karim);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).isEqualTo("Lead saved."));
        assertThat(browser.text("visitor-name")).isEqualTo("Karim Bennani");
    }

    @Test
    void without_webcrypto_ed25519_the_library_checks_and_a_badge_of_a_key_rotated_meanwhile_is_left_to_the_server() throws Exception {
        TestBooth booth = TestBooth.open(stack, "offline-library.ma", 2, false);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WITHOUT_WEBCRYPTO_ED25519));
        signIn("nadia@offline-library.ma");
        await().atMost(UI).until(() -> "noble".equals(body("data-badge-verifier")));

        goOffline();
        refusedOnThePhone(withSignatureChanged(booth.badges().get("Karim")), "this badge is not genuine");
        refusedOnThePhone(withClaims(booth.badges().get("Karim"), booth.attendees().get("Hind")), "this badge is not genuine");
        browser.scanTyped(booth.badges().get("Youssef"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status"))
                .isEqualTo("Saved on this phone. It will be sent when the network is back."));
        browser.findElement(By.id("next-visitor")).click();

        // While the phone is offline the organizer rotates the edition's key; Salma's badge is printed anew with it.
        HttpJson organizer = web().signedIn(stack.organizerUsername(), stack.organizerPassword());
        String edition = organizer.get("/api/attendees/" + booth.attendees().get("Salma") + "/badge?format=json").field("editionId");
        String newKey = organizer.post("/api/editions/" + edition + "/badge-keys/rotate", null).field("keyId");
        HttpJson.Answer reprinted = organizer.get("/api/attendees/" + booth.attendees().get("Salma") + "/badge?format=json");
        assertThat(reprinted.field("keyId")).isEqualTo(newKey);
        assertThat(storedKeyIds()).doesNotContain(newKey);
        browser.scanTyped(reprinted.field("payload"));
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).startsWith("Saved on this phone. Its badge could not be checked here"));
        browser.findElement(By.id("next-visitor")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("2 unsent"));

        // Back online: both go up and are taken, and the phone holds the new key.
        browser.deleteNetworkConditions();
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.text("unsent")).isEqualTo("0 unsent"));
        await().atMost(WAIT).until(() -> leadOf(booth, "Youssef") != null && leadOf(booth, "Salma") != null);
        assertThat(leadOf(booth, "Karim")).isNull();
        assertThat(leadOf(booth, "Hind")).isNull();
        await().atMost(UI).until(() -> storedKeyIds().contains(newKey));
        assertThat(storedKeyIds()).hasSize(2);
    }

    // ---- badges --------------------------------------------------------------------------------

    /** A genuine badge of an edition the booth is not in. */
    private static String badgeOfAnotherEdition(String domain) {
        HttpJson organizer = web().signedIn(stack.organizerUsername(), stack.organizerPassword());
        HttpJson.Answer edition = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Smart City Expo Rabat 2026",
                "venue", "Rabat", "startDate", "2026-11-24", "endDate", "2026-11-26")));
        assertThat(edition.status()).isEqualTo(201);
        HttpJson.Answer imported = TestBooth.importVisitors(organizer, edition.field("id"), HttpJson.json(List.of(
                Map.of("registrationId", "O-1", "firstName", "Omar", "lastName", "Fassi", "email", "omar@" + domain))));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        String attendee = imported.json().get("attendees").get(0).get("attendeeId").asString();
        return organizer.get("/api/attendees/" + attendee + "/badge?format=json").field("payload");
    }

    /** The badge with one character of its signature changed. */
    private static String withSignatureChanged(String badge) {
        int at = badge.lastIndexOf('.') + 10;
        char changed = badge.charAt(at) == 'A' ? 'B' : 'A';
        return badge.substring(0, at) + changed + badge.substring(at + 1);
    }

    /** The badge's header and signature over claims naming another attendee of its edition. */
    private static String withClaims(String badge, String attendeeId) {
        String[] parts = badge.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String edition = claims.replaceFirst("^.*\"e\":\"([^\"]+)\".*$", "$1");
        return parts[0] + "." + base64Url("{\"e\":\"" + edition + "\",\"a\":\"" + attendeeId + "\",\"n\":1}") + "." + parts[2];
    }

    /** The badge's claims and signature under a header naming another key id. */
    private static String withKeyId(String badge, String keyId) {
        String[] parts = badge.split("\\.");
        return base64Url("{\"kid\":\"" + keyId + "\",\"alg\":\"EdDSA\"}") + "." + parts[1] + "." + parts[2];
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    // ---- the system ----------------------------------------------------------------------------

    private static HttpJson web() {
        return new HttpJson(stack.webUrl());
    }

    /** The booth's lead for that visitor, or null while there is none. */
    private static JsonNode leadOf(TestBooth booth, String firstName) {
        for (JsonNode lead : booth.admin().get("/api/exhibitors/" + booth.exhibitorId() + "/leads?limit=100").json().get("items")) {
            if (booth.attendees().get(firstName).equals(lead.get("attendee").get("attendeeId").asString())) {
                return lead;
            }
        }
        return null;
    }

    // ---- the page ------------------------------------------------------------------------------

    /** Signs in on the scanner and waits until the phone holds its edition's keys and its app shell. */
    private static void signIn(String username) {
        browser.open("/scan/");
        browser.signInToScanner(username, username.substring(0, username.indexOf('@')) + "-passphrase-1");
        assertThat(browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " navigator.serviceWorker.ready.then(() => done(true), () => done(false));")).isEqualTo(true);
        await().atMost(UI).until(() -> !storedKeyIds().isEmpty());
        await().atMost(UI).until(() -> body("data-badge-verifier") != null);
    }

    private static void goOffline() {
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("network")).isEqualTo("Offline"));
    }

    /** The badge is refused at once with that reason, and nothing waits to be sent. */
    private static void refusedOnThePhone(String badge, String reason) throws IOException {
        refusedOnThePhone(badge, reason, null);
    }

    /** The same, with a screenshot of the refusal when {@code screenshot} names one. */
    private static void refusedOnThePhone(String badge, String reason, String screenshot) throws IOException {
        List<String> sentBefore = scansSent();
        browser.scanTyped(badge);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("scan-status")).isEqualTo("Scan refused: " + reason));
        if (screenshot != null) {
            browser.screenshotWholePage(screenshot);
        }
        assertThat(browser.text("unsent")).isEqualTo("0 unsent");
        assertThat(queuedBadges()).as("never queued").doesNotContain(badge);
        assertThat(scansSent()).as("never sent").isEqualTo(sentBefore);
        browser.findElement(By.id("next-visitor")).click();
    }

    private static String body(String attribute) {
        return browser.findElement(By.tagName("body")).getAttribute(attribute);
    }

    /** The badges waiting in the page's IndexedDB queue. */
    @SuppressWarnings("unchecked")
    private static List<String> queuedBadges() {
        return new ArrayList<>((List<String>) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/scan/queue.js').then(q => q.scans()).then(s => done(s.map(x => x.badge)), e => done(['error: ' + e]));"));
    }

    /** The scan uploads this page made since it was loaded, by path (the browser's resource timing). */
    @SuppressWarnings("unchecked")
    private static List<String> scansSent() {
        return new ArrayList<>((List<String>) browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"
                        + ".filter(p => p === '/api/scans' || p === '/api/scans/batch');"));
    }

    /** The key ids of the badge keys the phone keeps. */
    @SuppressWarnings("unchecked")
    private static List<String> storedKeyIds() {
        return new ArrayList<>((List<String>) browser.executeScript(
                "const kept = JSON.parse(localStorage.getItem('expo.scan.badgeKeys') || 'null');"
                        + " return kept ? kept.keys.map(k => k.kid) : [];"));
    }
}
