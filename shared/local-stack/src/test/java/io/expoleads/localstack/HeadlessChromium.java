package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium as installed, driven through its own chromedriver: nothing is looked up or
 * downloaded (no Selenium Manager). A machine without them fails the browser tests, saying what to
 * install: they are never skipped.
 */
final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    static void requireInstalled() {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser test needs Debian's Chromium and its driver: apt-get install -y chromium chromium-driver")
                .isTrue();
    }

    /**
     * A headless browser whose pages get a {@code width} by {@code height} viewport (headless windows
     * are never narrower than 500 pixels, so the viewport is set on the page itself), in English.
     *
     * @param arguments more Chromium switches (a fake camera, say)
     * @param prefs     more browser preferences (a download folder, say)
     */
    static ChromeDriver start(int width, int height, boolean mobile, List<String> arguments, Map<String, Object> prefs) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                "--window-size=" + width + "," + height, "--lang=en-US", "--hide-scrollbars");
        options.addArguments(arguments);
        Map<String, Object> allPrefs = new HashMap<>(prefs);
        allPrefs.put("intl.accept_languages", "en-US,en");
        options.setExperimentalOption("prefs", allPrefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        viewport(driver, width, height, mobile);
        return driver;
    }

    static void viewport(ChromeDriver driver, int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }
}
