package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
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
class ApplyBrowserIT {

    private static final Duration UI = BrowserFixture.UI;
    private static final int PHONE_WIDTH = 360;
    private static final String ATLAS_EMAIL = "leila@atlas-mobilite.ma";
    private static final String ATLAS_PASSWORD = "tramways et bus électriques";
    private static final String REASON = "Your products are outside the smart-city themes of this edition.";

    @RegisterExtension
    static final BrowserFixture browser = BrowserFixture.window(PHONE_WIDTH, 780, true);

    static LocalStack stack;

    @BeforeAll
    static void theSystem() {
        stack = browser.stack();
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
        browser.awaitReady();
        browser.awaitPage("sign-in");
        browser.click("#apply-link");
        browser.awaitPage("apply");
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard/#apply");
        await().atMost(UI).until(() -> editionChoices().contains(editionId));
        assertThat(editionChoices()).doesNotContain(pastId);
        new Select(browser.findElement(By.id("apply-edition"))).selectByValue(editionId);
        assertThat(browser.text("apply-edition-details")).startsWith("OFEC Casablanca, from ");
        browser.type("apply-companyName", "Atlas Mobilité");
        browser.type("apply-legalId", "12345");
        new Select(browser.findElement(By.id("apply-sector"))).selectByValue("MOBILITY");
        browser.type("apply-website", "https://atlas-mobilite.ma");
        browser.type("apply-country", "ma");
        assertThat(browser.findElement(By.id("apply-country")).getAttribute("value")).isEqualTo("MA");
        assertThat(browser.text("apply-country-name")).isEqualTo("Morocco");
        browser.type("apply-requestedBoothArea", "18");
        browser.type("apply-requestedSeats", "4");
        browser.type("apply-contactName", "Leila Amrani");
        browser.type("apply-contactEmail", ATLAS_EMAIL);
        new Select(browser.findElement(By.id("apply-language"))).selectByValue("fr");
        assertThat(browser.text("apply-password-help")).isEqualTo("12 to 200 characters; a few words make a passphrase easy to remember.");
        browser.type("apply-password", ATLAS_PASSWORD);
        browser.type("apply-passwordAgain", ATLAS_PASSWORD);

        // A Moroccan company's ICE has 15 digits: the API refuses, the page says so by the field, nothing is created.
        browser.click("#apply-send");
        browser.awaitText("apply-legalId-error", "A Moroccan company’s ICE has 15 digits.");
        assertThat(browser.text("apply-error")).isEqualTo("Some fields need correcting: see the messages next to them.");
        assertThat(browser.findElement(By.id("apply-legalId")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("the keyboard lands on the field to correct").isEqualTo("apply-legalId");
        assertThat(applications(organizer, editionId)).isEmpty();
        assertThat(web().post("/api/auth/token", HttpJson.json(Map.of("username", ATLAS_EMAIL, "password", ATLAS_PASSWORD))).status())
                .as("no account either").isEqualTo(401);
        assertThat(browser.pageWidth()).as("nothing wider than the phone").isLessThanOrEqualTo(PHONE_WIDTH);
        browser.screenshotAt("dashboard-apply", "apply-title");

        // Corrected and sent: created, signed in, sent for review; the admin sees the application, nothing else.
        browser.type("apply-legalId", "001524789000056");
        browser.click("#apply-send");
        browser.awaitPage("application");
        browser.awaitText("application-status", "Under review");
        assertThat(browser.text("application-result")).isEqualTo("Your application is sent: the organizer reviews it and tells you by email.");
        assertThat(browser.text("application-state-title")).isEqualTo("Under review");
        assertThat(browser.text("application-edition")).startsWith("For Smart City Expo Casablanca");
        assertThat(browser.text("company")).isEqualTo("Atlas Mobilité");
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("application-submit")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("application-withdraw")).isDisplayed()).isTrue();
        assertThat(browser.pageWidth()).isLessThanOrEqualTo(PHONE_WIDTH);
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
        browser.viewport(1280, 800, false);
        assertThat(browser.findElement(By.id("profile-contactEmail")).getAttribute("readonly")).isNotNull();
        browser.type("profile-requestedBoothArea", "24");
        browser.click("#profile-save");
        browser.awaitText("application-result", "Saved.");
        assertThat(organizer.get("/api/exhibitors/" + atlas).json().get("profile").get("requestedBoothArea").asDouble()).isEqualTo(24.0);
        browser.screenshotWholePage("dashboard-apply-review");
        browser.get(stack.webUrl() + "/dashboard/#team");
        browser.awaitReady();
        browser.awaitPage("application");
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();

        // The organizer approves: the admin reloads and has the dashboard, the leads first.
        assertThat(organizer.post("/api/exhibitors/" + atlas + "/approve", null).field("status")).isEqualTo("APPROVED");
        browser.navigate().refresh();
        browser.awaitReady();
        browser.awaitPage("team");
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isTrue();
        browser.click("#nav a[data-page=leads]");
        browser.awaitPage("leads");
        assertThat(browser.findElement(By.id("leads-table")).isDisplayed()).isTrue();
        assertThat(browser.text("company")).isEqualTo("Atlas Mobilité");

        // A second company, in French, from the organizer's link for the edition: it keeps a draft first.
        browser.click("#sign-out");
        browser.awaitPage("sign-in");
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        browser.get(stack.webUrl() + "/dashboard/#apply/" + editionId);
        browser.awaitReady();
        browser.awaitPage("apply");
        await().atMost(UI).until(() -> editionId.equals(browser.findElement(By.id("apply-edition")).getAttribute("value")));
        assertThat(browser.text("apply-title")).isEqualTo("Demander un stand");
        assertThat(browser.findElement(By.cssSelector("label[for=apply-companyName]")).getText()).startsWith("Raison sociale");
        browser.type("apply-companyName", "Noor Energy");
        browser.type("apply-contactName", "Karim Tazi");
        browser.type("apply-contactEmail", "karim@noor-solaire.ma");
        browser.type("apply-password", "soleil de midi sur Ouarzazate");
        browser.type("apply-passwordAgain", "soleil de minuit sur Ouarzazate");
        browser.click("#apply-draft");
        browser.awaitText("apply-passwordAgain-error", "Les deux mots de passe diffèrent.");
        assertThat(applications(organizer, editionId)).hasSize(1);
        browser.type("apply-passwordAgain", "soleil de midi sur Ouarzazate");
        browser.click("#apply-draft");
        browser.awaitPage("application");
        browser.awaitText("application-status", "Brouillon");
        String noor = applications(organizer, editionId).stream().map(item -> item.get("id").asString())
                .filter(id -> !id.equals(atlas)).findFirst().orElseThrow();
        assertThat(organizer.get("/api/exhibitors/" + noor).field("status")).isEqualTo("DRAFT");
        assertThat(organizer.get("/api/exhibitors/" + noor).json().get("profile").get("language").asString()).isEqualTo("fr");

        // The draft is completed and sent from its page.
        new Select(browser.findElement(By.id("profile-sector"))).selectByValue("ENERGY");
        browser.click("#application-submit");
        browser.awaitText("application-status", "En cours d’examen");
        JsonNode sent = organizer.get("/api/exhibitors/" + noor).json();
        assertThat(sent.get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(sent.get("profile").get("sector").asString()).isEqualTo("ENERGY");

        // Rejected by the organizer: after a reload the admin reads the reason; nothing is left to do or change.
        assertThat(organizer.post("/api/exhibitors/" + noor + "/reject", HttpJson.json(Map.of("reason", REASON))).field("status"))
                .isEqualTo("REJECTED");
        browser.navigate().refresh();
        browser.awaitReady();
        browser.awaitPage("application");
        browser.awaitText("application-status", "Non retenue");
        assertThat(browser.text("application-reason-text")).isEqualTo(REASON);
        assertThat(browser.findElement(By.id("application-actions")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("profile-save")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("profile-companyName")).isEnabled()).isFalse();
        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        browser.awaitText("application-status", "Not accepted");
        assertThat(browser.text("application-state-text")).isEqualTo("The organizer did not accept your application.");
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

}
