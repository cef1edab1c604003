package dev.reflect.web.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * axe-core (Deque's engine, the script inside {@code com.deque.html.axe-core:selenium}, so the build
 * fetches it from Maven Central and no page loads it from anywhere) run on the page as it is, for
 * the rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
 */
public final class Axe {

    public static final List<String> WCAG_22_AA =
            List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa");

    private static final String SCRIPT = read();

    private Axe() {}

    /** The serious and critical violations on the page now, one line each: rule, impact, help, where. */
    public static List<String> seriousViolations(ChromeDriver browser) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        browser.executeScript(SCRIPT);
        Object answer = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                  .then((r) => done(JSON.stringify(r.violations)))
                  .catch((e) => done(JSON.stringify({error: String(e)})));
                """, WCAG_22_AA);
        JsonNode violations;
        try {
            violations = Json.mapper().readTree((String) answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!violations.isArray()) {
            throw new AssertionError("axe-core failed: " + violations);
        }
        List<String> serious = new ArrayList<>();
        for (JsonNode violation : violations) {
            String impact = violation.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> where = new ArrayList<>();
                violation
                        .path("nodes")
                        .forEach(node -> where.add(node.path("target").toString()));
                serious.add(violation.path("id").asText() + " (" + impact + "): "
                        + violation.path("help").asText() + " at " + where);
            }
        }
        return serious;
    }

    private static String read() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
