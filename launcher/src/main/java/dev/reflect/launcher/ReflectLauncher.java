package dev.reflect.launcher;

import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.simulator.SimulateCommand;
import dev.reflect.simulator.SimulatorOptions;
import dev.reflect.simulator.UsageException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./reflect}: the one-command local run. {@code run} starts an embedded Kafka broker
 * (unless a cluster is given), creates the contract topics and starts the streams app, the
 * ingest service and the web app in this one process (simplest for a laptop; in production each runs as its own
 * process: {@code IngestMain}, {@code StreamsMain}); Ctrl-C stops them in reverse order.
 * {@code demo} runs the same plus simulated people sending data through the ingest API;
 * {@code simulate} sends such people to any ingest service; {@code token} mints a development token.
 */
public final class ReflectLauncher {

    private static final String USAGE = """
            usage: ./reflect run [--bootstrap-servers HOST:PORT | --brokers N]
                   ./reflect demo [--bootstrap-servers HOST:PORT | --brokers N] [--users N] [--rate R] [--seed N]
                                  [--history-days D] [--duration T]
                   ./reflect simulate [--users N] [--rate R] [--target URL] [--secret S]
                                      [--history-days D] [--seed N] [--duration T] (--help for all)
                   ./reflect token USER [--clinician]
                   ./reflect acls --ingest User:NAME --streams User:NAME [--application-id ID]
                   ./reflect erase USER_ID [--bootstrap-servers HOST:PORT]
                   ./reflect grow-partitions --to vN --partitions P [--from v1] [--bootstrap-servers HOST:PORT]
            """;

    private ReflectLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "run" -> run(rest, false);
            case "demo" -> run(rest, true);
            case "simulate" -> {
                quietLogging();
                SimulateCommand.main(rest);
            }
            case "token" -> DevTokens.main(rest);
            case "acls" -> System.exit(ServiceAcls.printCommands(List.of(rest), System.out, System.err));
            case "erase" -> {
                quietLogging();
                System.exit(EraseCommand.run(List.of(rest), System.out, System.err));
            }
            case "grow-partitions" -> {
                quietLogging();
                System.exit(GrowPartitionsCommand.run(List.of(rest), Env.system(), System.out, System.err));
            }
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> {
                System.err.print("unknown command: " + command + "\n" + USAGE);
                System.exit(2);
            }
        }
    }

    private static void run(String[] args, boolean demo) throws InterruptedException {
        Optional<String> bootstrapArgument = Optional.empty();
        Optional<String> brokersArgument = Optional.empty();
        List<String> simulatorArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--bootstrap-servers".equals(args[i]) && i + 1 < args.length) {
                bootstrapArgument = Optional.of(args[++i]);
            } else if (args[i].startsWith("--bootstrap-servers=")) {
                bootstrapArgument = Optional.of(args[i].substring("--bootstrap-servers=".length()));
            } else if ("--brokers".equals(args[i]) && i + 1 < args.length) {
                brokersArgument = Optional.of(args[++i]);
            } else if (args[i].startsWith("--brokers=")) {
                brokersArgument = Optional.of(args[i].substring("--brokers=".length()));
            } else if (demo) {
                simulatorArgs.add(args[i]);
            } else {
                System.err.print("unknown option: " + args[i] + "\n" + USAGE);
                System.exit(2);
            }
        }
        SimulatorOptions simulatorOptions = null;
        if (demo) {
            // Without a secret this falls back to the development secret, as the services below will.
            try {
                simulatorOptions = Demo.options(simulatorArgs, Env.system());
            } catch (UsageException e) {
                System.err.print("demo: " + e.getMessage() + "\n" + USAGE);
                System.exit(2);
            }
        }
        quietLogging();
        Logger log = LoggerFactory.getLogger(ReflectLauncher.class);
        useDevelopmentSecretUnlessConfigured(log);
        useDevelopmentPseudonymSecretUnlessConfigured(log);

        Deque<AutoCloseable> running = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("Stopping Reflect ...");
                            stopAll(running, log);
                            stopped.countDown();
                        },
                        "reflect-shutdown"));
        try {
            LocalRunSettings settings = LocalRunSettings.from(Env.system(), bootstrapArgument, brokersArgument);
            if (settings.brokers() > 1 && !settings.embeddedBroker()) {
                throw new ConfigException("--brokers starts embedded brokers; it does not go with --bootstrap-servers "
                        + "or " + KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE);
            }
            LocalServices services = LocalServices.start(settings, running, log);
            if (demo) {
                Demo.start(services, simulatorOptions, running, log);
            } else {
                System.out.printf(
                        """

                        Reflect is running.
                          Web app          %s/   record, read back, see progress (one address)
                                           sign in as %s: %s
                          Kafka            %s
                          Ingest service   %s   POST /v1/check-ins, /v1/journal-entries, /v1/check-ins/batch
                          Query service    %s   GET /v1/me/progress, /v1/users/{userId}/progress, .../escalation
                          Metrics          %s/metrics and %s/metrics
                          Notifier         %s/metrics   webhooks to clinicians: %s
                          Tokens           ./reflect token USER [--clinician]
                        Press Ctrl-C to stop.

                        """,
                        services.webUrl(),
                        SignInLinks.LOCAL_PERSON,
                        SignInLinks.forPerson(services, SignInLinks.LOCAL_PERSON)
                                .orElse("(through the configured issuer)"),
                        services.kafkaDescription(),
                        services.ingestUrl(),
                        services.queryUrl(),
                        services.ingestUrl(),
                        services.queryUrl(),
                        services.notifierUrl(),
                        services.notifierDescription());
            }
        } catch (ConfigException e) {
            log.error("Not starting: {}", e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            // Stopped while seeding: the shutdown hook is already stopping everything.
        } catch (RuntimeException e) {
            log.error("Reflect could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
        stopped.await();
    }

    /** The launcher's own logging: Kafka's and Jetty's chatter at WARN, nothing with request content. */
    private static void quietLogging() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/reflect/launcher/logback-launcher.xml");
        }
    }

    /**
     * The local run signs and checks tokens with a public development secret unless the operator
     * configured one, and says so loudly: such tokens protect nothing.
     */
    private static void useDevelopmentSecretUnlessConfigured(Logger log) {
        Env env = Env.system();
        if (env.optional(JwtSettings.SECRET_VARIABLE).isEmpty()
                && env.optional(JwtSettings.JWKS_VARIABLE).isEmpty()) {
            System.setProperty(JwtSettings.SECRET_VARIABLE, DevTokens.LOCAL_DEVELOPMENT_SECRET);
            log.warn("""

                    !!! {} is not set: tokens are signed and checked with the PUBLIC local
                    !!! development secret. Anyone can mint a token for this run; never expose it.""", JwtSettings.SECRET_VARIABLE);
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
                    !!! PUBLIC local development secret, which anyone can reverse by guessing user ids.""", Pseudonym.SECRET_VARIABLE);
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
