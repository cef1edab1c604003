package dev.reflect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.service.auth.DevTokens;
import dev.reflect.testkit.browser.HeadlessChromium;
import dev.reflect.web.browser.AppPage;
import dev.reflect.web.browser.Axe;
import dev.reflect.web.browser.FakeServices;
import dev.reflect.web.browser.FakeServices.Answer;
import dev.reflect.web.browser.Screenshots;
import dev.reflect.web.signin.SignInSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web app in headless Chromium in front of stand-in services ({@link FakeServices}), for
 * what the real ones cannot stage on cue: the entries screen in the contract's shape (until the
 * query service has its entries store; {@code EntriesIT} runs against the real one), a 429 and a
 * 503 waited out, and a 401 that asks to sign in again without losing what waits on the device.
 * Development sign-in, as the local run has it.
 */
class WebAppBrowserTest {

    private static final byte[] SECRET = "web-app-browser-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path profile;

    private final String userId = "u-" + UUID.randomUUID();
    private FakeServices services;
    private WebApp web;
    private ChromeDriver browser;
    private AppPage app;

    @BeforeEach
    void start() {
        HeadlessChromium.assumeInstalled();
        services = new FakeServices();
        URI fake = URI.create("http://127.0.0.1:" + services.port());
        web = WebApp.create(new WebConfig("127.0.0.1", 0, fake, fake, SignInSettings.development()))
                .start();
        browser = HeadlessChromium.start(profile);
        app = new AppPage(browser, "http://127.0.0.1:" + web.port());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.stop();
        }
        if (services != null) {
            services.close();
        }
    }

    private void signIn(String user) {
        app.open("#token=" + DevTokens.mint(SECRET, user, false));
        app.awaitSignedIn();
    }

    private static String checkIn(String eventId, String occurredAt) {
        return """
                {"type":"checkin","eventId":"%s","occurredAt":"%s","receivedAt":"2026-11-26T20:14:05Z",
                 "context":"ROMANTIC","distress":7,
                 "triggers":[{"category":"PARTNER_UNRESPONSIVE","tiedToPast":true},{"category":"SOCIAL_MEDIA","tiedToPast":false}],
                 "behaviors":[{"type":"SOUGHT_REASSURANCE","count":3},{"type":"CHECKED_DEVICE","count":1}],
                 "coping":["CHALLENGED_THOUGHT"],"note":"They were at the gym after all."}""".formatted(eventId, occurredAt);
    }

    private static String journal(String eventId, String occurredAt) {
        return """
                {"type":"journal","eventId":"%s","occurredAt":"%s","receivedAt":"2026-11-26T21:01:00Z",
                 "text":"A quiet evening.",
                 "thoughtRecord":{"automaticThought":"They must be with someone else","evidenceFor":"A late reply",
                   "evidenceAgainst":"Their phone was charging","balancedThought":"A busy evening, most likely",
                   "beliefBefore":80,"beliefAfter":35}}""".formatted(eventId, occurredAt);
    }

    @Test
    void entriesAreReadBackNewestFirstInPlainWordsAPageAtATime() {
        services.scriptEntries(
                new Answer(
                        200,
                        null,
                        "{\"entries\":[" + journal(uuid(), "2026-11-26T22:00:00+01:00") + ","
                                + checkIn(uuid(), "2026-11-26T21:14:00+01:00") + "],\"nextCursor\":\"page-2\"}"),
                new Answer(
                        200,
                        null,
                        "{\"entries\":[" + checkIn(uuid(), "2026-11-20T08:30:00+01:00") + "],\"nextCursor\":null}"),
                new Answer(
                        200,
                        null,
                        "{\"entries\":[" + journal(uuid(), "2026-11-26T22:00:00+01:00") + "],\"nextCursor\":null}"));
        signIn(userId);
        app.goTo("Entries");
        app.awaitScreen("entries");
        await("the first page")
                .atMost(Duration.ofSeconds(20))
                .until(() -> browser.findElements(By.cssSelector("#entries-list > li"))
                                .size()
                        == 2);

        List<WebElement> items = browser.findElements(By.cssSelector("#entries-list > li"));
        assertThat(items.get(0).findElement(By.tagName("h2")).getText()).isEqualTo("Journal");
        assertThat(items.get(0).getText())
                .contains("Thu, 26 Nov 2026, 22:00")
                .contains("A quiet evening.")
                .contains("The thought\nThey must be with someone else")
                .contains("Believed it at first\n80 of 100")
                .contains("Believe it now\n35 of 100");
        assertThat(items.get(1).findElement(By.tagName("h2")).getText()).isEqualTo("Check-in · My partner");
        assertThat(items.get(1).getText())
                .contains("Thu, 26 Nov 2026, 21:14")
                .contains("7 of 10")
                .contains("No reply, or a late one (it echoed the past)")
                .contains("Social media")
                .contains("Asked for reassurance, 3 times")
                .contains("Checked their phone or accounts")
                .contains("Questioned the worried thought")
                .contains("They were at the gym after all.");
        String screen = app.byId("screen-entries").getText();
        assertThat(screen).as("no enum names on screen").doesNotContainPattern("[A-Z]{2,}_[A-Z]{2,}");
        assertThat(services.seen.get(0).query()).contains("limit=20").doesNotContain("cursor");
        assertThat(services.seen.get(0).authorization()).startsWith("Bearer ");
        assertThat(Axe.seriousViolations(browser)).as("entries screen").isEmpty();
        Screenshots.both(browser, "entries");

        // Older entries: the next page, asked for with the cursor, focus on the first new one.
        app.byId("entries-more").click();
        await("the second page")
                .atMost(Duration.ofSeconds(20))
                .until(() -> browser.findElements(By.cssSelector("#entries-list > li"))
                                .size()
                        == 3);
        assertThat(services.seen.get(1).query()).contains("cursor=page-2");
        assertThat(app.byId("entries-more").isDisplayed()).isFalse();
        assertThat(app.text("entries-status-text")).isEqualTo("That is everything from the last 90 days.");
        assertThat(app.script("return document.activeElement.textContent")).isEqualTo("Check-in · My partner");

        // Only the journal.
        browser.findElement(By.cssSelector("label[for=entries-journal]")).click();
        await("journal only")
                .atMost(Duration.ofSeconds(20))
                .until(() -> browser.findElements(By.cssSelector("#entries-list > li"))
                                .size()
                        == 1);
        assertThat(services.seen.get(2).query()).contains("type=journal");
        assertThat(HeadlessChromium.consoleProblems(browser)).isEmpty();
    }

    @Test
    void downloadMyDataSavesTheExportAsTheFileTheServiceNamed() throws IOException {
        String document = "{\"format\":\"reflect-export/v1\",\"userId\":\"" + userId + "\",\"entries\":[]}";
        services.scriptExport(new Answer(503, "1", FakeServices.problem(503)), new Answer(200, null, document));
        Path downloads = Files.createDirectories(profile.resolve("downloads"));
        browser.executeCdpCommand(
                "Browser.setDownloadBehavior",
                Map.of(
                        "behavior",
                        "allow",
                        "downloadPath",
                        downloads.toAbsolutePath().toString()));
        signIn(userId);
        app.goTo("Entries");
        app.awaitScreen("entries");

        app.byId("export-download").click();
        await("told to wait")
                .atMost(Duration.ofSeconds(20))
                .until(() -> app.text("export-status").startsWith("Reflect is catching up."));
        app.byId("export-download").click();
        await("told it is downloaded")
                .atMost(Duration.ofSeconds(20))
                .until(() -> app.text("export-status")
                        .equals("Your data is downloaded as " + FakeServices.EXPORT_FILE + "."));
        Path file = downloads.resolve(FakeServices.EXPORT_FILE);
        await("the file saved")
                .atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(file) && Files.readString(file).equals(document));

        assertThat(services.seen)
                .filteredOn(seen -> seen.path().equals("/v1/me/export"))
                .hasSize(2)
                .allSatisfy(seen -> assertThat(seen.authorization()).startsWith("Bearer "));
        assertThat(Axe.seriousViolations(browser))
                .as("entries screen with the download")
                .isEmpty();
        // The scripted 503 and the empty entries' 404 are logged by the browser; nothing else may be
        // (no script error, no CSP refusal of the download).
        assertThat(HeadlessChromium.consoleProblems(browser))
                .filteredOn(problem -> !problem.contains("Failed to load resource"))
                .isEmpty();
    }

    @Test
    void aPersonWithoutEntriesIsToldCalmly() {
        signIn(userId);
        app.goTo("Entries");
        await("said calmly")
                .atMost(Duration.ofSeconds(20))
                .until(() -> app.text("entries-status-text").startsWith("Nothing here yet."));
        assertThat(Axe.seriousViolations(browser)).as("empty entries screen").isEmpty();
    }

    @Test
    void a429AndA503AreWaitedOutForAsLongAsRetryAfterSays() {
        services.scriptIngest(
                new Answer(503, "1", FakeServices.problem(503)), new Answer(429, "2", FakeServices.problem(429)));
        signIn(userId);
        app.choose("context-WORK");
        app.choose("distress-2");
        app.byId("check-in-save").click();
        assertThat(app.awaitStatus("check-in-status")).contains("saved on this device");

        await("sent in the end")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> app.outboxEventIds().isEmpty());
        List<FakeServices.Seen> writes = services.writes();
        assertThat(writes)
                .extracting(FakeServices.Seen::path)
                .containsExactly("/v1/check-ins", "/v1/check-ins/batch", "/v1/check-ins/batch");
        assertThat(writes)
                .extracting(seen -> seen.path().endsWith("batch")
                        ? seen.body().path("checkIns").get(0).path("eventId").asText()
                        : seen.body().path("eventId").asText())
                .as("one event, sent three times")
                .containsOnly(writes.get(0).body().path("eventId").asText());
        // The 503 was answered before the outbox sent at once; the 429 asked for 2 s before the next try.
        assertThat(Duration.ofNanos(writes.get(2).atNanos() - writes.get(1).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void a401AsksToSignInAgainAndKeepsWhatWaitsOnTheDevice() {
        services.scriptIngest(new Answer(401, null, FakeServices.problem(401)));
        signIn(userId);
        app.goTo("Journal");
        app.awaitScreen("journal");
        app.type("journal-text", "Kept safe while I sign in again.");
        app.byId("journal-save").click();

        app.awaitScreen("sign-in");
        assertThat(app.text("sign-in-reason")).startsWith("Please sign in again.");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.waiting() == 1);
        assertThat(app.text("connection")).contains("One entry is waiting to be sent.");
        assertThat(app.text("sign-in-queue")).contains("kept on this device");
        assertThat(app.script("return sessionStorage.getItem('reflect.token')")).isNull();
        List<String> waiting = app.outboxEventIds();
        assertThat(waiting).hasSize(1);
        assertThat(Axe.seriousViolations(browser))
                .as("sign-in screen, asked again")
                .isEmpty();

        // Signed in again (a new development token): the entry goes, with the eventId it was made with.
        app.type("token-input", DevTokens.mint(SECRET, userId, false));
        browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        await("sent after signing in again")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> app.outboxEventIds().isEmpty());
        FakeServices.Seen last = services.writes().get(services.writes().size() - 1);
        assertThat(last.path()).isEqualTo("/v1/journal-entries");
        assertThat(last.body().path("eventId").asText()).isEqualTo(waiting.get(0));
        assertThat(last.body().path("text").asText()).isEqualTo("Kept safe while I sign in again.");
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
