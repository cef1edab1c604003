package dev.reflect.launcher;

import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.kafka.embedded.EmbeddedKafkaCluster;
import dev.reflect.kafka.embedded.TopicAdmin;
import dev.reflect.notifier.NotifierApp;
import dev.reflect.notifier.NotifierConfig;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.keys.KekSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.web.WebApp;
import dev.reflect.web.WebConfig;
import java.net.URI;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;

/**
 * What {@code ./reflect run} starts, in this one process: the embedded broker (unless a cluster
 * is given), the contract topics, the streams app, the ingest service, the web app in front of
 * them (the one address a person uses) and the notifier (clinicians' webhooks; it sends none until
 * {@code REFLECT_NOTIFIER_ENDPOINTS} names a file of endpoints, docs/notifier.md). Each started part is
 * pushed onto the caller's stack, so stopping pops them in reverse order.
 */
record LocalServices(
        LocalRunSettings settings,
        String bootstrapServers,
        IngestConfig ingestConfig,
        IngestApp ingest,
        StreamsAppConfig streamsConfig,
        StreamsApp streams,
        WebConfig webConfig,
        WebApp web,
        NotifierConfig notifierConfig,
        NotifierApp notifier) {

    static LocalServices start(LocalRunSettings settings, Deque<AutoCloseable> running, Logger log) {
        Env env = Env.system();
        KafkaClientConfig kafka = KafkaClientConfig.from(env);
        if (settings.embeddedBroker() && settings.brokers() == 1) {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings.kafkaDir(), settings.kafkaPort());
            log.info("Starting the embedded Kafka broker (data in {}) ...", broker.dataDir());
            running.push(broker.start());
            kafka = kafka.withBootstrapServers(broker.bootstrapServers());
        } else if (settings.embeddedBroker()) {
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                    .nodes(settings.brokers())
                    .dataDir(settings.kafkaDir())
                    .basePort(settings.kafkaPort())
                    .build();
            log.info(
                    "Starting an embedded Kafka cluster of {} nodes on {} (data in {}) ...",
                    settings.brokers(),
                    cluster.bootstrapServers(),
                    settings.kafkaDir());
            running.push(cluster.start());
            kafka = kafka.withBootstrapServers(cluster.bootstrapServers());
        } else {
            kafka = kafka.withBootstrapServers(settings.bootstrapServers().orElseThrow());
        }
        String bootstrap = kafka.bootstrapServers();
        TopicAdmin.createTopics(
                kafka.base(),
                settings.topicPartitions(),
                Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
        CompactedTopics.apply(kafka.base());
        keepSharingForever(kafka.base());
        log.info(
                "Topics ready on {}: {}",
                bootstrap,
                Topics.ALL.stream().map(Topic::name).toList());

        // Local runs listen on loopback only unless the operator says otherwise: this is personal data.
        Env withKek = LocalKek.ensure(env, settings.dataDir(), log)
                .map(file -> env.with(Map.of(KekSettings.FILE_VARIABLE, file.toString())))
                .orElse(env);
        Env local = withKek.with(Map.of(
                IngestConfig.HOST_VARIABLE,
                env.string(IngestConfig.HOST_VARIABLE, "127.0.0.1"),
                StreamsAppConfig.HOST_VARIABLE,
                env.string(StreamsAppConfig.HOST_VARIABLE, "127.0.0.1"),
                WebConfig.HOST_VARIABLE,
                env.string(WebConfig.HOST_VARIABLE, "127.0.0.1"),
                StreamsAppConfig.STATE_DIR_VARIABLE,
                env.string(
                        StreamsAppConfig.STATE_DIR_VARIABLE,
                        settings.streamsStateDir().toString()),
                // One instance has nowhere to put a standby replica; asking for one only logs warnings.
                StreamsAppConfig.STANDBY_REPLICAS_VARIABLE,
                env.string(StreamsAppConfig.STANDBY_REPLICAS_VARIABLE, "0"),
                NotifierConfig.HOST_VARIABLE,
                env.string(NotifierConfig.HOST_VARIABLE, "127.0.0.1"),
                NotifierConfig.STATE_DIR_VARIABLE,
                env.string(
                        NotifierConfig.STATE_DIR_VARIABLE,
                        settings.notifierStateDir().toString())));

        StreamsAppConfig streamsConfig = StreamsAppConfig.from(local).withBootstrapServers(bootstrap);
        StreamsApp streams = StreamsApp.create(streamsConfig);
        running.push(streams.start());

        IngestConfig ingestConfig = IngestConfig.from(local).withBootstrapServers(bootstrap);
        if (ingestConfig.queryUrl().isEmpty()) {
            // GET /v1/me/sharing is answered from the streams app's copy of the person's grants.
            ingestConfig = ingestConfig.withQueryUrl(
                    URI.create("http://" + clientHost(streamsConfig.host()) + ":" + streams.port()));
        }
        IngestApp ingest = IngestApp.create(ingestConfig);
        running.push(ingest.start());

        LocalServices started = new LocalServices(
                settings, bootstrap, ingestConfig, ingest, streamsConfig, streams, null, null, null, null);
        WebConfig webConfig =
                WebConfig.from(local).withUpstreams(URI.create(started.ingestUrl()), URI.create(started.queryUrl()));
        WebApp web = WebApp.create(webConfig);
        running.push(web.start());

        NotifierConfig notifierConfig = NotifierConfig.from(local).withBootstrapServers(bootstrap);
        NotifierApp notifier = NotifierApp.create(notifierConfig);
        running.push(notifier.start());
        return new LocalServices(
                settings,
                bootstrap,
                ingestConfig,
                ingest,
                streamsConfig,
                streams,
                webConfig,
                web,
                notifierConfig,
                notifier);
    }

    /**
     * Grants and revocations are the one input that must outlive any retention: a person who
     * shared two years ago still shares, also when the streams app rebuilds its state from the
     * topics. {@code retention.ms=-1} on {@code reflect.sharing.v1}; an operator's own cluster
     * needs the same (see docs/contract.md §8).
     */
    private static void keepSharingForever(Map<String, Object> clientConfig) {
        try (Admin admin = Admin.create(clientConfig)) {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, Topics.SHARING.name()),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while configuring " + Topics.SHARING.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not keep " + Topics.SHARING.name() + " for ever", e);
        }
    }

    /** The web app's address: the one a person opens. */
    String webUrl() {
        return "http://" + clientHost(webConfig.host()) + ":" + web.port();
    }

    /** The ingest service's base URL for a client on this machine. */
    String ingestUrl() {
        return "http://" + clientHost(ingestConfig.host()) + ":" + ingest.port();
    }

    /** The query service's base URL for a client on this machine. */
    String queryUrl() {
        return "http://" + clientHost(streamsConfig.host()) + ":" + streams.port();
    }

    /** The notifier's health and metrics address. */
    String notifierUrl() {
        return "http://" + clientHost(notifierConfig.host()) + ":" + notifier.port();
    }

    /** How many clinicians get webhooks, and from which setting. */
    String notifierDescription() {
        int endpoints = notifierConfig.endpointCount();
        return endpoints == 0
                ? "no clinician endpoints (set REFLECT_NOTIFIER_ENDPOINTS, docs/notifier.md)"
                : endpoints + " clinician endpoint(s) from REFLECT_NOTIFIER_ENDPOINTS";
    }

    String kafkaDescription() {
        if (!settings.embeddedBroker()) {
            return bootstrapServers;
        }
        String nodes = settings.brokers() == 1
                ? "embedded"
                : "embedded, " + settings.brokers() + " nodes, topics with 3 replicas and min.insync.replicas 2";
        return bootstrapServers + " (" + nodes + ", data in " + settings.dataDir() + ")";
    }

    /** A wildcard bind address is not somewhere to connect to; loopback reaches it. */
    private static String clientHost(String bindHost) {
        return switch (bindHost) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
        };
    }
}
