package dev.reflect.system.support;

import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaCluster;
import dev.reflect.launcher.ServiceAcls;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.testkit.SecureKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The three-node cluster of the cluster fault tests, as production runs it: TLS with SASL/SCRAM
 * only, an authorizer, and each service logging in as its own principal with exactly the ACLs
 * {@link ServiceAcls} derives ({@code User:ingest}, {@code User:streams}); the test itself reads
 * results as the admin. With {@code -Dreflect.faults.security=plaintext} the same tests run on
 * plaintext listeners without an authorizer, which helps tell a security problem from a fault.
 */
public final class FaultCluster implements AutoCloseable {

    public static final String SECURITY_PROPERTY = "reflect.faults.security";
    public static final String INGEST_USER = "ingest";
    public static final String STREAMS_USER = "streams";
    public static final int PARTITIONS = 6;

    private final EmbeddedKafkaCluster cluster;
    private final SecureKafka security;
    private final String ingestPassword = SecureKafka.newPassword();
    private final String streamsPassword = SecureKafka.newPassword();

    private FaultCluster(EmbeddedKafkaCluster cluster, SecureKafka security) {
        this.cluster = cluster;
        this.security = security;
    }

    /** Options beyond the defaults: extra listeners for proxies, log dirs, broker settings. */
    public static final class Options {
        private final Map<String, IntUnaryOperator> listeners = new HashMap<>();
        private final Map<Integer, Path> logDirs = new HashMap<>();
        private final Map<String, String> config = new HashMap<>();

        public Options listener(String name, IntUnaryOperator advertisedPort) {
            listeners.put(name, advertisedPort);
            return this;
        }

        public Options logDir(int nodeId, Path dir) {
            logDirs.put(nodeId, dir);
            return this;
        }

        public Options config(String name, String value) {
            config.put(name, value);
            return this;
        }
    }

    public static boolean secured() {
        String mode = System.getProperty(SECURITY_PROPERTY, "sasl_ssl").toLowerCase(Locale.ROOT);
        return !mode.equals("plaintext");
    }

    /**
     * Starts three nodes under {@code dir}, creates every registry topic with {@value #PARTITIONS}
     * partitions (three replicas, two in sync), and, when secured, the two service users with the
     * ACLs of the streams app {@code applicationId}.
     */
    public static FaultCluster start(Path dir, String applicationId, Options options) {
        EmbeddedKafkaCluster.Builder builder =
                EmbeddedKafkaCluster.builder().nodes(3).dataDir(dir.resolve("kafka"));
        options.listeners.forEach(builder::extraListener);
        options.logDirs.forEach(builder::logDir);
        SecureKafka security = null;
        if (secured()) {
            security = SecureKafka.create(dir.resolve("tls"));
            security.apply(builder, new ArrayList<>(options.listeners.keySet()));
        }
        options.config.forEach(builder::config);
        EmbeddedKafkaCluster cluster = builder.build().start();
        FaultCluster started = new FaultCluster(cluster, security);
        try {
            cluster.createTopics(
                    PARTITIONS, Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
            if (security != null) {
                started.grant(applicationId);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return started;
    }

    private void grant(String applicationId) {
        try (Admin admin = Admin.create(adminConfig())) {
            SecureKafka.addUser(admin, INGEST_USER, ingestPassword);
            SecureKafka.addUser(admin, STREAMS_USER, streamsPassword);
            List<AclBinding> acls = new ArrayList<>(ServiceAcls.ingest("User:" + INGEST_USER));
            acls.addAll(ServiceAcls.streams("User:" + STREAMS_USER, applicationId));
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not set up the service users and their ACLs", e);
        }
    }

    /** Waits until every partition of the check-ins topic has all three replicas in sync again. */
    public void awaitAllInSync() {
        await("all replicas in sync")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> IntStream.range(0, PARTITIONS)
                        .allMatch(p -> cluster.inSyncReplicasOf(new TopicPartition(Topics.CHECKINS.name(), p))
                                .equals(cluster.nodeIds())));
    }

    public EmbeddedKafkaCluster nodes() {
        return cluster;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client settings with every right (the test's own reads); bootstrap servers included. */
    public Map<String, Object> adminConfig() {
        return cluster.adminConfig();
    }

    /** The ingest service's Kafka settings, as its environment would give them. */
    public KafkaClientConfig ingestKafka() {
        Map<String, String> variables = new HashMap<>(loginVariables(INGEST_USER, ingestPassword));
        variables.put(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE, bootstrapServers());
        return KafkaClientConfig.from(Env.of(variables));
    }

    /** The streams app's {@code REFLECT_KAFKA_*} login variables (empty on a plaintext cluster). */
    public Map<String, String> streamsVariables() {
        return loginVariables(STREAMS_USER, streamsPassword);
    }

    /** {@code REFLECT_KAFKA_*} variables logging in as {@code user} with {@code password}; empty on plaintext. */
    public Map<String, String> loginVariables(String user, String password) {
        return security == null ? Map.of() : security.variables(user, password);
    }

    public String streamsPassword() {
        return streamsPassword;
    }

    /** Null on a plaintext cluster. */
    public SecureKafka security() {
        return security;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
