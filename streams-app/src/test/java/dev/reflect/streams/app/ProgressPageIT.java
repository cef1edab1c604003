package dev.reflect.streams.app;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.gad7;
import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.SharingChange;
import dev.reflect.events.Topics;
import dev.reflect.events.TriggerCategory;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.EventFixtures;
import dev.reflect.streams.page.ProgressPage;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.TestRecords;
import dev.reflect.testkit.WithKafka;
import dev.reflect.testkit.browser.HeadlessChromium;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The progress page in real headless Chromium against the real app on the in-JVM broker: a user
 * with six weeks of history whose last week made them ELEVATED opens the page with the demo's
 * {@code #token=} link, and sees what the API says, drawn.
 */
@WithKafka
class ProgressPageIT {

    private static final byte[] SECRET = "progress-page-it-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "page-screenshots");

    KafkaCluster kafka;

    @TempDir
    Path stateDir;

    @TempDir
    Path browserProfile;

    private final String userId = "u-" + UUID.randomUUID();
    private final String token = DevTokens.mint(SECRET, userId, false);
    private final LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private StreamsApp app;
    private QueryClient query;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        HeadlessChromium.assumeInstalled();
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        TestInput.checkIns(kafka.bootstrapServers(), history());
        TestRecords.produceAll(
                kafka.bootstrapServers(),
                Topics.JOURNAL.keySerde().serializer(),
                Topics.JOURNAL.valueSerde().serializer(),
                thoughtRecords().stream()
                        .map(entry -> new ProducerRecord<>(Topics.JOURNAL.name(), entry.userId(), entry))
                        .toList());
        app = StreamsApp.create(StreamsApps.config(
                        kafka.bootstrapServers(), SECRET, "reflect-page-it-" + UUID.randomUUID(), stateDir))
                .start();
        query = new QueryClient(app.port());
        StreamsApps.awaitRunning(app);
        await("the seeded user ELEVATED")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> response = query.get("/v1/me/progress?days=28", token);
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(json(response).path("asOf").asText()).isEqualTo(lastDay.toString());
                    assertThat(json(response).path("escalation").path("level").asText())
                            .isEqualTo("ELEVATED");
                });
        browser = HeadlessChromium.start(browserProfile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.stop();
        }
    }

    /**
     * Six weeks: five calm weeks with about 2 reassurance asks a week (the baseline), then a week
     * with 9 asks and more triggers, which makes the user ELEVATED by {@code reassurance_doubled}.
     * No device check falls in the last week, so the level stays ELEVATED rather than HIGH.
     */
    private List<CheckIn> history() {
        TriggerCategory[] calm = {
            TriggerCategory.PLANS_CHANGED,
            TriggerCategory.SOCIAL_MEDIA,
            TriggerCategory.PARTNER_UNRESPONSIVE,
            TriggerCategory.REMINDER_OF_PAST
        };
        CopingStrategy[] coping = CopingStrategy.values();
        List<CheckIn> checkIns = new ArrayList<>();
        for (int daysBack = 41; daysBack >= 7; daysBack--) {
            if (daysBack % 7 == 3) {
                continue; // a day off now and then
            }
            EventFixtures.CheckInBuilder day = checkIn(userId, lastDay.minusDays(daysBack))
                    .distress(3 + daysBack % 3)
                    .coping(coping[daysBack % coping.length]);
            if (daysBack % 2 == 0) {
                day.trigger(calm[daysBack % calm.length]);
            }
            if (daysBack % 7 == 1 || daysBack % 7 == 5) {
                day.behavior(BehaviorType.SOUGHT_REASSURANCE, 1);
            }
            if (daysBack == 20 || daysBack == 34) {
                day.behavior(BehaviorType.CHECKED_DEVICE, 1);
            }
            checkIns.add(day.build());
        }
        int[] asks = {1, 2, 1, 2, 1, 1, 1};
        for (int daysBack = 6; daysBack >= 0; daysBack--) {
            EventFixtures.CheckInBuilder day = checkIn(userId, lastDay.minusDays(daysBack))
                    .distress(5 + daysBack % 3)
                    .behavior(BehaviorType.SOUGHT_REASSURANCE, asks[daysBack]);
            // Six triggers, one short of trigger_surge's 7, so the one rule that fires is reassurance_doubled.
            if (daysBack != 3) {
                day.trigger(
                        daysBack % 2 == 0 ? TriggerCategory.PARTNER_UNRESPONSIVE : TriggerCategory.PERCEIVED_SECRECY);
            }
            if (daysBack % 3 == 0) {
                day.coping(CopingStrategy.CHALLENGED_THOUGHT);
            }
            checkIns.add(day.build());
        }
        return checkIns;
    }

    private List<JournalEntry> thoughtRecords() {
        List<JournalEntry> entries = new ArrayList<>();
        int[][] beliefs = {{80, 60}, {75, 50}, {85, 55}, {80, 45}, {90, 50}, {85, 50}};
        for (int week = 0; week < beliefs.length; week++) {
            entries.add(EventFixtures.journal(
                    userId, lastDay.minusDays(38 - 7L * week), beliefs[week][0], beliefs[week][1]));
        }
        return entries;
    }

    private void share(String clinicianId, SharingChange.Action action, String... people) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        TestRecords.produceAll(
                kafka.bootstrapServers(),
                Topics.SHARING.keySerde().serializer(),
                Topics.SHARING.valueSerde().serializer(),
                java.util.Arrays.stream(people)
                        .map(person -> new ProducerRecord<>(
                                Topics.SHARING.name(),
                                person,
                                new SharingChange(
                                        UUID.randomUUID(), now, clinicianId, action, person, now.toInstant())))
                        .toList());
    }

    /** Choosing the other period loads the page's data again, as a person would make it. */
    private void reloadByChangingThePeriod() {
        boolean fourWeeks = browser.findElement(By.id("days-28")).isSelected();
        browser.findElement(By.id(fourWeeks ? "days-84" : "days-28")).click();
    }

    private List<String> caseloadUsers() {
        return browser.findElements(By.cssSelector("#caseload-list li")).stream()
                .map(item -> item.getAttribute("data-user"))
                .toList();
    }

    /** Opens a person from the caseload; the list may be drawn again meanwhile, so find the button afresh. */
    private void open(String person) {
        await("open " + person)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    caseloadItem(person)
                            .findElement(By.cssSelector("button.open"))
                            .click();
                    return true;
                });
    }

    private WebElement caseloadItem(String person) {
        return browser.findElement(By.cssSelector("#caseload-list li[data-user='" + person + "']"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Object script(String script) {
        return browser.executeScript(script);
    }

    private void awaitLevelShown() {
        await("the level drawn")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !text("level-title").isBlank()
                        && ((Number) script("return document.querySelectorAll('.chart canvas').length")).intValue()
                                >= 6);
    }

    @Test
    void theDemoLinkShowsTheLevelAndTheChartsOfTheApisFigures() throws IOException {
        JsonNode api = json(query.get("/v1/me/progress?days=28", token));
        HttpResponse<String> page = query.get("/", null);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ProgressPage.CONTENT_SECURITY_POLICY);

        browser.get("http://127.0.0.1:" + app.port() + "/#token=" + token);
        awaitLevelShown();
        assertThat(text("page-title")).isEqualTo("Your reflections");

        // The level, in words, with the API's own reason.
        JsonNode escalation = api.path("escalation");
        assertThat(browser.findElement(By.id("level-card")).getAttribute("data-level"))
                .isEqualTo("ELEVATED");
        assertThat(text("level-title")).isEqualTo("Things look more intense lately");
        assertThat(text("level-message")).contains(escalation.path("message").asText());

        // The figures are the API's.
        JsonNode window = api.path("window7d");
        assertThat(browser.findElement(By.cssSelector("#fig-reassurance .num")).getText())
                .isEqualTo(window.path("reassuranceAsks").asText())
                .isEqualTo("9");
        assertThat(browser.findElement(By.cssSelector("#fig-checkins .num")).getText())
                .isEqualTo(window.path("checkIns").asText());
        assertThat(browser.findElement(By.cssSelector("#fig-device .num")).getText())
                .isEqualTo(window.path("deviceChecks").asText());
        assertThat(Double.parseDouble(browser.findElement(By.cssSelector("#fig-distress .num"))
                        .getText()))
                .isEqualTo(window.path("distressAvg").asDouble());
        assertThat(Double.parseDouble(
                        browser.findElement(By.cssSelector("#fig-coping .num")).getText()))
                .isEqualTo(window.path("copingRatio").asDouble());
        assertThat(escalation.path("rule").asText()).isEqualTo("reassurance_doubled");
        assertThat(text("reassurance-summary")).contains("9 times in the latest week");

        // Every chart is drawn, and has its words (the GAD-7 card stays hidden: no questionnaire answered).
        assertThat(browser.findElement(By.id("gad7-card")).isDisplayed()).isFalse();
        List<WebElement> charts = browser.findElements(By.cssSelector(".chart")).stream()
                .filter(WebElement::isDisplayed)
                .toList();
        assertThat(charts).hasSize(6).allSatisfy(chart -> {
            WebElement canvas = chart.findElement(By.tagName("canvas"));
            assertThat(canvas.getSize().getWidth()).isPositive();
            assertThat(canvas.getSize().getHeight()).isPositive();
            assertThat(chart.getAttribute("role")).isEqualTo("img");
            String summaryId = chart.getAttribute("aria-labelledby");
            assertThat(browser.findElement(By.id(summaryId)).getText()).isNotBlank();
        });
        assertThat(browser.findElements(By.cssSelector("#triggers-table tbody tr")))
                .hasSize(4);

        // The token left the address bar and lives in this tab's sessionStorage only.
        assertThat(browser.getCurrentUrl()).doesNotContain(token).doesNotContain("token=");
        assertThat(script("return sessionStorage.getItem('reflect.token')")).isEqualTo(token);
        assertThat(((Number) script("return localStorage.length")).intValue()).isZero();
        assertThat(browser.manage().getCookies()).isEmpty();

        // Accessible basics: a language, one h1, a label for every control.
        assertThat(script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.findElements(By.tagName("h1"))).hasSize(1);
        assertThat(((Number)
                                script(
                                        "return Array.from(document.querySelectorAll('input, textarea, select'))"
                                                + ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')).length"))
                        .intValue())
                .isZero();

        saveScreenshot("progress.png", 1200);

        // Keyboard only: to 12 weeks with the arrow key on the period choice.
        script("document.getElementById('days-28').focus()");
        new Actions(browser).sendKeys(Keys.ARROW_RIGHT).perform();
        await("12 weeks drawn")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> browser.findElements(By.cssSelector("#triggers-table tbody tr"))
                                .size()
                        == 12);
        assertThat(browser.findElement(By.cssSelector("#fig-reassurance .num")).getText())
                .isEqualTo("9");

        // A phone's width: nothing wider than the screen.
        HeadlessChromium.viewport(browser, 375, 812, true);
        await("laid out at 375 px")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ((Number) script("return window.innerWidth")).intValue() == 375);
        awaitChartsFit();
        assertThat(((Number) script("return document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(375);
        assertThat(((Number) script("return Array.from(document.querySelectorAll('body *'))"
                                + ".filter(e => e.offsetParent !== null && !e.closest('.table-wrap'))"
                                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).length"))
                        .intValue())
                .isZero();
        saveScreenshot("progress-phone.png", 375);

        // A data request the page answered itself (a 503 while partitions move) is not a page error.
        assertThat(HeadlessChromium.consoleProblems(browser))
                .filteredOn(message -> !(message.contains("/v1/") && message.contains("Failed to load resource")))
                .as("console errors, CSP violations, failed loads of the page's files")
                .isEmpty();
    }

    @Test
    void aClinicianOpensPeopleFromTheirCaseloadMostUrgentFirstAndLosesThoseWhoStopSharing() {
        String clinicianId = "c-" + UUID.randomUUID();
        String clinician = DevTokens.mint(SECRET, clinicianId, true);
        String severe = "u-severe-" + UUID.randomUUID();
        String steady = "u-steady-" + UUID.randomUUID();
        String newcomer = "u-new-" + UUID.randomUUID();
        String notSharing = "u-private-" + UUID.randomUUID();
        share(clinicianId, SharingChange.Action.GRANT, userId, severe, steady, newcomer);
        TestInput.checkIns(
                kafka.bootstrapServers(),
                List.of(
                        checkIn(severe, lastDay)
                                .behavior(BehaviorType.CONTROLLED, 1)
                                .build(),
                        checkIn(steady, lastDay).distress(2).build(),
                        checkIn(notSharing, lastDay)
                                .behavior(BehaviorType.CONTROLLED, 1)
                                .build()));
        TestInput.measures(
                kafka.bootstrapServers(),
                List.of(gad7(steady, lastDay.minusDays(21), 5), gad7(steady, lastDay.minusDays(1), 12)));
        browser.get("http://127.0.0.1:" + app.port() + "/#token=" + clinician);

        await("the caseload, most urgent first, the new alert of the SEVERE person shown")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                // A page drawn before the streams app has everyone is drawn again at the next poll.
                .ignoreExceptionsMatching(e -> e instanceof StaleElementReferenceException
                        || e instanceof org.awaitility.core.ConditionTimeoutException)
                .untilAsserted(() -> {
                    browser.navigate().refresh();
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> caseloadUsers().size() >= 4);
                    assertThat(caseloadUsers()).containsExactly(severe, userId, steady, newcomer);
                    assertThat(caseloadItem(severe).getText()).contains("A really hard time", "1 new alert");
                });
        await("the ELEVATED person's row")
                .atMost(Duration.ofSeconds(10))
                .ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() ->
                        assertThat(caseloadItem(userId).getText()).contains("More intense lately", "7 check-ins"));
        await("the GAD-7 of the person who answered it, on their row")
                .atMost(Duration.ofSeconds(10))
                .ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> assertThat(caseloadItem(steady).getText())
                        .contains("GAD-7 12, moderate", "7 points higher than their first in 90 days"));
        assertThat(caseloadItem(newcomer).getText()).doesNotContain("GAD-7");
        assertThat(text("status-text")).contains("Choose someone from the list");
        assertThat(text("page-title")).isEqualTo("Reflections shared with you");
        assertThat(browser.getTitle()).isEqualTo("Reflections shared with you · Reflect");
        assertThat(browser.findElement(By.id("content")).isDisplayed()).isFalse();

        open(severe);
        awaitLevelShown();
        assertThat(browser.findElement(By.id("level-card")).getAttribute("data-level"))
                .isEqualTo("SEVERE");
        assertThat(text("level-for")).contains(severe);
        await("the alert marked seen once opened")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> {
                    reloadByChangingThePeriod();
                    assertThat(caseloadItem(severe).getText()).doesNotContain("new alert");
                });

        open(newcomer);
        await("no reflections yet")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(text("status-text")).contains("no reflections for this person yet"));
        assertThat(browser.findElement(By.id("content")).isDisplayed()).isFalse();
        // The browser reports the 404 in its console: the console check of the other test can see what it looks for.
        assertThat(HeadlessChromium.consoleProblems(browser))
                .anySatisfy(message -> assertThat(message).contains("404"));

        open(severe);
        awaitLevelShown();
        share(clinicianId, SharingChange.Action.REVOKE, severe);
        await("the revocation applied")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> query.get("/v1/users/" + severe + "/progress?days=28", clinician)
                                        .statusCode()
                                == 403
                        && !query.get("/v1/caseload", clinician).body().contains(severe));
        reloadByChangingThePeriod();
        await("the person who stopped sharing is gone, and their page with them")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> {
                    assertThat(caseloadUsers()).containsExactly(userId, steady, newcomer);
                    assertThat(text("status-text")).contains("does not share their reflections with you");
                    assertThat(browser.findElement(By.id("content")).isDisplayed())
                            .isFalse();
                });

        // A token the service does not accept: asked for a new one, and it is forgotten.
        browser.get("http://127.0.0.1:" + app.port() + "/#token=not-a-token");
        await("asked for a new token")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> browser.findElement(By.id("access")).isDisplayed());
        assertThat(text("access-reason")).contains("paste a new one");
        assertThat(script("return sessionStorage.getItem('reflect.token')")).isNull();

        // Pasting a good token into the form opens the page.
        browser.findElement(By.id("token-input")).sendKeys(token);
        browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        awaitLevelShown();
        assertThat(text("level-title")).isEqualTo("Things look more intense lately");
    }

    private void awaitChartsFit() {
        await("charts resized")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ((Number) script("return Array.from(document.querySelectorAll('.chart'))"
                                        + ".filter(c => c.querySelector('.uplot') && c.querySelector('.uplot').getBoundingClientRect().width"
                                        + " > c.getBoundingClientRect().width + 0.5).length"))
                                .intValue()
                        == 0);
    }

    /** The whole page at {@code width}: the viewport is made as tall as the document first. */
    private void saveScreenshot(String name, int width) throws IOException {
        HeadlessChromium.viewport(browser, width, 900, width < 500);
        awaitChartsFit();
        int height = ((Number) script("return document.documentElement.scrollHeight")).intValue();
        HeadlessChromium.viewport(browser, width, height, width < 500);
        awaitChartsFit();
        Files.createDirectories(SCREENSHOTS);
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
