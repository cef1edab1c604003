package dev.reflect.notifier;

import dev.reflect.service.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the notifier as its own process, configured from the environment (see {@link NotifierConfig}). */
public final class NotifierMain {

    private NotifierMain() {}

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/notifier/logback-notifier.xml");
        }
        Logger log = LoggerFactory.getLogger(NotifierMain.class);
        NotifierConfig config;
        try {
            config = NotifierConfig.fromEnvironment();
        } catch (ConfigException e) {
            log.error("Not starting: {}", e.getMessage());
            System.exit(2);
            return;
        }
        NotifierApp app = NotifierApp.create(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "notifier-shutdown"));
        app.start();
    }
}
