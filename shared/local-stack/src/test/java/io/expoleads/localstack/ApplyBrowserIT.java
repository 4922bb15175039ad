package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Applying for a booth in the exhibitor dashboard, in Debian's headless Chromium on a 360-pixel phone
 * and at a desk, against the whole system (three services and the web tier, each its own process).
 * A company applies from the sign-in page's link: an edition that is over is not offered; a wrong
 * ICE is refused by the API, said next to its field, and creates nothing; corrected, the application
 * is created, its admin signed in and the application sent for review, and the admin lands on "Your
 * application: under review" (no leads, team or settings), where the profile can still be corrected.
 * The organizer approves it through the API: the admin reloads and has the dashboard. A second
 * company applies in French from the organizer's link for the edition, keeps a draft, sends it from
 * its application page, is rejected, and reads the organizer's reason. Each step is checked against
 * the API. Screenshots go to {@code docs/screenshots/dashboard-apply*.png}, which the README shows.
 */
@ExtendWith(SharedStack.class)
class ApplyBrowserIT {

    private static final Duration UI = Duration.ofSeconds(20);
    private static final int PHONE_WIDTH = 360;
    private static final String ATLAS_EMAIL = "leila@atlas-mobilite.ma";
    private static final String ATLAS_PASSWORD = "tramways et bus électriques";
    private static final String REASON = "Your products are outside the smart-city themes of this edition.";

    static LocalStack stack;
    static ChromeDriver browser;
    static Path screenshots;

    @BeforeAll
    static void startTheSystemAndABrowser(LocalStack shared) throws Exception {
        HeadlessChromium.requireInstalled();
        screenshots = TestStacks.screenshots();
        stack = shared;
        browser = HeadlessChromium.start(PHONE_WIDTH, 780, true, List.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_company_applies_in_the_browser_waits_for_the_review_and_gets_its_dashboard_once_approved() throws Exception {
        HttpJson organizer = web().signedIn(stack.organizerUsername(), stack.organizerPassword());
        LocalDate today = LocalDate.now(ZoneId.of("Africa/Casablanca"));
        String editionId = edition(organizer, "Smart City Expo Casablanca " + today.plusDays(60).getYear(),
                today.plusDays(60), today.plusDays(62));
        String pastId = edition(organizer, "Smart City Expo Casablanca, last time", today.minusDays(300), today.minusDays(298));

        // On a phone, from the sign-in page: "Apply for a booth"; the edition that is over is not offered.
        browser.get(stack.webUrl() + "/dashboard/");
        awaitReady();
        awaitPage("sign-in");
        click("#apply-link");
        awaitPage("apply");
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard/#apply");
        await().atMost(UI).until(() -> editionChoices().contains(editionId));
        assertThat(editionChoices()).doesNotContain(pastId);
        new Select(browser.findElement(By.id("apply-edition"))).selectByValue(editionId);
        assertThat(text("apply-edition-details")).startsWith("OFEC Casablanca, from ");
        type("apply-companyName", "Atlas Mobilité");
        type("apply-legalId", "12345");
        new Select(browser.findElement(By.id("apply-sector"))).selectByValue("MOBILITY");
        type("apply-website", "https://atlas-mobilite.ma");
        type("apply-country", "ma");
        assertThat(browser.findElement(By.id("apply-country")).getAttribute("value")).isEqualTo("MA");
        assertThat(text("apply-country-name")).isEqualTo("Morocco");
        type("apply-requestedBoothArea", "18");
        type("apply-requestedSeats", "4");
        type("apply-contactName", "Leila Amrani");
        type("apply-contactEmail", ATLAS_EMAIL);
        new Select(browser.findElement(By.id("apply-language"))).selectByValue("fr");
        assertThat(text("apply-password-help")).isEqualTo("12 to 200 characters; a few words make a passphrase easy to remember.");
        type("apply-password", ATLAS_PASSWORD);
        type("apply-passwordAgain", ATLAS_PASSWORD);

        // A Moroccan company's ICE has 15 digits: the API refuses, the page says so by the field, nothing is created.
        click("#apply-send");
        awaitText("apply-legalId-error", "A Moroccan company’s ICE has 15 digits.");
        assertThat(text("apply-error")).isEqualTo("Some fields need correcting: see the messages next to them.");
        assertThat(browser.findElement(By.id("apply-legalId")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("the keyboard lands on the field to correct").isEqualTo("apply-legalId");
        assertThat(applications(organizer, editionId)).isEmpty();
        assertThat(web().post("/api/auth/token", HttpJson.json(Map.of("username", ATLAS_EMAIL, "password", ATLAS_PASSWORD))).status())
                .as("no account either").isEqualTo(401);
        assertThat(pageWidth()).as("nothing wider than the phone").isLessThanOrEqualTo(PHONE_WIDTH);
        screenshotAt("dashboard-apply", "apply-title");

        // Corrected and sent: created, signed in, sent for review; the admin sees the application, nothing else.
        type("apply-legalId", "001524789000056");
        click("#apply-send");
        awaitPage("application");
        awaitText("application-status", "Under review");
        assertThat(text("application-result")).isEqualTo("Your application is sent: the organizer reviews it and tells you by email.");
        assertThat(text("application-state-title")).isEqualTo("Under review");
        assertThat(text("application-edition")).startsWith("For Smart City Expo Casablanca");
        assertThat(text("company")).isEqualTo("Atlas Mobilité");
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("application-submit")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("application-withdraw")).isDisplayed()).isTrue();
        assertThat(pageWidth()).isLessThanOrEqualTo(PHONE_WIDTH);
        List<JsonNode> applied = applications(organizer, editionId);
        assertThat(applied).hasSize(1);
        String atlas = applied.get(0).get("id").asString();
        JsonNode created = organizer.get("/api/exhibitors/" + atlas).json();
        assertThat(created.get("status").asString()).isEqualTo("SUBMITTED");
        JsonNode profile = created.get("profile");
        assertThat(profile.get("companyName").asString()).isEqualTo("Atlas Mobilité");
        assertThat(profile.get("legalId").asString()).isEqualTo("001524789000056");
        assertThat(profile.get("sector").asString()).isEqualTo("MOBILITY");
        assertThat(profile.get("website").asString()).isEqualTo("https://atlas-mobilite.ma");
        assertThat(profile.get("country").asString()).isEqualTo("MA");
        assertThat(profile.get("contactEmail").asString()).isEqualTo(ATLAS_EMAIL);
        assertThat(profile.get("language").asString()).isEqualTo("fr");
        assertThat(profile.get("requestedBoothArea").asDouble()).isEqualTo(18.0);
        assertThat(profile.get("requestedSeats").asInt()).isEqualTo(4);

        // Under review, at a desk: the profile can still be corrected; the admin's pages stay out of reach.
        HeadlessChromium.viewport(browser, 1280, 800, false);
        assertThat(browser.findElement(By.id("profile-contactEmail")).getAttribute("readonly")).isNotNull();
        type("profile-requestedBoothArea", "24");
        click("#profile-save");
        awaitText("application-result", "Saved.");
        assertThat(organizer.get("/api/exhibitors/" + atlas).json().get("profile").get("requestedBoothArea").asDouble()).isEqualTo(24.0);
        screenshot("dashboard-apply-review");
        browser.get(stack.webUrl() + "/dashboard/#team");
        awaitReady();
        awaitPage("application");
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();

        // The organizer approves: the admin reloads and has the dashboard, the leads first.
        assertThat(organizer.post("/api/exhibitors/" + atlas + "/approve", null).field("status")).isEqualTo("APPROVED");
        browser.navigate().refresh();
        awaitReady();
        awaitPage("team");
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isTrue();
        click("#nav a[data-page=leads]");
        awaitPage("leads");
        assertThat(browser.findElement(By.id("leads-table")).isDisplayed()).isTrue();
        assertThat(text("company")).isEqualTo("Atlas Mobilité");

        // A second company, in French, from the organizer's link for the edition: it keeps a draft first.
        click("#sign-out");
        awaitPage("sign-in");
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        browser.get(stack.webUrl() + "/dashboard/#apply/" + editionId);
        awaitReady();
        awaitPage("apply");
        await().atMost(UI).until(() -> editionId.equals(browser.findElement(By.id("apply-edition")).getAttribute("value")));
        assertThat(text("apply-title")).isEqualTo("Demander un stand");
        assertThat(browser.findElement(By.cssSelector("label[for=apply-companyName]")).getText()).startsWith("Raison sociale");
        type("apply-companyName", "Noor Energy");
        type("apply-contactName", "Karim Tazi");
        type("apply-contactEmail", "karim@noor-solaire.ma");
        type("apply-password", "soleil de midi sur Ouarzazate");
        type("apply-passwordAgain", "soleil de minuit sur Ouarzazate");
        click("#apply-draft");
        awaitText("apply-passwordAgain-error", "Les deux mots de passe diffèrent.");
        assertThat(applications(organizer, editionId)).hasSize(1);
        type("apply-passwordAgain", "soleil de midi sur Ouarzazate");
        click("#apply-draft");
        awaitPage("application");
        awaitText("application-status", "Brouillon");
        String noor = applications(organizer, editionId).stream().map(item -> item.get("id").asString())
                .filter(id -> !id.equals(atlas)).findFirst().orElseThrow();
        assertThat(organizer.get("/api/exhibitors/" + noor).field("status")).isEqualTo("DRAFT");
        assertThat(organizer.get("/api/exhibitors/" + noor).json().get("profile").get("language").asString()).isEqualTo("fr");

        // The draft is completed and sent from its page.
        new Select(browser.findElement(By.id("profile-sector"))).selectByValue("ENERGY");
        click("#application-submit");
        awaitText("application-status", "En cours d’examen");
        JsonNode sent = organizer.get("/api/exhibitors/" + noor).json();
        assertThat(sent.get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(sent.get("profile").get("sector").asString()).isEqualTo("ENERGY");

        // Rejected by the organizer: after a reload the admin reads the reason; nothing is left to do or change.
        assertThat(organizer.post("/api/exhibitors/" + noor + "/reject", HttpJson.json(Map.of("reason", REASON))).field("status"))
                .isEqualTo("REJECTED");
        browser.navigate().refresh();
        awaitReady();
        awaitPage("application");
        awaitText("application-status", "Non retenue");
        assertThat(text("application-reason-text")).isEqualTo(REASON);
        assertThat(browser.findElement(By.id("application-actions")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("profile-save")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("profile-companyName")).isEnabled()).isFalse();
        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        awaitText("application-status", "Not accepted");
        assertThat(text("application-state-text")).isEqualTo("The organizer did not accept your application.");
    }

    private static String edition(HttpJson organizer, String name, LocalDate start, LocalDate end) {
        HttpJson.Answer edition = organizer.post("/api/editions", HttpJson.json(Map.of(
                "name", name, "venue", "OFEC Casablanca", "startDate", start.toString(), "endDate", end.toString())));
        assertThat(edition.status()).as(edition.text()).isEqualTo(201);
        return edition.field("id");
    }

    private static List<JsonNode> applications(HttpJson organizer, String editionId) {
        List<JsonNode> items = new ArrayList<>();
        organizer.get("/api/editions/" + editionId + "/exhibitors").json().get("items").forEach(items::add);
        return items;
    }

    private static HttpJson web() {
        return new HttpJson(stack.webUrl());
    }

    // ---- the page ------------------------------------------------------------------------------

    private static List<String> editionChoices() {
        return browser.findElements(By.cssSelector("#apply-edition option")).stream().map(option -> option.getAttribute("value")).toList();
    }

    private static int pageWidth() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;")).intValue();
    }

    // The page reloads itself when a new account signs in where another one was: what was found a
    // moment ago may be gone, and is looked for again.

    private static void awaitReady() {
        await().atMost(UI).ignoreException(StaleElementReferenceException.class)
                .until(() -> "true".equals(browser.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private static void awaitPage(String page) {
        await().atMost(UI).ignoreException(StaleElementReferenceException.class)
                .until(() -> page.equals(browser.findElement(By.tagName("body")).getAttribute("data-page")));
    }

    private static void awaitText(String id, String expected) {
        await().atMost(UI).ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> assertThat(text(id)).isEqualTo(expected));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    private static void click(String selector) {
        browser.findElement(By.cssSelector(selector)).click();
    }

    private static void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /** The whole page, as tall as it is, at the window's width. */
    private static void screenshot(String name) throws IOException {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
        capture(name);
    }

    /** What the phone's screen shows, scrolled to an element. */
    private static void screenshotAt(String name, String id) throws IOException {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView();", id);
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(screenshots.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static void capture(String name) throws IOException {
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true));
        Files.write(screenshots.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

}
