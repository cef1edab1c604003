package dev.reflect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.testkit.WithKafka;
import dev.reflect.web.browser.Axe;
import dev.reflect.web.browser.Screenshots;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Reading back, against the real services: what a person recorded in the app comes back from the
 * query service's {@code GET /v1/me/entries} (contract section 9) on the entries screen, newest
 * first, in plain words. Needs the streams app's per-person entries store.
 */
@WithKafka
class EntriesIT extends RealStack {

    @Test
    void whatWasRecordedIsReadBackNewestFirstInPlainWords() {
        app.open("");
        app.signInAtIssuer(userId);
        app.choose("context-FAMILY");
        app.choose("trigger-REMINDER_OF_PAST");
        app.choose("trigger-REMINDER_OF_PAST-past");
        app.choose("behavior-WITHDREW");
        app.choose("coping-SELF_CARE");
        app.choose("distress-5");
        app.type("check-in-note", "Sunday lunch.");
        app.byId("check-in-save").click();
        assertThat(app.awaitStatus("check-in-status")).startsWith("Your check-in is saved");

        app.goTo("Journal");
        app.awaitScreen("journal");
        app.type("journal-text", "Afterwards, on the walk home.");
        app.choose("journal-with-record");
        app.type("journal-thought", "Nobody listens to me");
        app.type("journal-belief-before", "70");
        app.type("journal-belief-after", "40");
        app.byId("journal-save").click();
        assertThat(app.awaitStatus("journal-status")).startsWith("Your journal entry is saved");

        app.goTo("Entries");
        app.awaitScreen("entries");
        List<WebElement> items = await("both entries read back")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(
                        () -> {
                            List<WebElement> shown = browser.findElements(By.cssSelector("#entries-list > li"));
                            if (shown.size() < 2) {
                                browser.findElement(By.cssSelector("label[for=entries-checkin]"))
                                        .click();
                                browser.findElement(By.cssSelector("label[for=entries-all]"))
                                        .click();
                            }
                            return shown;
                        },
                        shown -> shown.size() == 2);

        assertThat(items.get(0).findElement(By.tagName("h2")).getText()).isEqualTo("Journal");
        assertThat(items.get(0).getText())
                .contains("Afterwards, on the walk home.")
                .contains("Nobody listens to me")
                .contains("70 of 100")
                .contains("40 of 100");
        assertThat(items.get(1).findElement(By.tagName("h2")).getText()).isEqualTo("Check-in · Family");
        assertThat(items.get(1).getText())
                .contains("5 of 10")
                .contains("A reminder of the past (it echoed the past)")
                .contains("Pulled away")
                .contains("Looked after myself")
                .contains("Sunday lunch.");
        assertThat(app.byId("screen-entries").getText()).doesNotContainPattern("[A-Z]{2,}_[A-Z]{2,}");
        assertThat(Axe.seriousViolations(browser)).as("entries screen").isEmpty();
        Screenshots.both(browser, "entries-read-back");

        browser.findElement(By.cssSelector("label[for=entries-checkin]")).click();
        await("check-ins only")
                .atMost(Duration.ofSeconds(20))
                .until(() -> browser.findElements(By.cssSelector("#entries-list > li"))
                                        .size()
                                == 1
                        && browser.findElement(By.cssSelector("#entries-list h2"))
                                .getText()
                                .startsWith("Check-in"));
    }
}
