package dev.reflect.streams.query;

import static dev.reflect.streams.EventFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.EventFixtures;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.Score;
import dev.reflect.streams.state.UserState;
import dev.reflect.testkit.browser.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The progress page's GAD-7 card (contract section 10) in headless Chromium: the scores drawn over
 * time against the bands, said in calm words, with the numbers as a table; and no card for
 * someone who never answered.
 */
class ProgressPageGad7BrowserTest {

    private static final byte[] SECRET = "progress-page-gad7-secret-0123456789abc".getBytes(StandardCharsets.UTF_8);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

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

    private UserState aWeekOfCheckIns() {
        UserState state = UserState.empty();
        for (int daysBack = 6; daysBack >= 0; daysBack--) {
            state.add(checkIn(userId, DAY.minusDays(daysBack)).distress(4).build());
        }
        return state;
    }

    private static MeasureState scores(String userId, int... scores) {
        MeasureState state = MeasureState.empty();
        for (int i = 0; i < scores.length; i++) {
            state.add(Score.of(EventFixtures.gad7(userId, DAY.minusDays(14L * (scores.length - 1 - i)), scores[i])));
        }
        return state;
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void openAndWait() {
        browser.get("http://127.0.0.1:" + server.port() + "/#token=" + token);
        await("the reflections")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> browser.findElement(By.id("content")).isDisplayed());
    }

    @Test
    void aReliableDeteriorationIsDrawnAgainstTheBandsInCalmWords() {
        server.lookup.activeHere(userId, aWeekOfCheckIns(), scores(userId, 6, 9, 12));

        openAndWait();
        await("the GAD-7 card")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> browser.findElement(By.id("gad7-card")).isDisplayed());

        assertThat(text("gad7-summary"))
                .isEqualTo("Your latest score was 12 on Nov 26, in the moderate range. The first score in the last "
                        + "90 days was 6: 6 points higher, more than everyday ups and downs. It may help to talk "
                        + "this through with a therapist or someone you trust.");
        // A drawn chart: uPlot's canvas, sized to the card.
        Object canvasWidth = browser.executeScript(
                "const c = document.querySelector('#gad7-chart canvas'); return c ? c.width : 0;");
        assertThat(((Number) canvasWidth).intValue()).isPositive();
        // The band tints: the canvas has painted pixels in the moderate band's area, none in alarm red.
        Object reds = browser.executeScript("""
                const c = document.querySelector('#gad7-chart canvas');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let red = 0, tinted = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] > 0) tinted++;
                  if (d[i] > 150 && d[i] - Math.max(d[i + 1], d[i + 2]) > 60 && d[i + 3] > 128) red++;
                }
                return [red, tinted];""");
        assertThat((List<?>) reds).satisfies(counts -> {
            assertThat(((Number) counts.get(0)).intValue())
                    .as("alarm-red pixels")
                    .isZero();
            assertThat(((Number) counts.get(1)).intValue()).as("painted pixels").isPositive();
        });
        browser.findElement(By.cssSelector("#gad7-card details summary")).click();
        assertThat(text("gad7-table"))
                .contains("12")
                .contains("moderate")
                .contains("6")
                .contains("mild");
        assertThat(HeadlessChromium.consoleProblems(browser)).isEmpty();
    }

    @Test
    void anImprovementIsSaidAsOne() {
        server.lookup.activeHere(userId, aWeekOfCheckIns(), scores(userId, 14, 11, 8));

        openAndWait();
        await("the GAD-7 card")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> browser.findElement(By.id("gad7-card")).isDisplayed());

        assertThat(text("gad7-summary"))
                .contains("latest score was 8")
                .contains("in the mild range")
                .contains("6 points lower, a real easing of anxiety");
    }

    @Test
    void someoneWhoNeverAnsweredSeesNoQuestionnaireCard() {
        server.lookup.activeHere(userId, aWeekOfCheckIns(), MeasureState.empty());

        openAndWait();

        assertThat(browser.findElement(By.id("gad7-card")).isDisplayed()).isFalse();
        assertThat(HeadlessChromium.consoleProblems(browser)).isEmpty();
    }
}
