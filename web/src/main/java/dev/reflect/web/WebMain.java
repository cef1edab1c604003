package dev.reflect.web;

import dev.reflect.service.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the web app as its own process, configured from the environment (see {@link WebConfig}). */
public final class WebMain {

    private WebMain() {}

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/web/logback-web.xml");
        }
        Logger log = LoggerFactory.getLogger(WebMain.class);
        WebConfig config;
        try {
            config = WebConfig.fromEnvironment();
        } catch (ConfigException e) {
            log.error("Not starting: {}", e.getMessage());
            System.exit(2);
            return;
        }
        WebApp app = WebApp.create(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "web-shutdown"));
        app.start();
    }
}
