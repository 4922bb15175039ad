package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * A visitor's own page and the console's erase button in a real browser (Debian's headless
 * Chromium), against the whole system, each service its own process: a visitor scanned at Atlas
 * Mobility's booth opens /privacy/, asks for a link, opens it from the email the stack's mail
 * server caught, sees the exhibitor and what it sees, withdraws contact sharing, reads the page in
 * Arabic (right to left), asks for erasure and is told what happens next; the used link is then
 * refused with its reason. The organizer erases another visitor from the console, confirming first,
 * and reads the erasure's status. Screenshots go to {@code docs/screenshots/privacy-*.png}.
 */
class PrivacyBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = Duration.ofSeconds(20);
    private static final String DOMAIN = "privacy-page.example";
    private static final Pattern LINK = Pattern.compile("(http\\S+/privacy/\\?lang=en#code=[A-Za-z0-9_-]{43})");

    static LocalStack stack;
    static ChromeDriver browser;
    static Path screenshots;

    @BeforeAll
    static void startTheSystemAndABrowser() throws Exception {
        HeadlessChromium.requireInstalled();
        screenshots = TestStacks.screenshots();
        stack = TestStacks.start("privacy-stack");
        browser = HeadlessChromium.start(1024, 800, false, List.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_scanned_visitor_sees_who_holds_their_data_withdraws_sharing_and_erases_themselves() throws Exception {
        TestBooth booth = TestBooth.open(stack, DOMAIN, 3, false);
        HttpJson web = new HttpJson(stack.webUrl());
        HttpJson organizer = web.signedIn(stack.organizerUsername(), stack.organizerPassword());
        String editionId = organizer.get("/api/exhibitors/" + booth.exhibitorId()).field("editionId");
        String email = "leila." + UUID.randomUUID().toString().substring(0, 8) + "@" + DOMAIN;
        HttpJson.Answer imported = organizer.post("/api/editions/" + editionId + "/attendees/import", HttpJson.json(List.of(Map.of(
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
        awaitReady();
        awaitVisible("ask");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("ltr");
        type("email", email);
        browser.findElement(By.cssSelector("#ask-form button[type=submit]")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(text("ask-sent")).startsWith("If this address is registered"));
        screenshot("privacy-ask");

        // The link from the email opens her page: the exhibitor that scanned her, and what it sees.
        await().atMost(WAIT).until(() -> link(email) != null);
        String link = link(email);
        assertThat(link).startsWith(stack.webUrl() + "/privacy/");
        browser.get(link);
        awaitVisible("data");
        assertThat((String) ((JavascriptExecutor) browser).executeScript("return location.href;"))
                .as("the code leaves the address bar").doesNotContain("code=");
        WebElement holder = browser.findElement(By.cssSelector("#holders li"));
        assertThat(holder.getText()).contains("Atlas Mobility").contains(email).contains("+212655555555").contains("notes")
                .doesNotContain("Streetlight");
        assertThat(text("registrations")).contains("Leila").contains("Rabat Smart Lighting");
        screenshotWholePage("privacy-data");

        // She stops sharing her contact details with Atlas Mobility, confirming first.
        holder.findElement(By.cssSelector("button.withdraw")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Stop sharing your email and phone with Atlas Mobility?");
        browser.switchTo().alert().accept();
        await().atMost(UI).untilAsserted(() -> assertThat(text("notice")).isEqualTo("Atlas Mobility no longer sees your email or phone."));
        await().atMost(UI).untilAsserted(() -> assertThat(text("holders")).contains("Your contact details are not shared with this exhibitor.")
                .doesNotContain(email));
        assertThat(booth.admin().get(leadsPath).text()).as("the exhibitor's leads no longer hold them").doesNotContain(email)
                .doesNotContain("+212655555555").contains("Leila");

        // The page in Arabic reads right to left.
        new Select(browser.findElement(By.id("language"))).selectByValue("ar");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ar");
        assertThat(text("holders-title")).isEqualTo("العارضون الذين مسحوا شارتك");
        assertThat(((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.getElementById('holders')).direction;"))
                .isEqualTo("rtl");
        // The heading's text sits against its box's right-hand edge, far from the left-hand one.
        @SuppressWarnings("unchecked")
        List<Number> edges = (List<Number>) ((JavascriptExecutor) browser).executeScript(
                "const title = document.getElementById('holders-title'); const range = document.createRange();"
                        + " range.selectNodeContents(title); const text = range.getBoundingClientRect();"
                        + " const box = title.getBoundingClientRect();"
                        + " return [box.left, text.left, text.right, box.right];");
        assertThat(edges.get(3).doubleValue() - edges.get(2).doubleValue()).as("text to the right edge").isLessThan(2);
        assertThat(edges.get(1).doubleValue() - edges.get(0).doubleValue()).as("room on the left").isGreaterThan(40);
        screenshotWholePage("privacy-data-ar");

        // She asks for erasure, confirming first: the page says what happens and what cannot be recalled.
        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        browser.findElement(By.id("erase")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Erase all your data? This is final");
        browser.switchTo().alert().accept();
        awaitVisible("erased");
        assertThat(text("erased")).contains("Your data is being erased").contains("files exhibitors already downloaded")
                .contains("CRMs that ignore the erasure request");
        screenshot("privacy-erased");
        HttpJson.Answer erasure = organizer.get("/api/attendees/" + leila + "/erasure");
        assertThat(erasure.field("cause")).isEqualTo("VISITOR");
        await().atMost(WAIT).until(() -> "DONE".equals(organizer.get("/api/attendees/" + leila + "/erasure").field("status")));
        assertThat(booth.admin().get(leadsPath).text()).doesNotContain("Leila");

        // The used link is refused, with its reason, in the page's language.
        browser.get(link);
        awaitVisible("ask");
        await().atMost(UI).untilAsserted(() -> assertThat(text("notice"))
                .isEqualTo("This link was used already (it works once). Ask for a new one below."));
        browser.get(stack.webUrl() + "/privacy/?lang=fr#code=" + "A".repeat(43));
        await().atMost(UI).untilAsserted(() -> assertThat(text("notice")).isEqualTo("Ce lien est inconnu. Demandez-en un nouveau ci-dessous."));

        // The organizer erases Karim from the console, confirming first, and reads where it stands.
        String karim = booth.attendees().get("Karim");
        browser.get(stack.webUrl() + "/console/#/editions/" + editionId + "/attendees");
        awaitReady();
        awaitVisible("sign-in");
        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        type("username", stack.organizerUsername());
        type("password", stack.organizerPassword());
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        await().atMost(UI).until(() -> !browser.findElements(By.cssSelector("[data-erase-for='R-4']")).isEmpty());
        browser.findElement(By.cssSelector("[data-erase-for='R-4']")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Erase Karim Bennani?").contains("cannot be undone");
        browser.switchTo().alert().accept();
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.findElement(By.xpath(
                "//tr[td//button[@data-badge-for='R-4']]//span[contains(@class,'erasure-status')]")).getText())
                .startsWith("Erased at").contains("lead-service").contains("notification-service"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});",
                browser.findElement(By.cssSelector("[data-badge-for='R-4']")));
        screenshot("console-erasure");
        assertThat(organizer.get("/api/attendees/" + karim + "/erasure").field("cause")).isEqualTo("ORGANIZER");
        assertThat(organizer.get("/api/attendees/" + karim).status()).isEqualTo(410);
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

    private static void awaitReady() {
        await().atMost(UI).until(() -> "true".equals(browser.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private static void awaitVisible(String id) {
        await().atMost(UI).until(() -> {
            List<WebElement> found = browser.findElements(By.id(id));
            return !found.isEmpty() && found.get(0).isDisplayed();
        });
    }

    private static String text(String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText().strip();
    }

    private static void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static void screenshot(String name) throws Exception {
        capture(name, Map.of("format", "png"));
    }

    private static void screenshotWholePage(String name) throws Exception {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
        capture(name, Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true));
    }

    private static void capture(String name, Map<String, Object> parameters) throws Exception {
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", parameters);
        Files.write(screenshots.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }
}
