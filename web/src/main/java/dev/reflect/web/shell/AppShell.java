package dev.reflect.web.shell;

import dev.reflect.service.http.NotFoundException;
import dev.reflect.service.http.StaticAsset;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The app's own files: the page at {@code /}, its scripts, styles and icons under {@value #ASSETS},
 * the web app manifest and the service worker. Read from the classpath once at startup (a missing
 * one fails the start, not a visit) and served from memory.
 *
 * <p>The list of files is kept here once: the service worker gets it at serving time, with a
 * version made from every file's content, so it stores exactly what a page of this deployment
 * loads, and a new deployment replaces all of it at once.
 */
public final class AppShell {

    public static final String ASSETS = "/app/";
    public static final String MANIFEST = "/manifest.webmanifest";
    public static final String SERVICE_WORKER = "/sw.js";

    /**
     * The page's policy: only its own scripts, styles, data and worker; no inline code, no
     * third-party origin. Sign-in leaves the page for the issuer by navigation, which no fetch
     * directive governs, and its token exchange goes through this server ({@code connect-src 'self'}).
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; manifest-src 'self'; worker-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** The worker's own policy: it fetches from this origin only and runs no other script. */
    public static final String SERVICE_WORKER_POLICY =
            "default-src 'none'; connect-src 'self'; script-src 'self'; frame-ancestors 'none'";

    private static final String RESOURCES = "/dev/reflect/web/app/";

    /** Every file under {@value #ASSETS}. */
    static final List<String> FILES = List.of(
            "app.css",
            "app.js",
            "api.js",
            "auth.js",
            "outbox.js",
            "words.js",
            "when.js",
            "form.js",
            "check-in.js",
            "journal.js",
            "measure.js",
            "data.js",
            "entries.js",
            "download.js",
            "icon.svg",
            "icon-192.png",
            "icon-512.png",
            "icon-maskable-512.png");

    /** What the service worker keeps for a visit without a connection: the page at {@code /} and every file above. */
    public static List<String> shellUrls() {
        List<String> urls = new ArrayList<>();
        urls.add("/");
        urls.add(MANIFEST);
        FILES.forEach(file -> urls.add(ASSETS + file));
        return List.copyOf(urls);
    }

    private final StaticAsset index;
    private final StaticAsset manifest;
    private final StaticAsset serviceWorker;
    private final Map<String, StaticAsset> assets;

    private AppShell(
            StaticAsset index, StaticAsset manifest, StaticAsset serviceWorker, Map<String, StaticAsset> assets) {
        this.index = index;
        this.manifest = manifest;
        this.serviceWorker = serviceWorker;
        this.assets = Map.copyOf(assets);
    }

    public static AppShell fromClasspath() {
        StaticAsset index = load("index.html");
        StaticAsset manifest = load("manifest.webmanifest");
        Map<String, StaticAsset> assets = new LinkedHashMap<>();
        FILES.forEach(file -> assets.put(file, load(file)));
        String version = version(index, manifest, assets);
        String shell = shellUrls().stream().map(url -> "\"" + url + "\"").collect(Collectors.joining(", ", "[", "]"));
        String worker = new String(load("sw.js").bytes(), StandardCharsets.UTF_8)
                .replace("\"__REFLECT_VERSION__\"", "\"" + version + "\"")
                .replace("[/* __REFLECT_SHELL__ */]", shell);
        return new AppShell(
                index, manifest, StaticAsset.of(worker.getBytes(StandardCharsets.UTF_8), contentType("sw.js")), assets);
    }

    /** {@code GET /}. */
    public void index(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        index.serve(ctx);
    }

    /** {@code GET /app/{name}}: only the files of {@link #FILES}. */
    public void asset(Context ctx) {
        StaticAsset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            throw new NotFoundException("No such resource.");
        }
        asset.serve(ctx);
    }

    /** {@code GET /manifest.webmanifest}. */
    public void manifest(Context ctx) {
        manifest.serve(ctx);
    }

    /** {@code GET /sw.js}: at the root, so its scope is the whole app. */
    public void serviceWorker(Context ctx) {
        ctx.header("Content-Security-Policy", SERVICE_WORKER_POLICY);
        serviceWorker.serve(ctx);
    }

    private static String version(StaticAsset index, StaticAsset manifest, Map<String, StaticAsset> assets) {
        StringBuilder all = new StringBuilder(index.etag()).append(manifest.etag());
        assets.values().forEach(asset -> all.append(asset.etag()));
        return StaticAsset.sha256(all.toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
    }

    private static StaticAsset load(String file) {
        return StaticAsset.load(RESOURCES + file, contentType(file));
    }

    private static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "webmanifest" -> "application/manifest+json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            default -> throw new IllegalStateException("no content type for " + name);
        };
    }
}
