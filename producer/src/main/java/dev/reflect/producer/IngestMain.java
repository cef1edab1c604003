package dev.reflect.producer;

import dev.reflect.service.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ingest service as its own process, configured from the environment (see {@link IngestConfig}). */
public final class IngestMain {

    private IngestMain() {}

    public static void main(String[] args) {
        // Before the first logger exists: this module's logging setup, unless the operator brings one.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/producer/logback-ingest.xml");
        }
        Logger log = LoggerFactory.getLogger(IngestMain.class);
        IngestConfig config;
        try {
            config = IngestConfig.fromEnvironment();
        } catch (ConfigException e) {
            log.error("Not starting: {}", e.getMessage());
            System.exit(2);
            return;
        }
        IngestApp app = IngestApp.create(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "ingest-shutdown"));
        app.start();
    }
}
