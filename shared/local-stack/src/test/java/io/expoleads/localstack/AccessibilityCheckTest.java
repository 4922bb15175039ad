package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The browser tests' accessibility check ({@link BrowserFixture}) on pages made to fail it and to
 * pass it, in Debian's headless Chromium with axe-core from its jar: a nameless button and an image
 * without a text alternative are reported by rule and node; the same page made right passes.
 */
class AccessibilityCheckTest {

    static ChromeDriver browser;

    @BeforeAll
    static void startABrowser() {
        HeadlessChromium.requireInstalled();
        browser = HeadlessChromium.start(800, 600, false, List.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_nameless_button_and_an_image_without_alternative_are_named_by_rule_and_node() {
        show("<main><h1>Badges</h1><button id=\"nameless\"></button><img id=\"photo\" src=\"photo.png\"></main>");
        String found = String.join("\n", BrowserFixture.seriousViolations(new AxeBuilder().analyze(browser), "a made-up page").values());
        assertThat(found).contains("button-name (critical").contains("#nameless")
                .contains("image-alt (critical").contains("#photo").contains("on a made-up page");
    }

    @Test
    void the_same_page_made_right_passes() {
        show("<main><h1>Badges</h1><button id=\"named\">Print</button><img id=\"photo\" src=\"photo.png\" alt=\"The booth\"></main>");
        assertThat(BrowserFixture.seriousViolations(new AxeBuilder().analyze(browser), "a made-up page")).isEmpty();
    }

    private static void show(String body) {
        String page = "<!doctype html><html lang=\"en\"><head><title>Check</title></head><body>" + body + "</body></html>";
        browser.get("data:text/html;charset=utf-8," + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
