package dev.reflect.web;

import dev.reflect.service.http.ServiceHttp;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.web.proxy.ReverseProxy;
import dev.reflect.web.shell.AppShell;
import dev.reflect.web.signin.Issuer;
import dev.reflect.web.signin.SignInHandlers;
import io.javalin.Javalin;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web app for people and the one address it runs from, assembled by {@link #create} and
 * listening after {@link #start()}:
 *
 * <pre>{@code
 * WebApp web = WebApp.create(WebConfig.fromEnvironment().withPort(0)).start();
 * int port = web.port();
 * ...
 * web.stop();
 * }</pre>
 */
public final class WebApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebApp.class);

    private final WebConfig config;
    private final ServiceMetrics metrics;
    private final List<String> routes = new CopyOnWriteArrayList<>();
    private final Javalin javalin;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private WebApp(WebConfig config) {
        this.config = config;
        this.metrics = ServiceMetrics.create();
        HttpClient http = ReverseProxy.newClient();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("web-http");
        ReverseProxy proxy = new ReverseProxy(http, threads);
        AppShell shell = AppShell.fromClasspath();
        Optional<Issuer> issuer =
                config.signIn().usesOidc() ? Optional.of(new Issuer(config.signIn(), http)) : Optional.empty();
        SignInHandlers signIn = new SignInHandlers(issuer);
        this.javalin = Javalin.create(javalin -> {
            ServiceHttp.configure(javalin, metrics.registry());
            javalin.jetty.threadPool = threads;
            javalin.events.handlerAdded(handler -> {
                if (handler.getHttpMethod().isHttpMethod()) {
                    routes.add(handler.getHttpMethod().name() + " " + handler.getPath());
                }
            });
            WebRoutes.register(javalin.routes, config.ingestUrl(), config.queryUrl(), proxy, shell, signIn, metrics);
        });
    }

    public static WebApp create(WebConfig config) {
        return new WebApp(config);
    }

    public WebApp start() {
        javalin.start(config.host(), config.port());
        log.info(
                "Web app listening on port {}, writes to {}, reads from {}, sign-in: {}",
                port(),
                config.ingestUrl(),
                config.queryUrl(),
                config.signIn());
        return this;
    }

    /** The bound port; with port 0 configured, the one the system picked. */
    public int port() {
        return javalin.port();
    }

    /** {@code METHOD /path} of every route, as registered. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        javalin.stop();
        metrics.close();
        log.info("Web app stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
