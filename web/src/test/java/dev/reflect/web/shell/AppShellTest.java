package dev.reflect.web.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import dev.reflect.web.WebApp;
import dev.reflect.web.WebConfig;
import dev.reflect.web.signin.SignInSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The app's own files: served with their types and policies, nothing inline, nothing from elsewhere. */
class AppShellTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private WebApp web;

    @BeforeEach
    void start() {
        URI nowhere = URI.create("http://127.0.0.1:1");
        web = WebApp.create(new WebConfig("127.0.0.1", 0, nowhere, nowhere, SignInSettings.development()))
                .start();
    }

    @AfterEach
    void stop() {
        web.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageHasAStrictPolicyAndNoInlineCodeOrForeignOrigin() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(AppShell.CONTENT_SECURITY_POLICY);
        assertThat(AppShell.CONTENT_SECURITY_POLICY)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe", "http:", "https:", "*");
        String html = page.body();
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
        while (scripts.find()) {
            assertThat(scripts.group(1)).contains("src=\"/app/");
        }
        assertThat(html)
                .doesNotContainPattern("<style")
                .doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=");
        // The only other origins named are the help page's links to helplines, which a person follows.
        Matcher urls = Pattern.compile("(src|href)=\"(https?:[^\"]+)\"").matcher(html);
        while (urls.find()) {
            assertThat(urls.group(1)).as(urls.group(2)).isEqualTo("href");
        }
    }

    @Test
    void everyFileThePageAndTheManifestNameIsServedWithItsType() throws Exception {
        String html = get("/").body();
        List<String> named = new ArrayList<>();
        Matcher local =
                Pattern.compile("(?:src|href)=\"(/(?:app/|manifest)[^\"]*)\"").matcher(html);
        while (local.find()) {
            named.add(local.group(1));
        }
        JsonNode manifest = Json.mapper().readTree(get(AppShell.MANIFEST).body());
        manifest.path("icons").forEach(icon -> named.add(icon.path("src").asText()));
        assertThat(manifest.path("start_url").asText()).startsWith("/");
        assertThat(manifest.path("display").asText()).isEqualTo("standalone");

        assertThat(named).contains("/app/app.js", "/app/app.css", AppShell.MANIFEST, "/app/icon-512.png");
        for (String path : named) {
            HttpResponse<String> file = get(path);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).as(path).isPresent();
            assertThat(file.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
        }
        assertThat(get("/app/../../logback-web.xml").statusCode()).isIn(400, 404);
        assertThat(get("/app/not-a-file.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theServiceWorkerKeepsExactlyTheAppsFilesUnderOneVersion() throws Exception {
        HttpResponse<String> worker = get(AppShell.SERVICE_WORKER);

        assertThat(worker.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(worker.headers().firstValue("Content-Security-Policy")).hasValue(AppShell.SERVICE_WORKER_POLICY);
        assertThat(worker.body())
                .doesNotContain("__REFLECT_VERSION__")
                .doesNotContain("__REFLECT_SHELL__")
                .containsPattern("const VERSION = \"[0-9a-f]{16}\";");
        for (String url : AppShell.shellUrls()) {
            assertThat(worker.body()).contains("\"" + url + "\"");
            assertThat(get(url).statusCode()).as(url).isEqualTo(200);
        }
        String etag = get("/app/app.js").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/app/app.js"))
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }
}
