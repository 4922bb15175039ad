package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

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
 * The organizer console in a real browser, Debian's headless Chromium at a desk screen's size,
 * against the whole system (three services and the web tier, each its own process): the organizer
 * signs in, opens and changes an edition, imports its booths, approves one application made through
 * the API and rejects another with a reason, gives the approved exhibitor a booth (a taken one is
 * refused with a clear message) and seats, imports visitors from a CSV file and reads the per-row
 * report, then opens the badge print page and finds every visitor's QR code in it, the same one
 * lead-service draws. Each step is checked against the API too. Screenshots go to
 * {@code docs/screenshots/console-*.png}, which the README shows.
 */
class ConsoleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration UI = BrowserFixture.UI;
    private static final int DESK_WIDTH = 1280;
    private static final int DESK_HEIGHT = 800;
    private static final int PHONE_WIDTH = 360;

    @RegisterExtension
    static final BrowserFixture browser = BrowserFixture.window(DESK_WIDTH, DESK_HEIGHT, false);

    static LocalStack stack;
    static Path files;

    @BeforeAll
    static void theSystemAndAFolder() throws IOException {
        stack = browser.stack();
        files = Files.createTempDirectory("expo-console");
    }

    @AfterAll
    static void organizerBackToEnglish() {
        // The organizer's account is every class's: it goes back to English, which the others read.
        HttpJson organizer = new HttpJson(stack.webUrl()).signedIn(stack.organizerUsername(), stack.organizerPassword());
        assertThat(organizer.put("/api/auth/language", HttpJson.json(Map.of("language", "en"))).status()).isEqualTo(204);
    }

    @Test
    void the_organizer_reviews_applications_gives_booths_imports_visitors_and_prints_their_badges() throws Exception {
        HttpJson organizer = web().signedIn(stack.organizerUsername(), stack.organizerPassword());

        // The organizer opens the console and signs in.
        browser.get(stack.webUrl() + "/console");
        browser.awaitReady();
        browser.awaitVisible("sign-in");
        browser.type("username", stack.organizerUsername());
        browser.type("password", stack.organizerPassword());
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        browser.awaitVisible("new-edition");
        assertThat(browser.text("signed-in-as")).isEqualTo("Signed in as " + stack.organizerUsername());

        // A new edition, in the venue's time zone, with two halls; then its venue is corrected.
        browser.findElement(By.id("new-edition")).click();
        browser.awaitVisible("edition-form");
        browser.type("edition-name", "Smart City Expo Casablanca 2026");
        browser.type("edition-venue", "OFEC");
        browser.setValue("edition-start", "2026-11-24");
        browser.setValue("edition-end", "2026-11-23");
        browser.type("edition-halls", "Hall 1, Hall 2");
        browser.submit("edition-form");
        browser.awaitText("edition-end-error", "The last day is before the first day.");
        browser.setValue("edition-end", "2026-11-26");
        browser.submit("edition-form");
        browser.awaitText("notice", "The edition is open.");
        String editionId = hashPart(2);
        JsonNode edition = organizer.get("/api/editions/" + editionId).json();
        assertThat(edition.get("timeZone").asString()).isEqualTo("Africa/Casablanca");
        assertThat(edition.get("halls").toString()).isEqualTo("[\"Hall 1\",\"Hall 2\"]");
        assertThat(edition.get("endDate").asString()).isEqualTo("2026-11-26");
        browser.type("edition-venue", "OFEC Casablanca");
        browser.submit("edition-form");
        browser.awaitText("notice", "Changes saved.");
        assertThat(organizer.get("/api/editions/" + editionId).field("venue")).isEqualTo("OFEC Casablanca");

        // The floor plan: three booths from a CSV file, one more from the form.
        browser.findElement(By.id("tab-booths")).click();
        browser.awaitVisible("booth-import-form");
        // A new screen: the keyboard and the screen reader start at its heading.
        browser.awaitFocusOn("#view h2");
        upload("booths-file", "booths.csv", "code,hall,area,category\nA1,Hall 1,18,corner\nA2,Hall 1,9,\nB1,Hall 2,36,island\n");
        browser.submit("booth-import-form");
        browser.awaitText("booth-import-report", "3 rows: 3 added, 0 updated, 0 refused.");
        browser.type("booth-new-code", "C1");
        new Select(browser.findElement(By.id("booth-new-hall"))).selectByVisibleText("Hall 2");
        browser.type("booth-new-area", "12");
        browser.submit("booth-add-form");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("booths")).contains("A1").contains("A2").contains("B1").contains("C1"));
        assertThat(organizer.get("/api/editions/" + editionId + "/booths").json().findValuesAsString("code"))
                .containsExactly("A1", "A2", "B1", "C1");

        // Three companies apply through the API; Casa Solar is approved and takes booth A1 at once.
        String atlas = submittedApplication(editionId, "Atlas Mobility", "Leila Amrani", "leila@atlas-mobility.ma", "MOBILITY");
        String noor = submittedApplication(editionId, "Noor Energy", "Karim Tazi", "karim@noor-energy.ma", "ENERGY");
        String solar = submittedApplication(editionId, "Casa Solar", "Hind Berrada", "hind@casa-solar.ma", "ENERGY");
        assertThat(organizer.post("/api/exhibitors/" + solar + "/approve", null).field("status")).isEqualTo("APPROVED");
        assertThat(organizer.put("/api/exhibitors/" + solar + "/booth", "{\"boothCode\":\"A1\"}").status()).isEqualTo(200);

        // The applications to review: the two still submitted, in the order they came.
        browser.findElement(By.id("tab-applications")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("applications")).contains("Atlas Mobility").contains("Noor Energy"));
        assertThat(browser.text("applications")).doesNotContain("Casa Solar");
        assertThat(new Select(browser.findElement(By.id("status-filter"))).getFirstSelectedOption().getText()).isEqualTo("To review");
        browser.screenshot("console-applications");

        // Atlas Mobility's profile, then its approval.
        browser.findElement(By.linkText("Atlas Mobility")).click();
        browser.awaitVisible("approve");
        assertThat(browser.text("profile")).contains("leila@atlas-mobility.ma").contains("Mobility").contains("24 m²").contains("https://atlas-mobility.ma");
        browser.screenshot("console-application");
        browser.findElement(By.id("approve")).click();
        browser.awaitText("notice", "Approved: the applicant is told by email.");
        browser.awaitText("exhibitor-status", "Approved");
        assertThat(organizer.get("/api/exhibitors/" + atlas).field("status")).isEqualTo("APPROVED");

        // A booth: A1 is Casa Solar's, said plainly; A2 is free and becomes Atlas's. Then three seats.
        browser.type("booth-code", "A1");
        browser.submit("booth-form");
        browser.awaitText("booth-problem", "Booth A1 is already another exhibitor’s: choose another booth.");
        assertThat(organizer.get("/api/exhibitors/" + atlas).field("boothCode")).isNull();
        browser.screenshot("console-booth-taken");
        browser.type("booth-code", "A2");
        browser.submit("booth-form");
        browser.awaitText("notice", "Booth A2 is now this exhibitor’s.");
        assertThat(browser.text("current-booth")).isEqualTo("Current booth: A2");
        assertThat(organizer.get("/api/exhibitors/" + atlas).field("boothCode")).isEqualTo("A2");
        browser.type("seat-count", "3");
        browser.submit("seats-form");
        browser.awaitText("notice", "Seats saved.");
        assertThat(browser.text("seats-in-use")).isEqualTo("0 of 3 seats in use.");
        assertThat(organizer.get("/api/exhibitors/" + atlas).json().get("seats").asInt()).isEqualTo(3);

        // Noor Energy is rejected: not without a reason, which the applicant receives.
        browser.findElement(By.linkText("← Back to the applications")).click();
        await().atMost(UI).until(() -> !browser.findElements(By.linkText("Atlas Mobility")).isEmpty());
        new Select(browser.findElement(By.id("status-filter"))).selectByValue("SUBMITTED");
        await().atMost(UI).until(() -> !browser.findElements(By.linkText("Noor Energy")).isEmpty());
        assertThat(browser.text("applications")).doesNotContain("Atlas Mobility");
        browser.findElement(By.linkText("Noor Energy")).click();
        browser.awaitVisible("reject-form");
        browser.submit("reject-form");
        browser.awaitText("reject-reason-error", "Give a reason: the applicant receives it.");
        assertThat(organizer.get("/api/exhibitors/" + noor).field("status")).isEqualTo("SUBMITTED");
        browser.type("reject-reason", "Your products are outside the smart-city themes of this edition.");
        browser.submit("reject-form");
        browser.awaitText("notice", "Rejected: the applicant is told by email, with the reason.");
        JsonNode rejected = organizer.get("/api/exhibitors/" + noor).json();
        assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectionReason").asString()).isEqualTo("Your products are outside the smart-city themes of this edition.");
        assertThat(browser.text("profile")).contains("Your products are outside the smart-city themes");
        browser.findElement(By.linkText("← Back to the applications")).click();
        await().atMost(UI).until(() -> !browser.findElements(By.linkText("Noor Energy")).isEmpty());
        new Select(browser.findElement(By.id("status-filter"))).selectByValue("APPROVED");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("applications")).contains("Atlas Mobility").contains("Casa Solar")
                .doesNotContain("Noor Energy"));

        // Visitors: R-1 came from an earlier import; the organizer's file updates it, adds two and has one bad row.
        HttpJson.Answer earlier = TestBooth.importVisitors(organizer, editionId, HttpJson.json(List.of(Map.of(
                "registrationId", "R-1", "firstName", "Youssef", "lastName", "El Amrani", "company", "Casa Transport"))));
        assertThat(earlier.status()).as(earlier.text()).isEqualTo(200);
        browser.findElement(By.id("tab-attendees")).click();
        browser.awaitVisible("attendee-import-form");
        upload("attendees-file", "visitors.csv", "registrationId,firstName,lastName,company,jobTitle,email,shareContact\n"
                + "R-1,Youssef,El Amrani,Casa Transport Group,CTO,youssef@casatransport.ma,yes\n"
                + "R-2,يوسف,العمراني,الدار البيضاء للنقل,مدير,,yes\n"
                + ",Nobody,Without Id,,,,yes\n"
                + "R-4,Hélène,Lefèvre,Tanger Med,Acheteuse,helene@tangermed.ma,no\n");
        browser.submit("attendee-import-form");
        browser.awaitText("report-summary", "4 rows: 2 new, 1 updated, 0 unchanged, 1 refused.");
        String report = browser.text("report-rows");
        assertThat(report).contains("R-1").contains("Updated").contains("R-2").contains("New").contains("R-4");
        assertThat(report).contains("Refused").contains("Registration id: is required");
        new Select(browser.findElement(By.id("report-show"))).selectByValue("refused");
        assertThat(browser.findElements(By.cssSelector("#report-rows tbody tr"))).hasSize(1);
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("registered")).contains("يوسف العمراني").contains("Hélène Lefèvre"));
        JsonNode attendees = organizer.get("/api/editions/" + editionId + "/attendees").json().get("items");
        assertThat(attendees.findValuesAsString("registrationId")).containsExactly("R-1", "R-2", "R-4");
        assertThat(attendees.get(0).get("company").asString()).isEqualTo("Casa Transport Group");
        browser.screenshotAt("console-import-report", "import-report");

        // In Arabic, right to left: a refused import said in Arabic, then the report's count in
        // Arabic's plural form for 3 to 10 ("few"). The choice is kept with the organizer's account.
        new Select(browser.findElement(By.id("language"))).selectByValue("ar");
        browser.awaitVisible("attendee-import-form");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        upload("attendees-file", "nicknames.csv", "registrationId,nickname\nR-9,Yoyo\n");
        browser.submit("attendee-import-form");
        await().atMost(UI).ignoreExceptions().untilAsserted(() -> assertThat(browser.findElement(By.cssSelector("#attendee-import-outcome .error"))
                .getText()).isEqualTo("رفض الخادم: يسمّي سطر العناوين أعمدة غير معروفة: nickname؛ لم يُستورد شيء."));
        upload("attendees-file", "visitors.csv", Files.readString(files.resolve("visitors.csv")));
        browser.submit("attendee-import-form");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("report-summary")).startsWith("4 أسطر: ").endsWith("1 مرفوض."));
        assertThat(browser.text("report-rows")).contains("رقم التسجيل: إلزامي");
        assertThat(browser.findElement(By.id("report-summary")).getCssValue("direction")).isEqualTo("rtl");
        await().atMost(UI).until(() -> "ar".equals(organizer.post("/api/auth/token", HttpJson.json(Map.of("username",
                stack.organizerUsername(), "password", stack.organizerPassword()))).json().path("language").asString()));
        browser.screenshotAt("console-arabic", "import-report");
        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        browser.awaitVisible("print-badges");

        // The badge print page: every visitor's QR code, as lead-service draws it, inline; an Arabic name right to left.
        browser.findElement(By.id("print-badges")).click();
        browser.awaitReady();
        await().atMost(WAIT).untilAsserted(() -> assertThat(browser.text("progress")).isEqualTo("3 badges ready to print, 8 per A4 sheet."));
        assertThat(browser.findElements(By.cssSelector(".sheet .badge"))).hasSize(3);
        for (JsonNode attendee : attendees) {
            String id = attendee.get("attendeeId").asString();
            String drawn = browser.findElement(By.cssSelector("[data-attendee='" + id + "'] .badge-qr-code svg path")).getAttribute("d");
            assertThat(drawn).as("the QR code of %s", attendee.get("registrationId").asString()).isEqualTo(qrPathOf(id));
        }
        WebElement arabic = browser.findElement(By.cssSelector("[data-attendee='" + attendees.get(1).get("attendeeId").asString() + "'] .badge-name"));
        assertThat(arabic.getText()).isEqualTo("يوسف العمراني");
        assertThat(arabic.getAttribute("dir")).isEqualTo("auto");
        assertThat(arabic.getCssValue("direction")).isEqualTo("rtl");
        assertThat(browser.findElement(By.tagName("html")).getCssValue("direction")).isEqualTo("ltr");
        browser.screenshot("console-badges");
        // Printed: the toolbar goes, the three badges fill one A4 page.
        Map<String, Object> pdf = browser.executeCdpCommand("Page.printToPDF", Map.of("preferCSSPageSize", true, "printBackground", true));
        String pdfText = new String(Base64.getDecoder().decode((String) pdf.get("data")), StandardCharsets.ISO_8859_1);
        assertThat(Pattern.compile("/Type\\s*/Page[^s]").matcher(pdfText).results().count()).as("pages printed").isEqualTo(1);
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(browser.findElement(By.cssSelector(".toolbar")).isDisplayed()).isFalse();
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        // On a 360-pixel phone, in French: the application page fits the width.
        browser.findElement(By.id("back")).click();
        browser.awaitVisible("attendee-import-form");
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        browser.get(stack.webUrl() + "/console/#/editions/" + editionId + "/applications/" + atlas);
        browser.viewport(PHONE_WIDTH, 740, true);
        browser.awaitVisible("booth-form");
        assertThat(browser.text("exhibitor-status")).isEqualTo("Acceptée");
        assertThat(browser.text("current-booth")).isEqualTo("Stand actuel : A2");
        assertThat(browser.pageWidth()).as("nothing wider than the phone").isLessThanOrEqualTo(PHONE_WIDTH);
        browser.screenshotWholePage("console-phone-fr");
        browser.findElement(By.id("tab-attendees")).click();
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("registered")).contains("youssef@casatransport.ma"));
        assertThat(browser.pageWidth()).as("the visitors, one card each, fit the phone too").isLessThanOrEqualTo(PHONE_WIDTH);
        browser.viewport(DESK_WIDTH, DESK_HEIGHT, false);

        // The access token expires: the next screen renews it silently with the refresh token.
        String expiredToken = stored("accessToken");
        String usedRefreshToken = stored("refreshToken");
        expireAccessToken();
        browser.findElement(By.id("tab-booths")).click();
        browser.awaitVisible("booth-import-form");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("booths")).contains("Atlas Mobility").contains("Casa Solar"));
        assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isFalse();
        assertThat(stored("accessToken")).as("a new access token is kept").isNotEqualTo(expiredToken);
        assertThat(stored("refreshToken")).as("and the next refresh token").isNotEqualTo(usedRefreshToken);

        // The session is ended from elsewhere and the token expires: the next screen asks for the
        // password, then shows what was asked for.
        assertThat(web().post("/api/auth/sign-out", HttpJson.json(Map.of("refreshToken", stored("refreshToken")))).status())
                .isEqualTo(204);
        expireAccessToken();
        browser.findElement(By.id("tab-attendees")).click();
        browser.awaitVisible("sign-in");
        assertThat(browser.text("sign-in-notice")).startsWith("Votre session a expiré");
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo(stack.organizerUsername());
        browser.type("password", stack.organizerPassword());
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        browser.awaitVisible("attendee-import-form");
        await().atMost(UI).untilAsserted(() -> assertThat(browser.text("registered")).contains("youssef@casatransport.ma"));

        // A long list of visitors, a page at a time: "Load more" leaves the keyboard on the first visitor it brought.
        String crowded = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Casablanca Crowd Forum", "venue", "OFEC",
                "startDate", "2026-11-24", "endDate", "2026-11-26"))).field("id");
        List<Map<String, Object>> visitors = IntStream.rangeClosed(1, 101).mapToObj(number -> Map.<String, Object>of(
                "registrationId", "V-%03d".formatted(number), "firstName", "Visitor", "lastName", String.valueOf(number))).toList();
        HttpJson.Answer crowdImported = TestBooth.importVisitors(organizer, crowded, HttpJson.json(visitors));
        assertThat(crowdImported.status()).as(crowdImported.text()).isEqualTo(200);
        browser.get(stack.webUrl() + "/console/#/editions/" + crowded + "/attendees");
        await().atMost(UI).until(() -> browser.findElements(By.cssSelector("#registered tbody tr")).size() == 100);
        browser.click("#more-attendees");
        await().atMost(UI).until(() -> browser.findElements(By.cssSelector("#registered tbody tr")).size() == 101);
        browser.awaitFocusOn("#registered tbody tr:nth-child(101) button");

        // Signed out: the keyboard lands on the sign-in form.
        browser.click("#sign-out");
        browser.awaitVisible("sign-in");
        browser.awaitFocusOn("#username");
    }

    /** A field of the console's session as the page keeps it (localStorage). */
    private static String stored(String field) {
        return (String) browser.executeScript(
                "const s = JSON.parse(localStorage.getItem('expo.console.session')); return s && s[arguments[0]];", field);
    }

    /** The access token's time runs out, as 15 minutes would make it (the refresh token stays). */
    private static void expireAccessToken() {
        browser.executeScript("const s = JSON.parse(localStorage.getItem('expo.console.session'));"
                + " s.expiresAt = Date.now() - 1000; localStorage.setItem('expo.console.session', JSON.stringify(s));");
    }

    /** A company's application through the API, with its admin account, submitted for review. */
    private static String submittedApplication(String editionId, String company, String contact, String email, String sector) {
        HttpJson.Answer application = web().post("/api/editions/" + editionId + "/exhibitors", HttpJson.json(Map.of(
                "companyName", company, "contactName", contact, "contactEmail", email, "country", "MA",
                "sector", sector, "website", "https://" + email.substring(email.indexOf('@') + 1), "language", "fr",
                "requestedBoothArea", 24, "password", "admin-passphrase-1")));
        assertThat(application.status()).as(application.text()).isEqualTo(201);
        String id = application.field("id");
        HttpJson admin = web().signedIn(email, "admin-passphrase-1");
        assertThat(admin.post("/api/exhibitors/" + id + "/submit", null).field("status")).isEqualTo("SUBMITTED");
        return id;
    }

    /** The path of the attendee's QR code as lead-service draws it in SVG. */
    private static String qrPathOf(String attendeeId) throws Exception {
        String token = web().post("/api/auth/token", HttpJson.json(Map.of("username", stack.organizerUsername(),
                "password", stack.organizerPassword()))).field("accessToken");
        HttpResponse<String> svg = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.webUrl() + "/api/attendees/" + attendeeId + "/badge?format=svg"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(svg.statusCode()).isEqualTo(200);
        Matcher path = Pattern.compile("<path [^>]*d=\"([^\"]+)\"").matcher(svg.body());
        assertThat(path.find()).isTrue();
        return path.group(1);
    }

    private static HttpJson web() {
        return new HttpJson(stack.webUrl());
    }

    // ---- the page ------------------------------------------------------------------------------

    /** A file chosen in the page's file field: Chromium takes the path typed into it. */
    private static void upload(String id, String name, String content) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        browser.findElement(By.id(id)).sendKeys(file.toString());
    }

    /** The URL fragment's n-th part: #/editions/{id}/... */
    private static String hashPart(int index) {
        String hash = (String) browser.executeScript("return location.hash;");
        return hash.split("/")[index];
    }

}
