package dev.reflect.notifier.topology;

import dev.reflect.events.Topics;
import dev.reflect.events.serde.JsonSerde;
import dev.reflect.notifier.delivery.PendingDelivery;
import dev.reflect.notifier.webhook.AlertNotice;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The notifier's topology, built from settings alone (no I/O until it runs):
 *
 * <pre>
 *   reflect.alerts.v1 ─► alerts-source ─► outbox ─────────────► notifier-deadletter-sink ─► reflect.notifier.deadletter.v1
 *                                           │  store notifier-outbox (webhookId → pending webhook;
 *                                           │  changelog &lt;application.id&gt;-notifier-outbox-changelog)
 *                                           └─ every tick: take in answers, start due attempts (HTTP, async)
 * </pre>
 *
 * The outbox is partitioned like the alerts (by userId), so it moves with them between instances.
 */
public final class NotifierTopology {

    public static final String ALERTS_SOURCE = "alerts-source";
    public static final String OUTBOX = "outbox";
    public static final String OUTBOX_STORE = "notifier-outbox";
    public static final String DEADLETTER_SINK = "notifier-deadletter-sink";

    private NotifierTopology() {}

    /** The topic the notifier reads (its only input): for ACLs and docs, the one {@link #build} wires. */
    public static String readTopic() {
        return Topics.ALERTS.name();
    }

    /** The topic the notifier writes, besides its own changelog: the one {@link #build} wires. */
    public static String writtenTopic() {
        return Topics.NOTIFIER_DEADLETTER.name();
    }

    public static Topology build(DeliverySettings settings, DeliveryRuntime runtime) {
        Topology topology = new Topology();
        topology.addSource(
                ALERTS_SOURCE,
                Topics.ALERTS.keySerde().deserializer(),
                // The wire format, not the events module's Alert: see AlertNotice.
                new JsonSerde<>(AlertNotice.class).deserializer(),
                readTopic());
        topology.addProcessor(OUTBOX, () -> new OutboxProcessor(settings, runtime), ALERTS_SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(OUTBOX_STORE),
                        Serdes.String(),
                        new JsonSerde<>(PendingDelivery.class)),
                OUTBOX);
        topology.addSink(
                DEADLETTER_SINK,
                writtenTopic(),
                Topics.NOTIFIER_DEADLETTER.keySerde().serializer(),
                Topics.NOTIFIER_DEADLETTER.valueSerde().serializer(),
                OUTBOX);
        return topology;
    }
}
