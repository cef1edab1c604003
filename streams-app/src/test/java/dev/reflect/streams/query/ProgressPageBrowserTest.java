package dev.reflect.streams.query;

import static dev.reflect.streams.EventFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.TriggerCategory;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.EventFixtures;
import dev.reflect.streams.state.UserState;
import dev.reflect.testkit.browser.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The progress page in headless Chromium against the query API in-process with a fake store
 * lookup, for what a broker cannot stage on cue: every level's wording and colours, a 503 the
 * page waits out by itself, and forgetting the token.
 */
class ProgressPageBrowserTest {

    private static final byte[] SECRET = "progress-page-browser-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final Pattern RGB = Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)");

    @TempDir
    Path profile;

    private final String userId = "u-" + UUID.randomUUID();
    private final String token = DevTokens.mint(SECRET, userId, false);
    private QueryServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        HeadlessChromium.assumeInstalled();
        server = new QueryServer(SECRET);
        browser = HeadlessChromium.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Two calm weeks, then a last week that brings the user to {@code level}, evaluated as the topology does. */
    private UserState stateAt(EscalationLevel level) {
        UserState state = UserState.empty();
        for (int daysBack = 20; daysBack >= 7; daysBack--) {
            state.add(checkIn(userId, DAY.minusDays(daysBack))
                    .distress(3)
                    .trigger(TriggerCategory.PLANS_CHANGED)
                    .build());
        }
        for (int daysBack = 6; daysBack >= 0; daysBack--) {
            EventFixtures.CheckInBuilder day =
                    checkIn(userId, DAY.minusDays(daysBack)).distress(5).coping(CopingStrategy.SELF_CARE);
            if (level == EscalationLevel.ELEVATED) {
                day.behavior(BehaviorType.SOUGHT_REASSURANCE, 1);
            } else if (level == EscalationLevel.HIGH && daysBack < 3) {
                day.behavior(BehaviorType.CHECKED_DEVICE, 1);
            } else if (level == EscalationLevel.SEVERE && daysBack == 0) {
                day.behavior(BehaviorType.CONTROLLED, 1);
            }
            state.add(day.build());
            EventFixtures.escalate(userId, state);
        }
        assertThat(state.escalation().level()).as("the staged level").isEqualTo(level);
        return state;
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void open() {
        browser.get("http://127.0.0.1:" + server.port() + "/#token=" + token);
    }

    private void awaitLevel(EscalationLevel level) {
        await("the level shown")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> level.name()
                                .equals(browser.findElement(By.id("level-card")).getAttribute("data-level"))
                        && browser.findElement(By.id("content")).isDisplayed());
    }

    @ParameterizedTest
    @EnumSource(EscalationLevel.class)
    void everyLevelIsSaidInPlainWordsWithoutAlarmColours(EscalationLevel level) {
        server.lookup.activeHere(userId, stateAt(level));

        open();
        awaitLevel(level);

        String expected = switch (level) {
            case STEADY -> "Steady";
            case ELEVATED -> "Things look more intense lately";
            case HIGH -> "A heavier stretch than usual";
            case SEVERE -> "This looks like a really hard time";
        };
        assertThat(text("level-title")).isEqualTo(expected);
        assertThat(text("level-explain")).isNotBlank();
        for (String property : List.of("backgroundColor", "borderLeftColor", "color")) {
            String colour = (String) browser.executeScript(
                    "return getComputedStyle(document.getElementById('level-card'))[arguments[0]]", property);
            assertThat(isAlarmRed(colour))
                    .as("%s of the %s card: %s", property, level, colour)
                    .isFalse();
        }
        assertThat(HeadlessChromium.consoleProblems(browser)).isEmpty();
    }

    private static boolean isAlarmRed(String colour) {
        Matcher rgb = RGB.matcher(colour);
        assertThat(rgb.find()).as("a computed colour: %s", colour).isTrue();
        int red = Integer.parseInt(rgb.group(1));
        int green = Integer.parseInt(rgb.group(2));
        int blue = Integer.parseInt(rgb.group(3));
        return red > 150 && red - Math.max(green, blue) > 60;
    }

    @Test
    void whileTheDataIsMovingThePageSaysSoAndTriesAgainByItself() {
        // No metadata for the user yet: the API answers 503 with Retry-After.
        open();
        await("the page waits")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(text("status-text")).startsWith("Reflect is catching up"));

        server.lookup.activeHere(userId, stateAt(EscalationLevel.ELEVATED));

        awaitLevel(EscalationLevel.ELEVATED);
        assertThat(text("status-text")).isEmpty();
    }

    @Test
    void forgettingTheTokenClearsItAndAsksForOne() {
        server.lookup.activeHere(userId, stateAt(EscalationLevel.STEADY));
        open();
        awaitLevel(EscalationLevel.STEADY);

        browser.findElement(By.id("forget")).click();

        assertThat(browser.findElement(By.id("access")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("view")).isDisplayed()).isFalse();
        assertThat(browser.executeScript("return sessionStorage.getItem('reflect.token')"))
                .isNull();
        assertThat(browser.findElement(By.id("access-reason")).isDisplayed()).isFalse();
    }
}
