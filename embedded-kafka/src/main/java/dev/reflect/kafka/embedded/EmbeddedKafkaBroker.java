package dev.reflect.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker and KRaft controller running inside this JVM, started from
 * Kafka's own production server classes ({@link KafkaRaftServer}) — a real broker, not a fake.
 *
 * <p>It listens on 127.0.0.1 only and keeps its data in {@code dataDir}, which is formatted on
 * the first start only, so a later start (in this JVM or the next) keeps the topics, the
 * committed records and the cluster id. Port 0 means "pick a free port" on the first start; the
 * chosen ports are then kept, so {@link #stop()} followed by {@link #start()} brings the broker
 * back where its clients expect it.
 *
 * <p>The local run:
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Path.of(".reflect-data/kafka"), 9092)) {
 *     broker.start();
 *     broker.createTopics(6, "reflect.checkins.v1");
 *     ...
 * }
 * }</pre>
 *
 * <p>Integration tests normally share one broker per test JVM through the testkit's
 * {@code EmbeddedKafkaExtension}. A fault test that stops and restarts the broker while clients
 * keep running must not disturb that shared broker: it constructs its own dedicated instance on
 * a temporary directory with port 0, e.g. {@code new EmbeddedKafkaBroker(tempDir, 0)}.
 *
 * <p>The broker logs through SLF4J; the application's logging configuration decides how much of
 * it is shown (setting the {@code kafka}, {@code org.apache.kafka} and {@code state.change.logger}
 * loggers to WARN keeps it quiet; Kafka still reports each controller activation at WARN).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Free ports are found by binding and releasing them, so another process may take one first. */
    private static final int ATTEMPTS_ON_CHOSEN_PORTS = 3;

    private final Path dataDir;
    private final Map<String, String> configOverrides;
    private int port;
    private int controllerPort;
    private KafkaRaftServer server;

    /**
     * A broker keeping its data in {@code dataDir} and listening on {@code port} (0 picks a free
     * port), with its controller on a free port.
     */
    public EmbeddedKafkaBroker(Path dataDir, int port) {
        this(builder().dataDir(dataDir).port(port));
    }

    private EmbeddedKafkaBroker(Builder builder) {
        if (builder.dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.port = builder.port;
        this.controllerPort = builder.controllerPort;
        this.configOverrides = Map.copyOf(builder.configOverrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if it is new, starts the broker and controller, and returns once
     * the broker serves metadata and accepts topic creation. Does nothing if already running.
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long began = System.nanoTime();
        formatIfNew();
        requireFree(port);
        requireFree(controllerPort);
        boolean portsChosenHere = port == 0 || controllerPort == 0;
        for (int attempt = 1; server == null; attempt++) {
            int[] ports = resolvePorts();
            KafkaRaftServer candidate =
                    new KafkaRaftServer(new KafkaConfig(serverConfig(ports[0], ports[1]), false), Time.SYSTEM);
            try {
                candidate.startup();
                port = ports[0];
                controllerPort = ports[1];
                server = candidate;
            } catch (RuntimeException e) {
                shutdown(candidate);
                if (!portsChosenHere || attempt == ATTEMPTS_ON_CHOSEN_PORTS) {
                    throw new IllegalStateException("Embedded Kafka broker failed to start", e);
                }
                log.warn("Embedded Kafka broker failed to start on ports it chose, trying others", e);
            }
        }
        try {
            awaitReady();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info(
                "Embedded Kafka broker ready on {} in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return this;
    }

    /** Shuts the broker down cleanly; the data directory and the ports are kept for a later {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            shutdown(server);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:port}; known before the first start only if the port was given. */
    public synchronized String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("The broker port is chosen on the first start()");
        }
        return HOST + ":" + port;
    }

    /** The broker port, or 0 if it is still to be chosen by the first {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** The controller port, or 0 if it is still to be chosen by the first {@link #start()}. */
    public synchronized int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The cluster id written when the data directory was formatted. */
    public String clusterId() {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(metaProperties())) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("The data directory is not formatted yet", e);
        }
        return meta.getProperty("cluster.id");
    }

    /**
     * Creates the topics that do not exist yet, and returns once the broker serves them.
     *
     * @see TopicAdmin#createTopics(String, int, String...)
     */
    public void createTopics(int partitions, String... names) {
        TopicAdmin.createTopics(bootstrapServers(), partitions, names);
    }

    private Path metaProperties() {
        return dataDir.resolve("meta.properties");
    }

    private void formatIfNew() {
        if (Files.exists(metaProperties())) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .addDirectory(dataDir.toString())
                    .setMetadataLogDirectory(dataDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka data directory", e);
        }
    }

    private Map<String, String> serverConfig(int brokerPort, int ctrlPort) {
        // Strings, as in server.properties: typed values must match ConfigDef types exactly (short, not int).
        Map<String, String> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        // A static voter set rather than a dynamic (--standalone) quorum: the dynamic one records
        // the controller's address in the data directory at format time, so a data directory
        // could not be reused with a controller port chosen afresh on a later run.
        config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + ctrlPort);
        config.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + ctrlPort);
        config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", dataDir.toString());
        // Internal topics default to three replicas and cannot be created on one node; the
        // transaction state log is what exactly-once Streams needs.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // The delay only helps big groups whose members join one by one; tests and the local
        // run would wait 3 s on every first rebalance for nothing.
        config.put("group.initial.rebalance.delay.ms", "0");
        config.putAll(configOverrides);
        return config;
    }

    private int[] resolvePorts() {
        int[] free = freePorts(2);
        return new int[] {port != 0 ? port : free[0], controllerPort != 0 ? controllerPort : free[1]};
    }

    /** Says which port is taken, where Kafka would fail half-way through its startup with a stack trace. */
    private static void requireFree(int port) {
        if (port == 0) {
            return;
        }
        try {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + HOST + " is in use", e);
        }
    }

    /** Holds all sockets open together so that the ports found differ from each other. */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port was only probed; nothing to release beyond the socket itself.
                }
            }
        }
    }

    /** Startup has returned, but only an answered request proves clients can use the broker. */
    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            NewTopic probe = new NewTopic("embedded-kafka-readiness-probe", 1, (short) 1);
            admin.createTopics(List.of(probe), new CreateTopicsOptions().validateOnly(true))
                    .all()
                    .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Embedded Kafka broker started but does not answer", e);
        }
    }

    private static void shutdown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Settings beyond the data directory and the broker port; every one is optional except the directory. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> configOverrides = new LinkedHashMap<>();

        private Builder() {}

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The client port on 127.0.0.1; 0 (the default) picks a free one on the first start. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 (the default) picks a free one on the first start. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** A broker setting ({@code server.properties} name) applied over the embedded defaults. */
        public Builder config(String name, String value) {
            configOverrides.put(name, value);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("A port is 0..65535, 0 meaning any free port");
            }
            return port;
        }
    }
}
