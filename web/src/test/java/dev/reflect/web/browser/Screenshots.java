package dev.reflect.web.browser;

import dev.reflect.testkit.browser.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/** Whole-page screenshots at a phone's and a desktop's width, kept in {@code target/app-screenshots}. */
public final class Screenshots {

    public static final int PHONE = 375;
    public static final int DESKTOP = 1200;
    public static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "target", "app-screenshots");

    private Screenshots() {}

    /** {@code name-phone.png} and {@code name-desktop.png}; the viewport is left at the desktop width. */
    public static void both(ChromeDriver browser, String name) {
        take(browser, name + "-phone.png", PHONE);
        take(browser, name + "-desktop.png", DESKTOP);
    }

    public static void take(ChromeDriver browser, String file, int width) {
        boolean phone = width < 500;
        HeadlessChromium.viewport(browser, width, 900, phone);
        int height = ((Number) browser.executeScript("return document.documentElement.scrollHeight")).intValue();
        HeadlessChromium.viewport(browser, width, Math.max(600, Math.min(height, 4000)), phone);
        try {
            Files.createDirectories(DIRECTORY);
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, DIRECTORY.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HeadlessChromium.viewport(browser, DESKTOP, 900, false);
    }
}
