package dev.reflect.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The app as a person uses it, in a real browser: what they click, type and read. */
public final class AppPage {

    private static final Duration SCREEN = Duration.ofSeconds(20);

    private final ChromeDriver browser;
    private final String baseUrl;

    public AppPage(ChromeDriver browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    public ChromeDriver browser() {
        return browser;
    }

    public String url(String path) {
        return baseUrl + path;
    }

    public AppPage open(String fragment) {
        browser.get(baseUrl + "/" + fragment);
        awaitReady();
        return this;
    }

    public void awaitReady() {
        await("the app started")
                .atMost(SCREEN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "true".equals(script("return document.body.dataset.ready || ''")));
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    public WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    public String text(String id) {
        return byId(id).getText();
    }

    /** The screen shown, by its section id ("check-in", "sign-in", ...). */
    public String screen() {
        return (String) script("const s = Array.from(document.querySelectorAll('main > section.screen'))"
                + ".find(e => !e.hidden); return s ? s.id.replace('screen-', '') : ''");
    }

    public void awaitScreen(String name) {
        await("the " + name + " screen")
                .atMost(SCREEN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> name.equals(screen()));
    }

    /** Signs in at the mock issuer's own page as {@code userId}: the issuer makes a token whose subject it is. */
    public void signInAtIssuer(String userId) {
        awaitScreen("sign-in");
        await("the sign-in button")
                .atMost(SCREEN)
                .until(() -> byId("sign-in-button").isDisplayed());
        byId("sign-in-button").click();
        WebElement username = await("the issuer's sign-in page")
                .atMost(SCREEN)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> browser.findElement(By.name("username")), element -> element != null);
        username.sendKeys(userId);
        browser.findElement(By.cssSelector("input[type=submit]")).click();
        awaitSignedIn();
    }

    public void awaitSignedIn() {
        await("back in the app, signed in")
                .atMost(SCREEN)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> browser.getCurrentUrl().startsWith(baseUrl)
                        && "true".equals(script("return document.body.dataset.ready || ''"))
                        && "check-in".equals(screen()));
    }

    public void choose(String inputId) {
        WebElement input = byId(inputId);
        browser.findElement(By.cssSelector("label[for='" + inputId + "']")).click();
        assertThat(input.isSelected()).as(inputId + " chosen").isTrue();
    }

    public void type(String id, String text) {
        WebElement field = byId(id);
        field.clear();
        field.sendKeys(text);
    }

    /** What the form's status line says once it says anything. */
    public String awaitStatus(String statusId) {
        return await("the form's answer")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> text(statusId), text -> !text.isBlank());
    }

    /** How many entries wait on this device, as the page says. */
    public int waiting() {
        String count = (String) script("return document.getElementById('connection').dataset.waiting || '0'");
        return Integer.parseInt(count);
    }

    /** The eventIds of the entries waiting in the device's outbox (IndexedDB), read as the app stored them. */
    @SuppressWarnings("unchecked")
    public List<String> outboxEventIds() {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return (List<String>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const open = indexedDB.open('reflect');
                open.onsuccess = () => {
                  const all = open.result.transaction('outbox').objectStore('outbox').getAllKeys();
                  all.onsuccess = () => { done(all.result); open.result.close(); };
                };
                open.onerror = () => done([]);
                """);
    }

    public void goTo(String linkText) {
        browser.findElement(By.linkText(linkText)).click();
    }
}
