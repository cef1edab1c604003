package dev.reflect.testkit;

import dev.reflect.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A Kafka cluster that accepts nothing but TLS with SASL/SCRAM, as production runs it, with
 * certificates made by the test ({@link TestCertificates}):
 * <ul>
 *   <li>every client listener is {@code SASL_SSL} with {@value #MECHANISM}; there is no plaintext
 *       listener. Clients trust the cluster's authority and say who they are with SCRAM, not with
 *       a certificate;</li>
 *   <li>the controller listener is {@code SSL} with client certificates required: there the
 *       certificate is the identity (SCRAM credentials live in the metadata the controllers serve,
 *       so they cannot guard it), and one from another authority is refused;</li>
 *   <li>the brokers talk to each other as the {@value #ADMIN} user, whose credential is written
 *       when the storage is formatted; {@code StandardAuthorizer} allows nothing without an ACL
 *       except to {@value #ADMIN} and the brokers' certificate ({@code CN=broker}).</li>
 * </ul>
 * Clients get the settings as Kafka names them ({@link #clientConfig}) or as the services read
 * them from the environment ({@link #variables}: {@code REFLECT_KAFKA_SECURITY_PROTOCOL} and so
 * on). Users other than the admin are added with {@link #addUser}, as an operator would.
 */
public final class SecureKafka {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";
    public static final String BROKER_CERTIFICATE = "broker";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final Path trustStore;
    private final Path brokerKeyStore;
    private final Path otherAuthorityTrustStore;
    private final Path otherAuthorityClientKeyStore;
    private final String adminPassword = newPassword();

    private SecureKafka(Path dir) {
        TestCertificates authority = TestCertificates.authority("Reflect test cluster CA");
        this.trustStore = authority.writeTrustStore(dir.resolve("ca.pem"));
        this.brokerKeyStore = authority.issue(BROKER_CERTIFICATE, dir);
        TestCertificates other = TestCertificates.authority("Some other CA");
        this.otherAuthorityTrustStore = other.writeTrustStore(dir.resolve("other-ca.pem"));
        this.otherAuthorityClientKeyStore = other.issue("stranger", dir);
    }

    /** New authorities, keys and an admin password, written under {@code dir}. */
    public static SecureKafka create(Path dir) {
        return new SecureKafka(dir);
    }

    /** A random password of letters and digits (SCRAM's format-time syntax takes no quoting). */
    public static String newPassword() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Makes {@code cluster} secure: the listeners' protocols, TLS and SASL settings for every
     * listener named (the client listener and any extra ones), the admin's credential, the
     * authorizer, and the client settings of the cluster's own admin requests.
     */
    public EmbeddedKafkaCluster.Builder apply(EmbeddedKafkaCluster.Builder cluster, List<String> extraListeners) {
        cluster.securityProtocols("SASL_SSL", "SSL")
                .scramCredential(MECHANISM, ADMIN, adminPassword)
                .clientConfig(clientConfig(ADMIN, adminPassword));
        brokerConfig(extraListeners).forEach(cluster::config);
        return cluster;
    }

    private Map<String, String> brokerConfig(List<String> extraListeners) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("ssl.keystore.type", "PEM");
        config.put("ssl.keystore.location", brokerKeyStore.toString());
        config.put("ssl.truststore.type", "PEM");
        config.put("ssl.truststore.location", trustStore.toString());
        config.put("sasl.enabled.mechanisms", MECHANISM);
        config.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:" + ADMIN + ";User:CN=" + BROKER_CERTIFICATE);
        config.put("allow.everyone.if.no.acl.found", "false");
        config.put("listener.name.controller.ssl.client.auth", "required");
        List<String> listeners = new ArrayList<>(List.of(EmbeddedKafkaCluster.CLIENT_LISTENER));
        listeners.addAll(extraListeners);
        String mechanism = MECHANISM.toLowerCase(Locale.ROOT);
        for (String listener : listeners) {
            String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
            // The client listener is also the brokers' own: they log in to each other as the admin.
            config.put(
                    prefix + mechanism + ".sasl.jaas.config",
                    listener.equals(EmbeddedKafkaCluster.CLIENT_LISTENER)
                            ? jaas(ADMIN, adminPassword)
                            : SCRAM_LOGIN + " required;");
        }
        return config;
    }

    /** Kafka client settings for {@code user} with {@code password}, trusting the cluster's authority. */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString());
        return config;
    }

    /** The settings of the cluster's own admin: every right, for setting up users and ACLs and reading results. */
    public Map<String, Object> adminClientConfig() {
        return clientConfig(ADMIN, adminPassword);
    }

    /**
     * {@link #clientConfig} as the {@code REFLECT_KAFKA_*} environment variables the services read
     * ({@code security.protocol} → {@code REFLECT_KAFKA_SECURITY_PROTOCOL}): the documented way to
     * connect Reflect to a secured cluster.
     */
    public Map<String, String> variables(String user, String password) {
        Map<String, String> variables = new LinkedHashMap<>();
        clientConfig(user, password)
                .forEach((name, value) -> variables.put(
                        "REFLECT_KAFKA_" + name.toUpperCase(Locale.ROOT).replace('.', '_'), String.valueOf(value)));
        return variables;
    }

    /** A trust store of another authority: a client using it does not trust the cluster. */
    public Path otherAuthorityTrustStore() {
        return otherAuthorityTrustStore;
    }

    /** A key store whose certificate another authority signed: the cluster does not trust it. */
    public Path otherAuthorityClientKeyStore() {
        return otherAuthorityClientKeyStore;
    }

    /** The brokers' own key store, the identity the controllers accept ({@code CN=broker}). */
    public Path brokerKeyStore() {
        return brokerKeyStore;
    }

    public Path trustStore() {
        return trustStore;
    }

    /** Creates or replaces {@code user}'s SCRAM credential through {@code admin}, as an operator would. */
    public static void addUser(Admin admin, String user, String password) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not add the SCRAM user " + user, e);
        }
    }

    private static String jaas(String user, String password) {
        return SCRAM_LOGIN + " required username=\"" + user + "\" password=\"" + password + "\";";
    }
}
