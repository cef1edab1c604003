package dev.reflect.streams.page;

import dev.reflect.service.http.NotFoundException;
import dev.reflect.service.http.StaticAsset;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The progress page of {@code GET /}: one HTML document and the few files it loads, read from the
 * classpath once at startup and served from memory. The page is static and needs no token; it
 * fetches the person's data from the query API with the token they give it.
 *
 * <p>Only the files named here are served, under {@value #ASSETS}: no directory of the jar is
 * exposed. The chart library is uPlot from its webjar, so nothing is fetched from a CDN and the
 * build needs no npm.
 */
public final class ProgressPage {

    /** Where the page's scripts, styles and the chart library are served. */
    public static final String ASSETS = "/assets/";

    /**
     * The page's policy: only its own scripts, styles and API, no inline code, no third-party
     * origins. The API keeps its stricter {@code default-src 'none'} on every other response.
     * {@code img-src data:} is for the browser's own form controls.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final String PAGE_RESOURCES = "/dev/reflect/streams/page/";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final StaticAsset index;
    private final Map<String, StaticAsset> assets;

    private ProgressPage(StaticAsset index, Map<String, StaticAsset> assets) {
        this.index = index;
        this.assets = Map.copyOf(assets);
    }

    /** Reads the page and its assets; fails at startup, not on the first visit, if one is missing. */
    public static ProgressPage fromClasspath() {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        return new ProgressPage(
                StaticAsset.load(PAGE_RESOURCES + "index.html", "text/html; charset=utf-8"),
                Map.of(
                        "progress.css", StaticAsset.load(PAGE_RESOURCES + "progress.css", "text/css; charset=utf-8"),
                        "progress.js",
                                StaticAsset.load(PAGE_RESOURCES + "progress.js", "text/javascript; charset=utf-8"),
                        "charts.js", StaticAsset.load(PAGE_RESOURCES + "charts.js", "text/javascript; charset=utf-8"),
                        "uPlot.min.css", StaticAsset.load(uplot + "uPlot.min.css", "text/css; charset=utf-8"),
                        "uPlot.iife.min.js",
                                StaticAsset.load(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8")));
    }

    /** {@code GET /}. */
    public void index(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        index.serve(ctx);
    }

    /** {@code GET /assets/{name}}: only the files listed in {@link #fromClasspath()}. */
    public void asset(Context ctx) {
        StaticAsset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            throw new NotFoundException("No such resource.");
        }
        asset.serve(ctx);
    }

    private static String uplotVersion() {
        try (InputStream in = ProgressPage.class.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot webjar is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
