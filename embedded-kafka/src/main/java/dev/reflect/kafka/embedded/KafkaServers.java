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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.metadata.storage.Formatter;

/** What the single broker and the cluster share: storage formatting, ports, and the common server settings. */
final class KafkaServers {

    static final String HOST = "127.0.0.1";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KafkaServers() {}

    /**
     * Formats {@code dataDir} (and {@code logDir}, when the partition data lives elsewhere) for
     * node {@code nodeId} of {@code clusterId}, unless already formatted.
     *
     * @param scramArguments SCRAM credentials written into the bootstrap metadata, in
     *     {@code kafka-storage format --add-scram} syntax: on a SASL/SCRAM cluster the brokers
     *     need their own credentials before any of them can accept an admin's request
     */
    static void formatIfNew(Path dataDir, Path logDir, int nodeId, String clusterId, List<String> scramArguments) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logDir);
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .addDirectory(dataDir.toString())
                    .setMetadataLogDirectory(dataDir.toString());
            if (!logDir.equals(dataDir)) {
                formatter.addDirectory(logDir.toString());
            }
            if (!scramArguments.isEmpty()) {
                formatter.setScramArguments(scramArguments);
            }
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka data directory " + dataDir, e);
        }
    }

    /** The cluster id written when {@code dataDir} was formatted, or null if it is not formatted yet. */
    static String clusterIdOf(Path dataDir) {
        Path meta = dataDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + meta, e);
        }
        return properties.getProperty("cluster.id");
    }

    /**
     * Settings every embedded node has, whatever the cluster's size. Strings, as in
     * server.properties: typed values must match ConfigDef types exactly (short, not int).
     */
    static Map<String, String> commonConfig(int nodeId, int replicas) {
        Map<String, String> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(nodeId));
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        // Internal topics default to three replicas and cannot be created on fewer nodes; the
        // transaction state log is what exactly-once Streams needs. With three nodes they keep
        // Kafka's production defaults: three replicas, two in sync for a write to count.
        String minInSync = String.valueOf(replicas >= 3 ? 2 : 1);
        config.put("offsets.topic.replication.factor", String.valueOf(replicas));
        config.put("transaction.state.log.replication.factor", String.valueOf(replicas));
        config.put("transaction.state.log.min.isr", minInSync);
        config.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas));
        config.put("share.coordinator.state.topic.min.isr", minInSync);
        // The delay only helps big groups whose members join one by one; tests and the local
        // run would wait 3 s on every first rebalance for nothing.
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    /** Says which port is taken, where Kafka would fail half-way through its startup with a stack trace. */
    static void requireFree(int port) {
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
    static int[] freePorts(int count) {
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

    static void shutdown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }
}
