package dev.reflect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Instrument;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Measure;
import dev.reflect.events.SharingChange;
import dev.reflect.events.Topics;
import dev.reflect.events.TriggerCategory;
import dev.reflect.testkit.TestRecords;
import dev.reflect.testkit.WithKafka;
import dev.reflect.testkit.browser.HeadlessChromium;
import dev.reflect.web.browser.AppPage;
import dev.reflect.web.browser.Axe;
import dev.reflect.web.browser.LostAnswerRelay;
import dev.reflect.web.browser.ReflectStack;
import dev.reflect.web.browser.Screenshots;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web app in real headless Chromium against the real services on the in-JVM broker, signed
 * in through a real OpenID Connect issuer: what a person does, and what reaches Kafka and their
 * figures. None of these tests needs the entries endpoint; {@link EntriesIT} does.
 */
@WithKafka
class WebAppIT extends RealStack {

    @Test
    void aPersonSignsInRecordsACheckInAndAThoughtRecordAndSeesThemInTheirFigures() {
        app.open("");
        app.awaitScreen("sign-in");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.byId("sign-in-button").isDisplayed());
        assertThat(Axe.seriousViolations(browser)).as("sign-in screen").isEmpty();
        Screenshots.both(browser, "sign-in");

        app.signInAtIssuer(userId);
        // What the issuer's own sign-in page logged (it asks a font service for its fonts) is not this app's.
        HeadlessChromium.consoleProblems(browser);

        // Signed in: nothing of the sign-in is left in the address, the token is in this tab only.
        assertThat(browser.getCurrentUrl())
                .doesNotContain("code=")
                .doesNotContain("state=")
                .doesNotContain("token");
        assertThat(app.script("return sessionStorage.getItem('reflect.token')")).isNotNull();
        assertThat(((Number) app.script("return localStorage.length")).intValue())
                .isZero();
        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(Axe.seriousViolations(browser)).as("check-in screen").isEmpty();

        // A check-in: a late reply that echoed the past, three asks for reassurance, a device check.
        app.choose("context-ROMANTIC");
        app.choose("trigger-PARTNER_UNRESPONSIVE");
        app.choose("trigger-PARTNER_UNRESPONSIVE-past");
        app.choose("behavior-SOUGHT_REASSURANCE");
        app.type("behavior-SOUGHT_REASSURANCE-count", "3");
        app.choose("behavior-CHECKED_DEVICE");
        app.choose("coping-CHALLENGED_THOUGHT");
        app.choose("distress-7");
        app.type("check-in-note", "They were at the gym after all.");
        Screenshots.both(browser, "check-in");
        app.byId("check-in-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();
        assertThat(app.awaitStatus("check-in-status")).startsWith("Your check-in is saved");

        CheckIn checkIn = TestRecords.consumeMatching(
                        stack.bootstrapServers(),
                        Topics.CHECKINS,
                        record -> userId.equals(record.key()),
                        1,
                        Duration.ofSeconds(30))
                .get(0)
                .value();
        assertThat(checkIn.distress()).isEqualTo(7);
        assertThat(checkIn.triggers()).singleElement().satisfies(trigger -> {
            assertThat(trigger.category()).isEqualTo(TriggerCategory.PARTNER_UNRESPONSIVE);
            assertThat(trigger.tiedToPast()).isTrue();
        });
        assertThat(checkIn.behaviors())
                .extracting(b -> b.type() + "x" + b.count())
                .containsExactlyInAnyOrder("SOUGHT_REASSURANCE" + "x3", BehaviorType.CHECKED_DEVICE + "x1");
        // The note travels sealed under the person's data key (contract section 9), never in clear.
        assertThat(checkIn.note()).isNull();
        assertThat(checkIn.sealed()).containsOnlyKeys("note");
        assertThat(checkIn.occurredAt().getOffset()).isNotNull();

        // A journal entry with a thought record.
        app.goTo("Journal");
        app.awaitScreen("journal");
        app.type("journal-text", "A quiet evening; the old worry came back when the message went unanswered.");
        app.choose("journal-with-record");
        app.type("journal-thought", "They didn't answer, so they must be with someone else");
        app.type("journal-belief-before", "80");
        app.type("journal-evidence-for", "They usually answer quickly.");
        app.type("journal-evidence-against", "Their phone was charging; they told me about the gym.");
        app.type("journal-balanced", "A late reply is usually just a busy evening.");
        app.type("journal-belief-after", "35");
        assertThat(Axe.seriousViolations(browser))
                .as("journal screen with a thought record")
                .isEmpty();
        Screenshots.both(browser, "journal");
        app.byId("journal-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();
        assertThat(app.awaitStatus("journal-status")).startsWith("Your journal entry is saved");

        JournalEntry journal = TestRecords.consumeMatching(
                        stack.bootstrapServers(),
                        Topics.JOURNAL,
                        record -> userId.equals(record.key()),
                        1,
                        Duration.ofSeconds(30))
                .get(0)
                .value();
        assertThat(journal.thoughtRecord().beliefBefore()).isEqualTo(80);
        assertThat(journal.thoughtRecord().beliefAfter()).isEqualTo(35);
        assertThat(journal.text()).isNull();
        assertThat(journal.sealed()).containsKey("text");

        // Progress, at the same address: the figures count both.
        app.goTo("Progress");
        awaitFigure("fig-checkins", "1");
        assertThat(figure("fig-reassurance")).isEqualTo("3");
        assertThat(figure("fig-device")).isEqualTo("1");
        assertThat(figure("fig-belief")).isEqualTo("45");
        assertThat(browser.findElement(By.cssSelector("#fig-belief .note")).getText())
                .isEqualTo("eased after reflecting");
        assertThat(browser.findElement(By.id("app-nav")).isDisplayed()).isTrue();
        assertThat(Axe.seriousViolations(browser)).as("progress page").isEmpty();
        Screenshots.both(browser, "progress");

        // Back to the app, and the help screen every screen links to.
        browser.findElement(By.linkText("Need support now?")).click();
        app.awaitReady();
        app.awaitScreen("help");
        assertThat(app.text("help-title")).isEqualTo("Support, whenever you need it");
        assertThat(Axe.seriousViolations(browser)).as("help screen").isEmpty();
        Screenshots.both(browser, "help");

        assertThat(HeadlessChromium.consoleProblems(browser))
                .as("console errors, CSP violations, failed loads")
                .isEmpty();
    }

    @Test
    void entriesMadeOfflineSurviveAReloadAndReachKafkaOnceEachWhenTheConnectionReturns() {
        app.open("");
        app.signInAtIssuer(userId);
        // The service worker has the app's files before the connection goes.
        await("the service worker in control")
                .atMost(Duration.ofSeconds(20))
                .until(() -> Boolean.TRUE.equals(app.script("return !!navigator.serviceWorker.controller")));

        HeadlessChromium.offline(browser, true);
        await("the page knows it is offline")
                .atMost(Duration.ofSeconds(10))
                .until(() -> app.text("connection").startsWith("You are offline"));
        recordCheckIn("context-FAMILY", "distress-4", "behavior-SOUGHT_REASSURANCE");
        assertThat(app.awaitStatus("check-in-status")).contains("saved on this device");
        recordCheckIn("context-WORK", "distress-2", null);
        app.goTo("Journal");
        app.awaitScreen("journal");
        app.type("journal-text", "Written on the train, without a connection.");
        app.byId("journal-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();
        assertThat(app.awaitStatus("journal-status")).contains("saved on this device");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.waiting() == 3);
        assertThat(Axe.seriousViolations(browser)).as("journal screen, offline").isEmpty();
        Screenshots.both(browser, "offline");

        // The page is closed and opened again, still without a connection: the app and the three are there.
        browser.navigate().refresh();
        app.awaitReady();
        await().atMost(Duration.ofSeconds(10)).until(() -> app.waiting() == 3);
        List<String> eventIds = app.outboxEventIds();
        assertThat(eventIds).hasSize(3).doesNotHaveDuplicates();

        HeadlessChromium.offline(browser, false);
        await("all three sent")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> app.waiting() == 0 && app.outboxEventIds().isEmpty());

        List<ConsumerRecord<String, CheckIn>> checkIns = TestRecords.consumeMatching(
                stack.bootstrapServers(),
                Topics.CHECKINS,
                record -> userId.equals(record.key()),
                2,
                Duration.ofSeconds(30));
        List<ConsumerRecord<String, JournalEntry>> journal = TestRecords.consumeMatching(
                stack.bootstrapServers(),
                Topics.JOURNAL,
                record -> userId.equals(record.key()),
                1,
                Duration.ofSeconds(30));
        Map<String, Long> onKafka = java.util.stream.Stream.concat(
                        checkIns.stream().map(r -> r.value().eventId().toString()),
                        journal.stream().map(r -> r.value().eventId().toString()))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(onKafka)
                .as("each entry reached Kafka once")
                .containsOnlyKeys(eventIds)
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));

        app.goTo("Progress");
        awaitFigure("fig-checkins", "2");
        assertThat(figure("fig-reassurance")).isEqualTo("1");
    }

    @Test
    void aProblemTheServerFindsIsShownNextToItsField() {
        app.open("");
        app.signInAtIssuer(userId);
        app.choose("context-FRIENDSHIP");
        app.choose("distress-3");
        browser.findElement(By.cssSelector("#check-in-when-details summary")).click();
        // 100 days ago: the contract takes entries up to 90 days old, and only the server says so.
        // The browser reads the field in the machine's zone, so that zone it is.
        String longAgo = LocalDateTime.now(ZoneId.systemDefault())
                .minusDays(100)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        app.script("document.getElementById('check-in-when').value = arguments[0]", longAgo);
        app.byId("check-in-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();

        String error = await("the server's answer next to the field")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(
                        () -> browser.findElement(By.cssSelector("#check-in-when-details .error"))
                                .getText(),
                        text -> !text.isBlank());
        assertThat(error).contains("When it happened: must not be more than 90 days in the past.");
        assertThat(app.byId("check-in-when").getAttribute("aria-invalid")).isEqualTo("true");
        String describedBy = app.byId("check-in-when").getAttribute("aria-describedby");
        String errorId = browser.findElement(By.cssSelector("#check-in-when-details .error"))
                .getAttribute("id");
        assertThat(describedBy).contains(errorId);
        assertThat(browser.findElement(By.cssSelector("#check-in-form .form-errors"))
                        .getText())
                .contains("One thing needs another look");
        assertThat(app.byId("context-FRIENDSHIP").isSelected())
                .as("the form keeps what was chosen")
                .isTrue();
        assertThat(Axe.seriousViolations(browser))
                .as("check-in screen with a problem")
                .isEmpty();
        Screenshots.both(browser, "check-in-problem");
        assertThat(app.waiting())
                .as("a refused entry does not wait to be sent again")
                .isZero();
    }

    @Test
    void aPersonAnswersTheGad7QuestionByQuestionAndSeesTheirScoreOnTheirProgress() {
        app.open("");
        app.signInAtIssuer(userId);
        // What the issuer's own sign-in page logged (it asks a font service for its fonts) is not this app's.
        HeadlessChromium.consoleProblems(browser);
        recordCheckIn("context-ROMANTIC", "distress-4", null);
        assertThat(app.awaitStatus("check-in-status")).startsWith("Your check-in is saved");

        app.goTo("Anxiety check");
        app.awaitScreen("measure");
        assertThat(app.text("measure-question"))
                .isEqualTo("Over the last 2 weeks, how often have you been bothered by the following problems?");
        assertThat(app.text("measure-citation")).contains("Spitzer", "2006", "Public domain");
        // Answers 2, 1, 2, (none), 1, 0, 3: the fourth question is left open at first.
        int[] answers = {2, 1, 2, 1, 1, 0, 3};
        for (int item = 0; item < answers.length; item++) {
            if (item != 3) {
                app.choose("gad7-" + item + "-" + answers[item]);
            }
        }
        app.byId("measure-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();

        assertThat(browser.findElement(By.cssSelector("#gad7-item-3 .error")).getText())
                .contains("Choose an answer for “Trouble relaxing”.");
        assertThat(browser.findElements(By.cssSelector("#measure-form .error")))
                .as("only the open question is named")
                .hasSize(1);
        assertThat(Axe.seriousViolations(browser))
                .as("anxiety check with a problem")
                .isEmpty();
        Screenshots.both(browser, "measure-problem");

        app.choose("gad7-3-1");
        app.byId("measure-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();
        assertThat(app.awaitStatus("measure-status")).startsWith("Your anxiety check is saved");

        Measure measure = TestRecords.consumeMatching(
                        stack.bootstrapServers(),
                        Topics.MEASURES,
                        record -> userId.equals(record.key()),
                        1,
                        Duration.ofSeconds(30))
                .get(0)
                .value();
        assertThat(measure.instrument()).isEqualTo(Instrument.GAD7);
        assertThat(measure.items()).containsExactly(2, 1, 2, 1, 1, 0, 3);

        app.goTo("Progress");
        String summary = await("the GAD-7 card on the progress page")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(
                        () -> {
                            if (!browser.findElement(By.id("gad7-card")).isDisplayed()) {
                                browser.navigate().refresh();
                                return "";
                            }
                            return browser.findElement(By.id("gad7-summary")).getText();
                        },
                        text -> !text.isBlank());
        assertThat(summary).contains("latest score was 10", "moderate range");
        assertThat(HeadlessChromium.consoleProblems(browser))
                .as("console errors, CSP violations, failed loads")
                .isEmpty();
    }

    @Test
    void aPersonSharesWithTheirTherapistStopsAndThenDeletesEverything() {
        app.open("");
        app.signInAtIssuer(userId);
        // What the issuer's own sign-in page logged (it asks a font service for its fonts) is not this app's.
        HeadlessChromium.consoleProblems(browser);
        recordCheckIn("context-FAMILY", "distress-5", null);
        assertThat(app.awaitStatus("check-in-status")).startsWith("Your check-in is saved");
        String token = (String) app.script("return sessionStorage.getItem('reflect.token')");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.IntSupplier progress = () -> {
            try {
                return http.send(
                                java.net.http.HttpRequest.newBuilder(URI.create(stack.webUrl() + "/v1/me/progress"))
                                        .header("Authorization", "Bearer " + token)
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        await("the check-in counted").atMost(Duration.ofSeconds(60)).until(() -> progress.getAsInt() == 200);

        app.goTo("Entries");
        app.awaitScreen("entries");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> app.text("sharing-now").contains("nobody"));
        app.type("sharing-clinician", "c-therapist-7");
        app.byId("sharing-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();
        assertThat(app.awaitStatus("sharing-status")).isEqualTo("You now share your reflections with c-therapist-7.");
        await("the grant listed")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("#sharing-list li[data-clinician='c-therapist-7']"))
                        .getText()
                        .startsWith("c-therapist-7 (since "));
        assertThat(Axe.seriousViolations(browser))
                .as("your data, sharing with someone")
                .isEmpty();
        Screenshots.both(browser, "your-data");

        // Your own id is refused by the server, and said next to the field.
        app.type("sharing-clinician", userId);
        app.byId("sharing-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("#sharing-form .error"))
                        .getText()
                        .contains("Their Reflect id: must be someone else's id"));

        app.script("document.getElementById('sharing-status').textContent = ''");
        browser.findElement(By.cssSelector("#sharing-list li[data-clinician='c-therapist-7'] button"))
                .click();
        assertThat(app.awaitStatus("sharing-status")).startsWith("You no longer share with c-therapist-7.");
        List<SharingChange.Action> actions = TestRecords.consumeMatching(
                        stack.bootstrapServers(),
                        Topics.SHARING,
                        record -> userId.equals(record.key()),
                        2,
                        Duration.ofSeconds(30))
                .stream()
                .map(record -> record.value().action())
                .toList();
        assertThat(actions).containsExactly(SharingChange.Action.GRANT, SharingChange.Action.REVOKE);

        // Deleting asks for the confirmation first.
        app.byId("erase-button").click();
        assertThat(app.awaitStatus("erase-status")).startsWith("Tick the box first");
        assertThat(progress.getAsInt()).as("nothing deleted without it").isEqualTo(200);
        app.choose("erase-confirm");
        app.byId("erase-button").click();
        app.awaitScreen("sign-in");
        assertThat(app.text("sign-in-reason")).startsWith("Everything Reflect kept about you is being deleted");
        assertThat(app.script("return sessionStorage.getItem('reflect.token')")).isNull();
        await("gone within the minute")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> progress.getAsInt() == 404);
        assertThat(HeadlessChromium.consoleProblems(browser))
                // The 400 this test asked for (sharing with oneself) and the 404s it polled for are answers, not
                // faults.
                .filteredOn(message ->
                        !message.contains("/v1/me/progress") && !message.contains("/v1/me/sharing/" + userId))
                .as("console errors, CSP violations, failed loads")
                .isEmpty();
    }

    @Test
    void aCheckInWhoseAnswerWasLostIsSentAgainAndCountedOnce() throws Exception {
        try (LostAnswerRelay relay = new LostAnswerRelay(URI.create("http://127.0.0.1:" + stack.ingest.port()), 1);
                WebApp web = WebApp.create(ReflectStack.webConfig(stack.issuer, relay.port(), stack.streams.port()))
                        .start()) {
            app = new AppPage(browser, "http://127.0.0.1:" + web.port());
            app.open("");
            app.signInAtIssuer(userId);
            recordCheckIn("context-ROMANTIC", "distress-6", "behavior-SOUGHT_REASSURANCE");
            // The service took it, the answer never came: the app keeps it and says so.
            assertThat(app.awaitStatus("check-in-status")).contains("saved on this device");
            assertThat(relay.dropped()).isEqualTo(1);

            // It sends it again by itself, with the same eventId, and this time hears back.
            await("sent again")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> app.outboxEventIds().isEmpty());
            List<ConsumerRecord<String, CheckIn>> onKafka = TestRecords.consumeMatching(
                    stack.bootstrapServers(),
                    Topics.CHECKINS,
                    record -> userId.equals(record.key()),
                    2,
                    Duration.ofSeconds(30));
            assertThat(onKafka)
                    .as("written twice, once per send, as one event")
                    .hasSize(2)
                    .extracting(record -> record.value().eventId())
                    .containsOnly(onKafka.get(0).value().eventId());

            // ... and counted once.
            app.goTo("Progress");
            awaitFigure("fig-checkins", "1");
            assertThat(figure("fig-reassurance")).isEqualTo("1");
        }
    }

    @Test
    void aCheckInAndAJournalEntryByKeyboardAlone() {
        app.open("");
        app.awaitScreen("sign-in");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.byId("sign-in-button").isDisplayed());
        tabTo("sign-in-button");
        press(Keys.ENTER);
        WebElement username = await("the issuer's sign-in page")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> browser.findElement(By.name("username")), element -> element != null);
        username.sendKeys(userId, Keys.ENTER);
        app.awaitSignedIn();

        // Who, what set it off (and that it echoed the past), what they did, distress 6, saved.
        tabTo("context-ROMANTIC");
        assertFocusVisible("context-ROMANTIC");
        press(Keys.SPACE);
        tabTo("trigger-PLANS_CHANGED");
        press(Keys.SPACE);
        tabTo("trigger-PLANS_CHANGED-past");
        press(Keys.SPACE);
        tabTo("behavior-SOUGHT_REASSURANCE");
        press(Keys.SPACE);
        tabTo("behavior-SOUGHT_REASSURANCE-count");
        press(Keys.chord(Keys.CONTROL, "a"), "2");
        tabTo("distress-0");
        for (int i = 0; i < 6; i++) {
            press(Keys.ARROW_RIGHT);
        }
        assertThat(app.byId("distress-6").isSelected()).isTrue();
        assertFocusVisible("distress-6");
        tabTo("check-in-save");
        assertFocusVisible("check-in-save");
        press(Keys.ENTER);
        assertThat(app.awaitStatus("check-in-status")).startsWith("Your check-in is saved");

        // To the journal through the navigation; focus lands on the new screen's heading.
        tabToSelector("#nav a[data-screen=journal]");
        press(Keys.ENTER);
        app.awaitScreen("journal");
        assertThat(app.script("return document.activeElement.id")).isEqualTo("journal-title");
        tabTo("journal-text");
        press("Typed without a mouse.");
        tabTo("journal-with-record");
        press(Keys.SPACE);
        tabTo("journal-thought");
        press("They are pulling away");
        tabTo("journal-belief-before");
        press("70");
        tabTo("journal-belief-after");
        press("40");
        tabTo("journal-save");
        press(Keys.ENTER);
        assertThat(app.awaitStatus("journal-status")).startsWith("Your journal entry is saved");

        CheckIn checkIn = TestRecords.consumeMatching(
                        stack.bootstrapServers(),
                        Topics.CHECKINS,
                        record -> userId.equals(record.key()),
                        1,
                        Duration.ofSeconds(30))
                .get(0)
                .value();
        assertThat(checkIn.distress()).isEqualTo(6);
        assertThat(checkIn.triggers())
                .singleElement()
                .satisfies(trigger -> assertThat(trigger.tiedToPast()).isTrue());
        assertThat(checkIn.behaviors())
                .singleElement()
                .satisfies(b -> assertThat(b.count()).isEqualTo(2));

        // The skip link is the first stop of the page.
        app.script("document.activeElement.blur(); window.scrollTo(0, 0)");
        browser.navigate().refresh();
        app.awaitReady();
        press(Keys.TAB);
        assertThat(app.script("return document.activeElement.className")).isEqualTo("skip-link");
    }

    private void press(CharSequence... keys) {
        new Actions(browser).sendKeys(keys).perform();
    }

    private void tabTo(String id) {
        tabToSelector("#" + id);
    }

    /** Presses Tab until the element is focused; fails if 80 presses do not get there. */
    private void tabToSelector(String selector) {
        for (int i = 0; i < 80; i++) {
            if (Boolean.TRUE.equals(app.script("return document.activeElement.matches(arguments[0])", selector))) {
                return;
            }
            press(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    /** The focused control, or the chip label that stands for it, shows a focus outline. */
    private void assertFocusVisible(String id) {
        String outline = (String) app.script(
                "const e = document.getElementById(arguments[0]);"
                        + "const shown = e.labels && e.labels.length && getComputedStyle(e).opacity === '0' ? e.labels[0] : e;"
                        + "return getComputedStyle(shown).outlineStyle + ' ' + getComputedStyle(shown).outlineWidth;",
                id);
        assertThat(outline)
                .as("focus outline of " + id)
                .doesNotStartWith("none")
                .doesNotEndWith(" 0px");
    }

    private void recordCheckIn(String context, String distress, String behavior) {
        app.goTo("Check in");
        app.awaitScreen("check-in");
        app.choose(context);
        app.choose(distress);
        if (behavior != null) {
            app.choose(behavior);
        }
        app.script("document.getElementById('check-in-status').textContent = ''");
        app.byId("check-in-form")
                .findElement(By.cssSelector("button[type=submit]"))
                .click();
    }

    private String figure(String id) {
        return browser.findElement(By.cssSelector("#" + id + " .num")).getText();
    }

    private void awaitFigure(String id, String value) {
        await(id + " = " + value)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> {
                    if (!value.equals(figure(id))) {
                        browser.navigate().refresh();
                        return false;
                    }
                    return true;
                });
    }
}
