package dev.reflect.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster of several nodes inside this JVM: each node is a combined broker and KRaft
 * controller started from Kafka's own production server classes ({@link KafkaRaftServer}), on its
 * own ports on 127.0.0.1 and its own data directory ({@code dataDir/node-<id>}). The controllers
 * form one quorum (a static voter set), so a majority of the nodes must run for the cluster to
 * work, as in production.
 *
 * <p>With three or more nodes the internal topics (offsets, transactions) get three replicas of
 * which two must be in sync, {@code default.replication.factor} is 3 and
 * {@code min.insync.replicas} is 2: a write acknowledged with {@code acks=all} is then on at least
 * two brokers. {@link TopicAdmin} creates the application topics the same way.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).dataDir(dir).build().start()) {
 *     cluster.createTopics(6, "reflect.checkins.v1");
 *     int leader = cluster.leaderOf(new TopicPartition("reflect.checkins.v1", 0));
 *     cluster.stop(leader);     // the others elect a new leader
 *     cluster.start(leader);    // back on its ports and data
 * }
 * }</pre>
 *
 * <p>Every node listens on a client listener named {@value #CLIENT_LISTENER} (also the
 * inter-broker listener) and on the {@code CONTROLLER} listener. A test can add listeners of its
 * own with an advertised port of its choosing ({@link Builder#extraListener}), to put a proxy
 * between some clients and the brokers: a client that bootstraps through such a listener is told
 * the advertised addresses, so all its traffic takes that path. The security protocol of the
 * listeners, SASL/SCRAM credentials written at format time and any broker setting are the
 * builder's too ({@link Builder#securityProtocols}, {@link Builder#scramCredential},
 * {@link Builder#config}); {@link Builder#clientConfig} is what this class's own admin requests
 * then need.
 *
 * <p>{@link #stop(int)} shuts a node down without a controlled shutdown unless
 * {@code controlled.shutdown.enable} is set: leadership is not handed over first, the controller
 * fences the node once its heartbeats stop ({@code broker.session.timeout.ms}), and clients see
 * what a crashed broker looks like to them.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    public static final String CLIENT_LISTENER = "CLIENT";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final String HOST = KafkaServers.HOST;

    private final Path dataDir;
    private final int size;
    private final Map<Integer, Path> logDirs;
    private final String clientProtocol;
    private final String controllerProtocol;
    private final Map<String, IntUnaryOperator> extraListeners;
    private final Map<String, String> configOverrides;
    private final List<String> scramArguments;
    private final Map<String, Object> clientConfig;
    /** Chosen on construction and kept: the voter set names every controller's port. */
    private final Map<Integer, Ports> ports = new TreeMap<>();

    /** Written by the threads that start nodes together, hence concurrent. */
    private final Map<Integer, KafkaRaftServer> running = new ConcurrentSkipListMap<>();

    /** A node's ports on 127.0.0.1; {@code extra} by listener name, bound (not advertised) ports. */
    private record Ports(int client, int controller, Map<String, Integer> extra) {}

    private EmbeddedKafkaCluster(Builder builder) {
        if (builder.dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.size = builder.nodes;
        this.logDirs = Map.copyOf(builder.logDirs);
        this.clientProtocol = builder.clientProtocol;
        this.controllerProtocol = builder.controllerProtocol;
        this.extraListeners = new LinkedHashMap<>(builder.extraListeners);
        this.configOverrides = Map.copyOf(builder.configOverrides);
        this.scramArguments = List.copyOf(builder.scramArguments);
        this.clientConfig = Map.copyOf(builder.clientConfig);
        int perNode = 2 + extraListeners.size();
        int[] free = KafkaServers.freePorts(size * perNode);
        for (int index = 0; index < size; index++) {
            int base = index * perNode;
            int nodeId = index + 1;
            int client = builder.basePort == 0 ? free[base] : builder.basePort + index;
            Map<String, Integer> extra = new LinkedHashMap<>();
            int offset = 2;
            for (String listener : extraListeners.keySet()) {
                extra.put(listener, free[base + offset++]);
            }
            ports.put(nodeId, new Ports(client, free[base + 1], extra));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats the nodes' data directories if new and starts every node; returns once all serve clients. */
    public synchronized EmbeddedKafkaCluster start() {
        long began = System.nanoTime();
        String clusterId = Optional.ofNullable(KafkaServers.clusterIdOf(nodeDir(1)))
                .orElseGet(() -> Uuid.randomUuid().toString());
        List<Integer> toStart = new ArrayList<>();
        for (int nodeId : ports.keySet()) {
            if (!running.containsKey(nodeId)) {
                KafkaServers.formatIfNew(nodeDir(nodeId), logDir(nodeId), nodeId, clusterId, scramArguments);
                toStart.add(nodeId);
            }
        }
        // In parallel: a broker's startup waits for the controller quorum, which needs a majority
        // of the nodes, so starting them one after the other would wait on itself.
        List<CompletableFuture<Void>> starts = toStart.stream()
                .map(nodeId -> CompletableFuture.runAsync(() -> startNode(nodeId)))
                .toList();
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            awaitBrokers(ports.keySet());
        } catch (RuntimeException e) {
            close();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        log.info(
                "Embedded Kafka cluster of {} nodes ready on {} in {} ms",
                size,
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return this;
    }

    /** Starts node {@code nodeId} again on its ports and data, and returns once the cluster lists it as a broker. */
    public synchronized void start(int nodeId) {
        requireNode(nodeId);
        if (running.containsKey(nodeId)) {
            return;
        }
        startNode(nodeId);
        awaitBrokers(Set.of(nodeId));
    }

    /** Shuts node {@code nodeId} down; its data directory and ports are kept for {@link #start(int)}. */
    public synchronized void stop(int nodeId) {
        requireNode(nodeId);
        KafkaRaftServer server = running.remove(nodeId);
        if (server != null) {
            KafkaServers.shutdown(server);
            log.info("Embedded Kafka node {} stopped", nodeId);
        }
    }

    /** Stops every node; the data directories are kept. */
    @Override
    public synchronized void close() {
        List<KafkaRaftServer> servers = new ArrayList<>(running.values());
        running.clear();
        // Together: the last nodes of a quorum would otherwise wait for the ones already gone.
        CompletableFuture.allOf(servers.stream()
                        .map(server -> CompletableFuture.runAsync(() -> KafkaServers.shutdown(server)))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    public synchronized boolean isRunning(int nodeId) {
        return running.containsKey(nodeId);
    }

    /** Node ids, 1 to the cluster's size. */
    public Set<Integer> nodeIds() {
        return new TreeSet<>(ports.keySet());
    }

    public int size() {
        return size;
    }

    /** The client listener of every node, running or not: {@code 127.0.0.1:p1,127.0.0.1:p2,...}. */
    public String bootstrapServers() {
        return ports.values().stream().map(p -> HOST + ":" + p.client()).collect(Collectors.joining(","));
    }

    /** Node {@code nodeId}'s client listener port. */
    public int port(int nodeId) {
        requireNode(nodeId);
        return ports.get(nodeId).client();
    }

    /** Node {@code nodeId}'s controller listener port (for clients that talk to the controllers, {@code bootstrap.controllers}). */
    public int controllerPort(int nodeId) {
        requireNode(nodeId);
        return ports.get(nodeId).controller();
    }

    /** The port node {@code nodeId} binds for extra listener {@code listener} (a proxy forwards to it). */
    public int listenerPort(String listener, int nodeId) {
        requireNode(nodeId);
        Integer port = ports.get(nodeId).extra().get(listener);
        if (port == null) {
            throw new IllegalArgumentException("No listener " + listener);
        }
        return port;
    }

    /** Node {@code nodeId}'s data directory (its metadata log, and its partitions unless given a log dir). */
    public Path nodeDir(int nodeId) {
        return dataDir.resolve("node-" + nodeId);
    }

    /** Where node {@code nodeId} keeps its partitions. */
    public Path logDir(int nodeId) {
        return logDirs.getOrDefault(nodeId, nodeDir(nodeId));
    }

    /** What an admin client of this cluster needs: the bootstrap servers and the builder's client settings. */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /**
     * Creates the topics that do not exist yet, with three replicas and {@code min.insync.replicas}
     * 2 on a cluster of three or more nodes, and returns once every partition has a leader.
     *
     * @see TopicAdmin#createTopics(Map, int, String...)
     */
    public void createTopics(int partitions, String... names) {
        TopicAdmin.createTopics(adminConfig(), partitions, names);
    }

    /** The node leading {@code partition} now, as the cluster's metadata says. */
    public int leaderOf(TopicPartition partition) {
        return describe(partition.topic())
                .partitions()
                .get(partition.partition())
                .leader()
                .id();
    }

    /** The nodes in sync for {@code partition} now. */
    public Set<Integer> inSyncReplicasOf(TopicPartition partition) {
        return describe(partition.topic()).partitions().get(partition.partition()).isr().stream()
                .map(Node::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private TopicDescription describe(String topic) {
        try (Admin admin = Admin.create(adminConfig())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not describe " + topic, e);
        }
    }

    private void startNode(int nodeId) {
        Ports nodePorts = ports.get(nodeId);
        KafkaServers.requireFree(nodePorts.client());
        KafkaServers.requireFree(nodePorts.controller());
        nodePorts.extra().values().forEach(KafkaServers::requireFree);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(serverConfig(nodeId), false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            KafkaServers.shutdown(server);
            throw new IllegalStateException("Embedded Kafka node " + nodeId + " failed to start", e);
        }
        running.put(nodeId, server);
    }

    private Map<String, String> serverConfig(int nodeId) {
        Ports own = ports.get(nodeId);
        Map<String, String> config = KafkaServers.commonConfig(nodeId, Math.min(size, 3));
        config.put(
                "controller.quorum.voters",
                ports.entrySet().stream()
                        .map(e -> e.getKey() + "@" + HOST + ":" + e.getValue().controller())
                        .collect(Collectors.joining(",")));
        List<String> listeners = new ArrayList<>();
        List<String> advertised = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        listeners.add(CLIENT_LISTENER + "://" + HOST + ":" + own.client());
        advertised.add(CLIENT_LISTENER + "://" + HOST + ":" + own.client());
        protocols.add(CLIENT_LISTENER + ":" + clientProtocol);
        listeners.add(KafkaServers.CONTROLLER_LISTENER + "://" + HOST + ":" + own.controller());
        protocols.add(KafkaServers.CONTROLLER_LISTENER + ":" + controllerProtocol);
        extraListeners.forEach((name, advertisedPort) -> {
            listeners.add(name + "://" + HOST + ":" + own.extra().get(name));
            advertised.add(name + "://" + HOST + ":" + advertisedPort.applyAsInt(nodeId));
            protocols.add(name + ":" + clientProtocol);
        });
        config.put("listeners", String.join(",", listeners));
        config.put("advertised.listeners", String.join(",", advertised));
        config.put("listener.security.protocol.map", String.join(",", protocols));
        config.put("inter.broker.listener.name", CLIENT_LISTENER);
        config.put("log.dirs", logDir(nodeId).toString());
        config.put("metadata.log.dir", nodeDir(nodeId).toString());
        if (size >= 3) {
            config.put("default.replication.factor", "3");
            config.put("min.insync.replicas", "2");
        }
        // A stopped node is a crashed node to its clients unless a test asks for the gentle kind.
        config.put("controlled.shutdown.enable", "false");
        config.putAll(configOverrides);
        return config;
    }

    /** Startup has returned, but only the cluster listing the nodes as brokers proves clients can use them. */
    private void awaitBrokers(Set<Integer> nodeIds) {
        Map<String, Object> config = adminConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                Set<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                        .map(Node::id)
                        .collect(Collectors.toSet());
                if (brokers.containsAll(nodeIds)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Embedded Kafka nodes " + nodeIds
                            + " started but the cluster lists " + "only " + brokers + " after " + READY_TIMEOUT);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Embedded Kafka cluster started but does not answer", e);
        }
    }

    private void requireNode(int nodeId) {
        if (!ports.containsKey(nodeId)) {
            throw new IllegalArgumentException("No node " + nodeId + "; nodes are " + ports.keySet());
        }
    }

    /** Settings beyond the data directory; every one is optional except the directory. */
    public static final class Builder {
        private Path dataDir;
        private int nodes = 3;
        private int basePort;
        private final Map<Integer, Path> logDirs = new HashMap<>();
        private String clientProtocol = "PLAINTEXT";
        private String controllerProtocol = "PLAINTEXT";
        private final Map<String, IntUnaryOperator> extraListeners = new LinkedHashMap<>();
        private final Map<String, String> configOverrides = new LinkedHashMap<>();
        private final List<String> scramArguments = new ArrayList<>();
        private final Map<String, Object> clientConfig = new HashMap<>();

        private Builder() {}

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** How many nodes (default 3); each is a broker and a controller voter. */
        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > 9) {
                throw new IllegalArgumentException("A cluster here has 1 to 9 nodes");
            }
            this.nodes = nodes;
            return this;
        }

        /** Client listeners on {@code port}, {@code port + 1}, ...; 0 (the default) picks free ports. */
        public Builder basePort(int port) {
            if (port < 0 || port > 65_535 - 9) {
                throw new IllegalArgumentException("A base port is 0..65526, 0 meaning free ports");
            }
            this.basePort = port;
            return this;
        }

        /** Where node {@code nodeId} keeps its partitions, e.g. on a small file system of its own. */
        public Builder logDir(int nodeId, Path dir) {
            logDirs.put(nodeId, dir.toAbsolutePath());
            return this;
        }

        /**
         * The security protocols of the client listeners ({@code PLAINTEXT}, {@code SASL_SSL}, ...)
         * and of the controller listener; the settings they need come through {@link #config}.
         */
        public Builder securityProtocols(String client, String controller) {
            this.clientProtocol = client;
            this.controllerProtocol = controller;
            return this;
        }

        /**
         * One more client listener on every node, named {@code name}, advertised to its clients on
         * 127.0.0.1 at {@code advertisedPort.applyAsInt(nodeId)} instead of the port it binds.
         */
        public Builder extraListener(String name, IntUnaryOperator advertisedPort) {
            extraListeners.put(name, advertisedPort);
            return this;
        }

        /** A SCRAM credential in the bootstrap metadata, e.g. for the brokers' own inter-broker login. */
        public Builder scramCredential(String mechanism, String user, String password) {
            scramArguments.add(mechanism + "=[name=" + user + ",password=" + password + "]");
            return this;
        }

        /** A broker setting ({@code server.properties} name) on every node, over the embedded defaults. */
        public Builder config(String name, String value) {
            configOverrides.put(name, value);
            return this;
        }

        /** Client settings beyond the bootstrap servers that this class's own admin requests need (security). */
        public Builder clientConfig(Map<String, ?> settings) {
            clientConfig.putAll(settings);
            return this;
        }

        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }
    }
}
