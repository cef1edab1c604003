package dev.reflect.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.service.http.SecurityHeaders;
import dev.reflect.streams.page.ProgressPage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /} and its assets, in-process: no token needed, the page's own CSP, nothing inline. */
class ProgressPageHttpTest {

    private static final byte[] SECRET = "progress-page-http-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    private QueryServer server;
    private QueryClient client;

    @BeforeEach
    void start() {
        server = new QueryServer(SECRET);
        client = new QueryClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thePageIsServedWithoutATokenUnderThePagePolicy() {
        HttpResponse<String> page = client.get("/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ProgressPage.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).contains("<html lang=\"en\">").containsPattern("<h1[ >]");
    }

    @Test
    void thePageHasNoInlineScriptStyleOrThirdPartyOrigin() {
        String html = client.get("/", null).body();

        // Every <script> has a src, nothing carries a style attribute or an inline handler.
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=\"assets/");
        }
        assertThat(count).isEqualTo(3);
        assertThat(html)
                .doesNotContainPattern("<style")
                .doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("http://")
                .doesNotContain("https://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"progress.js", "charts.js", "progress.css", "uPlot.iife.min.js", "uPlot.min.css"})
    void everyAssetThePageLoadsIsServedWithItsTypeAndTheApiPolicy(String name) {
        HttpResponse<String> asset = client.get(ProgressPage.ASSETS + name, null);

        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith(name.endsWith(".js") ? "text/javascript" : "text/css"));
        assertThat(asset.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(asset.headers().firstValue("Content-Security-Policy"))
                .hasValue(SecurityHeaders.API_CONTENT_SECURITY_POLICY);
        // Named relative to the page, so it also works where the web app shows it under /progress/.
        assertThat(client.get("/", null).body()).contains("\"" + ProgressPage.ASSETS.substring(1) + name + "\"");
    }

    @Test
    void anUnchangedAssetIsNotSentAgain() {
        HttpResponse<String> first = client.get(ProgressPage.ASSETS + "progress.js", null);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = client.get(ProgressPage.ASSETS + "progress.js", null, "If-None-Match", etag);

        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nothing.js", "..%2Findex.html", "index.html", "%2E%2E%2Fprogress.js"})
    void onlyTheNamedAssetsAreServed(String name) {
        HttpResponse<String> response = client.get(ProgressPage.ASSETS + name, null);

        assertThat(response.statusCode()).isIn(400, 404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
}
