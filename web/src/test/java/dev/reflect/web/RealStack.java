package dev.reflect.web;

import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import dev.reflect.testkit.browser.HeadlessChromium;
import dev.reflect.web.browser.AppPage;
import dev.reflect.web.browser.ReflectStack;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the browser tests against the real services share: one {@link ReflectStack} per test
 * class on the JVM's broker, and per test a fresh browser profile and a person of its own.
 */
@WithKafka
abstract class RealStack {

    @TempDir
    static Path stateDir;

    static ReflectStack stack;

    @TempDir
    Path profile;

    final String userId = "u-" + UUID.randomUUID();
    ChromeDriver browser;
    AppPage app;

    @BeforeAll
    static void startStack(KafkaCluster kafka) {
        HeadlessChromium.assumeInstalled();
        stack = ReflectStack.start(kafka, stateDir);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.start(profile);
        app = new AppPage(browser, stack.webUrl());
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }
}
