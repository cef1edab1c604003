package dev.reflect.testkit.browser;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's chromium driven through Debian's chromedriver. Both paths are given to Selenium, so
 * Selenium Manager never looks for (or downloads) a browser or a driver.
 */
public final class HeadlessChromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {}

    /**
     * Skips the calling test when chromium or chromedriver is missing, except on CI ({@code CI=true}),
     * which installs both: there a missing browser is a broken build, not a reason to skip.
     */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(CHROMIUM + " and " + CHROMEDRIVER + " are required on CI (apt-get install chromium chromium-driver)");
        }
        assumeTrue(installed, CHROMIUM + " or " + CHROMEDRIVER + " is not installed");
    }

    /** A new headless browser with its own profile in {@code profile}, its console log kept. */
    public static ChromeDriver start(Path profile) {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--window-size=1200,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        return new ChromeDriver(service, options);
    }

    /** The console messages at warning or above since the last call (JS errors, CSP violations, failed loads). */
    public static List<String> consoleProblems(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Emulates a viewport of {@code width} x {@code height} CSS pixels, as a phone or a tall window. */
    public static void viewport(ChromeDriver driver, int width, int height, boolean mobile) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /**
     * Cuts the page's network off, as when a phone loses its connection, or gives it back. The
     * browser says so to the page ({@code navigator.onLine}, the {@code online} event).
     */
    public static void offline(ChromeDriver driver, boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }
}
