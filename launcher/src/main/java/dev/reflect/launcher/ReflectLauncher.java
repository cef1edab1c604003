package dev.reflect.launcher;

import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.kafka.embedded.TopicAdmin;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./reflect}: the one-command local run. {@code run} starts an embedded Kafka broker
 * (unless a cluster is given), creates the contract topics and starts the streams app and the
 * ingest service in this one process (simplest for a laptop; in production each runs as its own
 * process: {@code IngestMain}, {@code StreamsMain}); Ctrl-C stops them in reverse order. {@code token} mints a development token.
 */
public final class ReflectLauncher {

    private static final String USAGE = """
            usage: ./reflect run [--bootstrap-servers HOST:PORT]
                   ./reflect token USER [--clinician]
            """;

    private ReflectLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "run" -> run(rest);
            case "token" -> DevTokens.main(rest);
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> {
                System.err.print("unknown command: " + command + "\n" + USAGE);
                System.exit(2);
            }
        }
    }

    private static void run(String[] args) throws InterruptedException {
        Optional<String> bootstrapArgument = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if ("--bootstrap-servers".equals(args[i]) && i + 1 < args.length) {
                bootstrapArgument = Optional.of(args[++i]);
            } else if (args[i].startsWith("--bootstrap-servers=")) {
                bootstrapArgument = Optional.of(args[i].substring("--bootstrap-servers=".length()));
            } else {
                System.err.print("unknown option: " + args[i] + "\n" + USAGE);
                System.exit(2);
            }
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/launcher/logback-launcher.xml");
        }
        Logger log = LoggerFactory.getLogger(ReflectLauncher.class);
        useDevelopmentSecretUnlessConfigured(log);
        useDevelopmentPseudonymSecretUnlessConfigured(log);

        Deque<AutoCloseable> running = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping Reflect ...");
            stopAll(running, log);
            stopped.countDown();
        }, "reflect-shutdown"));
        try {
            Env env = Env.system();
            LocalRunSettings settings = LocalRunSettings.from(env, bootstrapArgument);
            KafkaClientConfig kafka = KafkaClientConfig.from(env);
            if (settings.embeddedBroker()) {
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                        settings.dataDir().resolve("kafka"), settings.kafkaPort());
                log.info("Starting the embedded Kafka broker (data in {}) ...", broker.dataDir());
                running.push(broker.start());
                kafka = kafka.withBootstrapServers(broker.bootstrapServers());
            } else {
                kafka = kafka.withBootstrapServers(settings.bootstrapServers().orElseThrow());
            }
            String bootstrap = kafka.bootstrapServers();
            TopicAdmin.createTopics(kafka.base(), settings.topicPartitions(),
                    Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
            log.info("Topics ready on {}: {}", bootstrap, Topics.ALL.stream().map(Topic::name).toList());

            // Local runs listen on loopback only unless the operator says otherwise: this is personal data.
            Env local = env.with(Map.of(
                    IngestConfig.HOST_VARIABLE, env.string(IngestConfig.HOST_VARIABLE, "127.0.0.1"),
                    StreamsAppConfig.HOST_VARIABLE, env.string(StreamsAppConfig.HOST_VARIABLE, "127.0.0.1"),
                    StreamsAppConfig.STATE_DIR_VARIABLE, env.string(StreamsAppConfig.STATE_DIR_VARIABLE,
                            settings.dataDir().resolve("streams").toString()),
                    // One instance has nowhere to put a standby replica; asking for one only logs warnings.
                    StreamsAppConfig.STANDBY_REPLICAS_VARIABLE,
                    env.string(StreamsAppConfig.STANDBY_REPLICAS_VARIABLE, "0")));

            StreamsAppConfig streamsConfig = StreamsAppConfig.from(local).withBootstrapServers(bootstrap);
            StreamsApp streams = StreamsApp.create(streamsConfig);
            running.push(streams.start());

            IngestConfig ingestConfig = IngestConfig.from(local).withBootstrapServers(bootstrap);
            IngestApp ingest = IngestApp.create(ingestConfig);
            running.push(ingest.start());

            System.out.printf("""

                    Reflect is running.
                      Kafka            %s%s
                      Ingest service   http://%s:%d   POST /v1/check-ins, /v1/journal-entries, /v1/check-ins/batch
                      Query service    http://%s:%d   GET /v1/me/progress, /v1/users/{userId}/progress, .../escalation
                      Metrics          http://%s:%d/metrics and http://%s:%d/metrics
                      Tokens           ./reflect token USER [--clinician]
                    Press Ctrl-C to stop.

                    """, bootstrap, settings.embeddedBroker() ? " (embedded, data in " + settings.dataDir() + ")" : "",
                    ingestConfig.host(), ingest.port(), streamsConfig.host(), streams.port(),
                    ingestConfig.host(), ingest.port(), streamsConfig.host(), streams.port());
        } catch (ConfigException e) {
            log.error("Not starting: {}", e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            log.error("Reflect could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
        stopped.await();
    }

    /**
     * The local run signs and checks tokens with a public development secret unless the operator
     * configured one, and says so loudly: such tokens protect nothing.
     */
    private static void useDevelopmentSecretUnlessConfigured(Logger log) {
        Env env = Env.system();
        if (env.optional(JwtSettings.SECRET_VARIABLE).isEmpty() && env.optional(JwtSettings.JWKS_VARIABLE).isEmpty()) {
            System.setProperty(JwtSettings.SECRET_VARIABLE, DevTokens.LOCAL_DEVELOPMENT_SECRET);
            log.warn("""

                    !!! {} is not set: tokens are signed and checked with the PUBLIC local
                    !!! development secret. Anyone can mint a token for this run; never expose it.""",
                    JwtSettings.SECRET_VARIABLE);
        }
    }

    /**
     * Likewise for the key of the pseudonyms in per-user metrics: with a public key anyone can
     * tell whose series a pseudonym labels by hashing guessed user ids.
     */
    private static void useDevelopmentPseudonymSecretUnlessConfigured(Logger log) {
        if (Env.system().optional(Pseudonym.SECRET_VARIABLE).isEmpty()) {
            System.setProperty(Pseudonym.SECRET_VARIABLE, Pseudonym.LOCAL_DEVELOPMENT_SECRET);
            log.warn("""

                    !!! {} is not set: per-user metrics are labelled with pseudonyms keyed by the
                    !!! PUBLIC local development secret, which anyone can reverse by guessing user ids.""",
                    Pseudonym.SECRET_VARIABLE);
        }
    }

    private static void stopAll(Deque<AutoCloseable> running, Logger log) {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", next.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
