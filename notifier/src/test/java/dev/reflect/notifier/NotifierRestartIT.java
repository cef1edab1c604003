package dev.reflect.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topics;
import dev.reflect.notifier.support.AlertJson;
import dev.reflect.notifier.support.IndependentVerifier;
import dev.reflect.notifier.support.Scenario;
import dev.reflect.notifier.support.WebhookReceiver;
import dev.reflect.notifier.support.WebhookReceiver.Received;
import dev.reflect.notifier.topology.NotifierTopology;
import dev.reflect.notifier.webhook.Identities;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.testkit.FreePorts;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier as its own process (NotifierMain in a child JVM, on the test broker), killed with
 * SIGKILL while some webhooks are delivered and others are failing, then started again: the
 * outstanding ones, and only they, are delivered, under the ids they had.
 */
@WithKafka
class NotifierRestartIT {

    private static final Identities IDS =
            new Identities(Pseudonym.withSecret(Scenario.PSEUDONYM_SECRET.getBytes(StandardCharsets.UTF_8)));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    KafkaCluster kafka;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void topics() {
        kafka.createTopics(6, Topics.ALERTS.name(), Topics.NOTIFIER_DEADLETTER.name());
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNotifierKilledMidDeliveryDeliversExactlyTheOutstandingWebhooksAfterItsRestart() throws Exception {
        Scenario scenario = new Scenario(kafka.bootstrapServers());
        String clinician = scenario.clinician("c-restart");
        int count = 6;
        AtomicBoolean accepting = new AtomicBoolean(false);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            // The first 3 requests are taken; then every one fails until the test says otherwise.
            receiver.script("/clinic", n -> n <= 3 || accepting.get() ? 204 : 503);
            scenario.endpoint(clinician, receiver.url("/clinic"));
            List<AlertJson> alerts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                alerts.add(Scenario.alert(scenario.user(i), List.of(clinician)));
            }
            Map<String, String> settings =
                    new LinkedHashMap<>(scenario.settings(dir.resolve("state"), scenario.writeEndpoints(dir), "5000"));
            settings.put(NotifierConfig.MAX_ATTEMPTS_VARIABLE, "100");
            int port = FreePorts.find();
            settings.put(NotifierConfig.PORT_VARIABLE, Integer.toString(port));
            String applicationId = settings.get(NotifierConfig.APPLICATION_ID_VARIABLE);
            Set<String> all = alerts.stream()
                    .map(alert -> IDS.webhookId(alert.alertId(), clinician))
                    .collect(Collectors.toSet());

            Process first = launch(settings, "first");
            scenario.write(alerts);

            await("3 webhooks taken and the 3 others attempted and failing")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> taken(receiver.received("/clinic")).size() == 3
                            && ids(receiver.received("/clinic")).containsAll(all));
            // Mid-delivery, but past the points a crash could blur: every alert's offset is
            // committed, and the 3 deliveries have left the outbox's changelog (tombstones).
            await("the alerts' offsets committed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> allCommitted(applicationId));
            String changelog = applicationId + "-" + NotifierTopology.OUTBOX_STORE + "-changelog";
            await("the 3 deliveries recorded in the outbox changelog")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> tombstones(changelog) >= 3);

            first.destroyForcibly(); // SIGKILL: no commit, no close
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Set<String> delivered = taken(receiver.received("/clinic"));
            Set<String> outstanding =
                    all.stream().filter(id -> !delivered.contains(id)).collect(Collectors.toSet());
            assertThat(outstanding).hasSize(3);
            int before = receiver.received("/clinic").size();
            accepting.set(true);

            launch(settings, "second");

            await("the outstanding webhooks delivered after the restart")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> taken(after(receiver, before)).containsAll(outstanding));
            await("nothing left in the restarted notifier's outbox")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> metric(port, "reflect_notifier_pending") == 0);

            assertThat(ids(after(receiver, before)))
                    .as("after the restart: the outstanding webhooks, and no webhook delivered before")
                    .isEqualTo(outstanding);
            Map<String, Set<String>> bodies = receiver.received("/clinic").stream()
                    .collect(Collectors.groupingBy(
                            Received::webhookId, Collectors.mapping(Received::body, Collectors.toSet())));
            assertThat(bodies.values())
                    .allSatisfy(distinct -> assertThat(distinct)
                            .as("every attempt of one webhook, before and after the kill, carries one body")
                            .hasSize(1));
            IndependentVerifier.assertAllVerify(
                    receiver.received(), Map.of("/clinic", scenario.secret(clinician)), dir);
        }
    }

    /** NotifierMain in a JVM of its own, on this test's classpath, configured by environment. */
    private Process launch(Map<String, String> settings, String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        NotifierMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("notifier-" + name + ".log").toFile());
        builder.environment().putAll(settings);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Whether {@code groupId} has committed the end of every partition of the alerts topic. */
    private boolean allCommitted(String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.ALERTS.name()))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(Topics.ALERTS.name())
                    .partitions()
                    .forEach(p ->
                            latest.put(new TopicPartition(Topics.ALERTS.name(), p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata at = committed.get(end.getKey());
                return end.getValue().offset() == 0
                        || (at != null && at.offset() == end.getValue().offset());
            });
        }
    }

    private static double metric(int port, String name) {
        try {
            String text = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return text.lines()
                    .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Received> after(WebhookReceiver receiver, int before) {
        List<Received> all = receiver.received("/clinic");
        return all.subList(before, all.size());
    }

    private static Set<String> ids(List<Received> received) {
        return received.stream().map(Received::webhookId).collect(Collectors.toSet());
    }

    private static Set<String> taken(List<Received> received) {
        return received.stream()
                .filter(Received::taken)
                .map(Received::webhookId)
                .collect(Collectors.toSet());
    }

    /** How many tombstones (removals) {@code topic} holds, read to its end. */
    private long tombstones(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        count++;
                    }
                }
            }
            return count;
        }
    }
}
