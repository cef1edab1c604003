package dev.reflect.streams.app;

import dev.reflect.service.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the streams app as its own process, configured from the environment (see
 * {@link StreamsAppConfig}). The source topics must exist; the local run ({@code ./reflect run})
 * creates them.
 */
public final class StreamsMain {

    private StreamsMain() {}

    public static void main(String[] args) {
        // Before the first logger exists: this module's logging setup, unless the operator brings one.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/streams/app/logback-streams.xml");
        }
        Logger log = LoggerFactory.getLogger(StreamsMain.class);
        StreamsAppConfig config;
        try {
            config = StreamsAppConfig.fromEnvironment();
        } catch (ConfigException e) {
            log.error("Not starting: {}", e.getMessage());
            System.exit(2);
            return;
        }
        StreamsApp app = StreamsApp.create(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "streams-shutdown"));
        app.start();
    }
}
