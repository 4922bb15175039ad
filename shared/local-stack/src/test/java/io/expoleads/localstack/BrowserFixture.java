package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * One browser window of a browser test, as a JUnit extension ({@code @RegisterExtension static final
 * BrowserFixture browser = BrowserFixture.desk();}): the shared stack ({@link SharedStack}) started
 * or joined, Debian's headless Chromium started with the project's options ({@link HeadlessChromium})
 * and quit after the class, a screenshot of the window when a test fails
 * ({@code target/browser-failures/}), sign-in to each app per role, and the page helpers every
 * browser test uses. Each screen the test waits for (a page, a route, a dialog, a screenshot) is
 * checked with axe-core (Deque's Selenium integration, its axe.min.js inside the jar): a serious or
 * critical violation fails the test, naming the rule, the screen and the node.
 */
final class BrowserFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final Duration UI = Duration.ofSeconds(20);

    /** The impacts that fail a test; axe's "minor" and "moderate" findings are left to review. */
    private static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");

    /** Keeps the page's last focus moves, so that a focus assertion that fails can say where the focus went. */
    private static final String FOCUS_HISTORY = "if (!window.expoFocusHistory) { window.expoFocusHistory = [];"
            + " const name = (e) => e && e !== document.body ? (e.id ? '#' + e.id : e.tagName.toLowerCase()) : 'body';"
            + " const keep = (line) => { window.expoFocusHistory.push(line); window.expoFocusHistory.splice(0, window.expoFocusHistory.length - 12); };"
            + " document.addEventListener('focusin', (event) => keep('in ' + name(event.target)), true);"
            + " document.addEventListener('focusout', (event) => keep('out ' + name(event.target) + ' to ' + name(event.relatedTarget)), true); }";

    /**
     * What makes one screen another: the route, the app's page, the language, and which of its
     * sections, forms, panels (a webhook's secret shown once, say) and dialogs show.
     */
    private static final String SCREEN = FOCUS_HISTORY + " const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';"
            + " const parts = Array.from(document.querySelectorAll('section[id], form[id], [role=region][id], details[open][id], dialog[id], [role=dialog][id], [role=alertdialog][id]'))"
            + ".filter(shown).map((e) => e.id);"
            + " return [location.pathname + location.hash, document.body ? (document.body.dataset.page || '') : '',"
            + " document.documentElement.lang].concat(parts).join('|');";

    private final int width;
    private final int height;
    private final boolean mobile;
    private final boolean camera;
    private final boolean downloads;
    private final boolean freshForEachTest;

    private LocalStack stack;
    private ChromeDriver driver;
    private Path cameraFeed;
    private Path downloadFolder;
    private Path screenshots;
    private String testName = "before-all";
    private final Set<String> auditedScreens = new java.util.HashSet<>();
    private int screensChecked;
    /** Violations found during the current test, by rule and node, with the first screen each showed on. */
    private final Map<String, String> violations = new LinkedHashMap<>();

    private BrowserFixture(int width, int height, boolean mobile, boolean camera, boolean downloads, boolean freshForEachTest) {
        this.width = width;
        this.height = height;
        this.mobile = mobile;
        this.camera = camera;
        this.downloads = downloads;
        this.freshForEachTest = freshForEachTest;
    }

    /** A desk screen, 1280 by 800. */
    static BrowserFixture desk() {
        return window(1280, 800, false);
    }

    /** A phone, 390 by 844. */
    static BrowserFixture phone() {
        return window(390, 844, true);
    }

    static BrowserFixture window(int width, int height, boolean mobile) {
        return new BrowserFixture(width, height, mobile, false, false, false);
    }

    /** With a camera that the page may use without asking, filming the file {@link #cameraFeed()} names. */
    BrowserFixture withCamera() {
        return new BrowserFixture(width, height, mobile, true, downloads, freshForEachTest);
    }

    /** Saving downloads, without asking, in the folder {@link #downloads()} names. */
    BrowserFixture withDownloads() {
        return new BrowserFixture(width, height, mobile, camera, true, freshForEachTest);
    }

    /** A new browser (a new profile: nothing stored, no service worker) for each test instead of one for the class. */
    BrowserFixture freshForEachTest() {
        return new BrowserFixture(width, height, mobile, camera, downloads, true);
    }

    // ---- the lifecycle ------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        HeadlessChromium.requireInstalled();
        stack = SharedStack.of(context);
        screenshots = TestStacks.screenshots();
        if (!freshForEachTest) {
            startBrowser();
        }
    }

    private void startBrowser() throws IOException {
        List<String> arguments = new ArrayList<>();
        if (camera) {
            cameraFeed = Files.createTempDirectory("expo-camera").resolve("badge.y4m");
            arguments.addAll(List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    "--use-file-for-fake-video-capture=" + cameraFeed));
        }
        Map<String, Object> prefs = new HashMap<>();
        if (downloads) {
            downloadFolder = Files.createTempDirectory("expo-downloads");
            prefs.put("download.default_directory", downloadFolder.toString());
            prefs.put("download.prompt_for_download", false);
        }
        driver = HeadlessChromium.start(width, height, mobile, arguments, prefs);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        quit();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (freshForEachTest) {
            startBrowser();
        }
        testName = context.getRequiredTestMethod().getName();
        violations.clear();
        auditedScreens.clear();
        screensChecked = 0;
    }

    /**
     * The violations axe found on the test's screens, all of them at once, so one run shows every
     * fix to make; the window as it was when the test failed, beside the failsafe reports.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                keepTheFailure(context, context.getExecutionException().get());
                return;
            }
            AssertionError failure = null;
            if (screensChecked == 0) {
                failure = new AssertionError("no screen was checked with axe-core in " + testName);
            } else if (!violations.isEmpty()) {
                failure = new AssertionError(violations.size() + " serious or critical accessibility violation(s) (axe-core):\n"
                        + String.join("\n", violations.values()));
            }
            if (failure != null) {
                keepTheFailure(context, failure);
                throw failure;
            }
        } finally {
            if (freshForEachTest) {
                quit();
            }
        }
    }

    private void quit() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    /** The window, its HTML and axe's findings, under target/browser-failures. */
    private void keepTheFailure(ExtensionContext context, Throwable cause) {
        if (driver == null) {
            return;
        }
        try {
            Path folder = Files.createDirectories(Path.of("target", "browser-failures"));
            String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                    + "-" + width + "x" + height;
            Files.write(folder.resolve(name + ".png"), capture(Map.of("format", "png")));
            Files.writeString(folder.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
            if (!violations.isEmpty()) {
                Files.writeString(folder.resolve(name + "-axe.txt"), String.join("\n", violations.values()), StandardCharsets.UTF_8);
            }
        } catch (RuntimeException | IOException e) {
            cause.addSuppressed(e);
        }
    }

    // ---- what the test gets -------------------------------------------------------------------

    LocalStack stack() {
        return stack;
    }

    ChromeDriver driver() {
        return driver;
    }

    Path cameraFeed() {
        return cameraFeed;
    }

    Path downloads() {
        return downloadFolder;
    }

    /** A page of the web tier: {@code open("/console/")}. */
    void open(String path) {
        driver.get(stack.webUrl() + path);
        awaitReady();
    }

    void get(String url) {
        driver.get(url);
    }

    WebElement findElement(By by) {
        return driver.findElement(by);
    }

    List<WebElement> findElements(By by) {
        return driver.findElements(by);
    }

    Object executeScript(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    Object executeAsyncScript(String script, Object... arguments) {
        return driver.executeAsyncScript(script, arguments);
    }

    Map<String, Object> executeCdpCommand(String command, Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    WebDriver.Navigation navigate() {
        return driver.navigate();
    }

    WebDriver.TargetLocator switchTo() {
        return driver.switchTo();
    }

    String getCurrentUrl() {
        return driver.getCurrentUrl();
    }

    String getPageSource() {
        return driver.getPageSource();
    }

    void setNetworkConditions(ChromiumNetworkConditions conditions) {
        driver.setNetworkConditions(conditions);
    }

    void deleteNetworkConditions() {
        driver.deleteNetworkConditions();
    }

    /** The page's viewport (headless windows are never narrower than 500 pixels, so it is set on the page). */
    void viewport(int newWidth, int newHeight, boolean newMobile) {
        HeadlessChromium.viewport(driver, newWidth, newHeight, newMobile);
    }

    /** The viewport this window started with. */
    void viewportAsStarted() {
        viewport(width, height, mobile);
    }

    // ---- signing in, per role -----------------------------------------------------------------

    /** The organizer opens the console at that fragment in that language, signing in when it asks. */
    void signInToConsole(String fragment, String language) {
        open("/console/" + fragment);
        select("language", language);
        await().atMost(UI).ignoreExceptions().until(() -> driver.findElement(By.id("sign-in")).isDisplayed()
                || driver.findElement(By.id("view")).isDisplayed() && !text("view").isEmpty());
        if (driver.findElement(By.id("sign-in")).isDisplayed()) {
            type("username", stack.organizerUsername());
            type("password", stack.organizerPassword());
            click("#sign-in-form button[type=submit]");
        }
        awaitVisible("view");
    }

    /**
     * An exhibitor's admin or staff member signs in to the dashboard (whoever was signed in there
     * signed out first), which then shows that page.
     */
    void signInToDashboard(String email, String password, String landingPage) {
        open("/dashboard/");
        await().atMost(UI).ignoreExceptions().until(() -> !driver.findElement(By.tagName("body")).getAttribute("data-page").isEmpty());
        if (!"sign-in".equals(driver.findElement(By.tagName("body")).getAttribute("data-page"))) {
            click("#sign-out");
        }
        awaitPage("sign-in");
        type("username", email);
        type("password", password);
        click("#sign-in-form button[type=submit]");
        awaitPage(landingPage);
    }

    /** A booth staff member signs in on the scanner's sign-in screen, which then shows the scanner. */
    void signInToScanner(String email, String password) {
        awaitVisible("staff-form");
        type("username", email);
        type("password", password);
        click("#staff-form button[type=submit]");
        awaitVisible("scanner");
    }

    // ---- the page -----------------------------------------------------------------------------

    /** Waits for the app to have started (body[data-ready]), then checks the screen. */
    void awaitReady() {
        await().atMost(UI).ignoreExceptions()
                .until(() -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
        checkScreen();
    }

    /** Waits for the app's page (body[data-page]), then checks the screen. */
    void awaitPage(String page) {
        await().atMost(UI).ignoreExceptions()
                .until(() -> page.equals(driver.findElement(By.tagName("body")).getAttribute("data-page")));
        checkScreen();
    }

    /** Waits for the element to show, then checks the screen. */
    void awaitVisible(String id) {
        await().atMost(UI).ignoreExceptions().until(() -> {
            List<WebElement> found = driver.findElements(By.id(id));
            return !found.isEmpty() && found.get(0).isDisplayed();
        });
        checkScreen();
    }

    /** The first shown element found so, once there is one (screens draw their forms when their data arrives). */
    WebElement awaitClickable(By what) {
        WebElement found = await().atMost(UI).ignoreException(StaleElementReferenceException.class)
                .until(() -> driver.findElements(what).stream().filter(WebElement::isDisplayed).findFirst().orElse(null),
                        element -> element != null);
        checkScreen();
        return found;
    }

    void awaitText(String id, String expected) {
        await().atMost(UI).ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> assertThat(text(id)).isEqualTo(expected));
    }

    /** The element's shown text, stripped; empty while there is no such element. */
    String text(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText().strip();
    }

    String attribute(String selector, String name) {
        return driver.findElement(By.cssSelector(selector)).getAttribute(name);
    }

    void click(String selector) {
        driver.findElement(By.cssSelector(selector)).click();
    }

    /** Types into the field once it shows, replacing what it held. */
    void type(String id, String value) {
        WebElement field = await().atMost(UI).ignoreExceptions().until(() -> driver.findElement(By.id(id)), WebElement::isDisplayed);
        field.clear();
        field.sendKeys(value);
    }

    /** Date fields take typed digits in the browser's own order: the value is set as the picker would. */
    void setValue(String id, String value) {
        driver.executeScript("arguments[0].value = arguments[1];", driver.findElement(By.id(id)), value);
    }

    void select(String id, String value) {
        new Select(driver.findElement(By.id(id))).selectByValue(value);
    }

    void submit(String formId) {
        click("#" + formId + " button[type=submit]");
    }

    /** A badge code pasted at once into the scanner, as a handheld scanner or the clipboard gives it, then Scan. */
    void scanTyped(String badge) {
        awaitVisible("badge-code");
        driver.executeScript("document.getElementById('badge-code').value = arguments[0];", badge);
        click("#typed-form button[type=submit]");
    }

    /** How wide the page is drawn, in CSS pixels. */
    int pageWidth() {
        return ((Number) driver.executeScript("return document.documentElement.scrollWidth;")).intValue();
    }

    // ---- focus --------------------------------------------------------------------------------

    /** The focused element (document.activeElement) as a short description: its id, else its tag, classes and text. */
    String focused() {
        return (String) driver.executeScript("const e = document.activeElement; if (!e || e === document.body) { return 'body'; }"
                + " if (e.id) { return '#' + e.id; }"
                + " return e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '')"
                + " + '[' + (e.textContent || '').trim().slice(0, 60) + ']';");
    }

    /** Waits for the keyboard focus to be where the user expects it, described as {@link #focused()} does. */
    void awaitFocus(String expected) {
        await().atMost(UI).untilAsserted(() -> assertThat(focused()).as("the focused element (focus moves: %s)", focusHistory())
                .isEqualTo(expected));
    }

    private Object focusHistory() {
        return driver.executeScript("return window.expoFocusHistory || [];");
    }

    /** Waits for the focused element to be the one the selector finds (the first of them). */
    void awaitFocusOn(String selector) {
        await().atMost(UI).untilAsserted(() -> assertThat((Boolean) driver.executeScript(
                "return document.activeElement === document.querySelector(arguments[0]);", selector))
                .as("the focus is on %s, not on %s (focus moves: %s)", selector, focused(), focusHistory()).isTrue());
    }

    /** Waits for the focused element to be inside the one the selector finds. */
    void awaitFocusWithin(String selector) {
        await().atMost(UI).untilAsserted(() -> assertThat((Boolean) driver.executeScript(
                "const box = document.querySelector(arguments[0]); return !!box && box.contains(document.activeElement);", selector))
                .as("the focus is in %s, not on %s (focus moves: %s)", selector, focused(), focusHistory()).isTrue());
    }

    /** The keyboard's keys pressed on the focused element, as a user would (Tab, Enter...). */
    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    // ---- screenshots --------------------------------------------------------------------------

    /** What the window shows, for the README ({@code docs/screenshots/<name>.png}). */
    void screenshot(String name) throws IOException {
        checkAccessibility(name);
        Files.write(screenshots.resolve(name + ".png"), capture(Map.of("format", "png")));
    }

    /** The window scrolled to an element. */
    void screenshotAt(String name, String id) throws IOException {
        driver.executeScript("document.getElementById(arguments[0]).scrollIntoView();", id);
        screenshot(name);
    }

    /** The whole page, as tall as it is, at the window's width. */
    void screenshotWholePage(String name) throws IOException {
        checkAccessibility(name);
        driver.executeScript("window.scrollTo(0, 0);");
        Files.write(screenshots.resolve(name + ".png"),
                capture(Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true)));
    }

    private byte[] capture(Map<String, Object> parameters) {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", parameters);
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    // ---- accessibility ------------------------------------------------------------------------

    /** Checks the screen with axe unless this screen was checked already in this test. */
    void checkScreen() {
        String screen;
        try {
            screen = (String) driver.executeScript(SCREEN);
        } catch (RuntimeException e) {
            // A page unloading (a reload, a sign-in that reloads): the next wait checks the screen it shows.
            return;
        }
        if (auditedScreens.add(screen)) {
            checkAccessibility(screen);
        }
    }

    /**
     * Runs axe on the page as it is now and keeps its serious and critical violations for the end of
     * the test, each named by rule, node and the screen it showed on.
     */
    void checkAccessibility(String screen) {
        Results results;
        try {
            results = new AxeBuilder().analyze(driver);
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return;
        }
        if (results.isErrored()) {
            throw new AssertionError("axe-core could not check " + screen + ": " + results.getErrorMessage());
        }
        screensChecked++;
        System.out.println("axe-core checked " + screen + ": " + results.getViolations().stream()
                .map(rule -> rule.getId() + " (" + rule.getImpact() + ")").toList());
        seriousViolations(results, screen + " [" + testName + "]").forEach(violations::putIfAbsent);
    }

    /** axe's serious and critical violations, one a node, keyed by rule and node, each naming the rule, the screen and the node. */
    static Map<String, String> seriousViolations(Results results, String screen) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Rule rule : results.getViolations()) {
            if (!FAILING_IMPACTS.contains(rule.getImpact())) {
                continue;
            }
            for (CheckedNode node : rule.getNodes()) {
                found.putIfAbsent(rule.getId() + " " + node.getTarget(), "- " + rule.getId() + " (" + rule.getImpact() + ", "
                        + rule.getHelp() + ") on " + screen + ": " + node.getTarget() + " " + abbreviated(node.getHtml())
                        + (node.getFailureSummary() == null ? "" : " — " + node.getFailureSummary().replace('\n', ' ')));
            }
        }
        return found;
    }

    private static String abbreviated(String html) {
        return html == null ? "" : html.length() > 200 ? html.substring(0, 200) + "…" : html;
    }

    /** The rules axe flagged so far in this test (for a test's own assertion). */
    List<String> violations() {
        return violations.values().stream().collect(Collectors.toList());
    }
}
