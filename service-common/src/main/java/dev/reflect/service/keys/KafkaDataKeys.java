package dev.reflect.service.keys;

import dev.reflect.events.Topics;
import dev.reflect.events.crypto.DataKey;
import dev.reflect.events.crypto.DataKeys;
import dev.reflect.events.crypto.KeyEncryptionKey;
import dev.reflect.events.crypto.KeyException;
import dev.reflect.service.config.KafkaClientConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People's data keys kept on {@code reflect.keys.v1} (see {@link KeyRecords}), for both services:
 * the ingest service seals with them, the streams app opens texts and destroys keys on erasure.
 *
 * <ul>
 *   <li><b>Replica.</b> A consumer thread reads the whole topic from the start and then follows it,
 *       into an index of the wrapped keys by person. {@link #start} returns once it has caught up,
 *       so a person's existing key is used rather than a second one made. The index holds wrapped
 *       keys only (about 150 bytes a key); it is the one part that grows with the population.</li>
 *   <li><b>Unwrapped keys</b> are cached within bounds: at most {@code cacheSize} of them, each
 *       for at most {@link #CACHE_TTL} after it was unwrapped, so a key in use costs one unwrap
 *       every few minutes and a key nobody uses does not linger in memory.</li>
 *   <li><b>New keys</b> are written ({@code acks=all}) before they seal anything: a text is never
 *       sealed with a key that could be lost. Two instances that meet a new person at once each
 *       make one; both are kept (separate records), and the newest seals from then on.</li>
 *   <li><b>Destroying</b> writes a tombstone per key; every replica drops the key and its cached
 *       copy when it reads the tombstone, and the log cleaner removes the record from disk within
 *       the topic's compaction lag.</li>
 * </ul>
 * Nothing here logs a key, a userId or a text. Thread-safe.
 */
public final class KafkaDataKeys implements DataKeys, AutoCloseable {

    public static final Duration CACHE_TTL = Duration.ofMinutes(10);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(200);

    private static final Logger log = LoggerFactory.getLogger(KafkaDataKeys.class);

    private record Entry(long keyId, Instant createdAt, byte[] wrapped) {}

    private record Unwrapped(DataKey key, long expiresAtNanos) {}

    private record CacheKey(String userId, long keyId) {}

    private final KeyEncryptionKey kek;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Clock clock;
    private final int cacheSize;
    private final Map<String, List<Entry>> index = new ConcurrentHashMap<>();
    /** Access-ordered; guarded by itself. */
    private final LinkedHashMap<CacheKey, Unwrapped> cache;

    private final List<Consumer<String>> destroyedListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread follower;
    private volatile boolean closed;
    /** True once the replica has read the topic to the end it had at start; false again never, unless it stops. */
    private volatile boolean current;
    /** How long a key write may take before the caller is told it failed: within the service's own write bound. */
    private final Duration writeTimeout;

    private KafkaDataKeys(
            KafkaClientConfig kafka,
            KeyEncryptionKey kek,
            String clientId,
            int cacheSize,
            Clock clock,
            Duration writeTimeout) {
        this.kek = Objects.requireNonNull(kek, "kek");
        this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout");
        this.clock = clock;
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be at least 1");
        }
        this.cacheSize = cacheSize;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, Unwrapped> eldest) {
                return size() > KafkaDataKeys.this.cacheSize;
            }
        };
        this.producer = new KafkaProducer<>(kafka.configure(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG,
                clientId + "-keys",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                String.valueOf(writeTimeout.toMillis()),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                String.valueOf(writeTimeout.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(Math.max(500, writeTimeout.toMillis() - 1000)),
                ProducerConfig.LINGER_MS_CONFIG,
                "0",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class)));
        this.consumer = new KafkaConsumer<>(kafka.configure(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientId + "-keys-replica",
                // Read only what committed: a tombstone written in an erasure's transaction counts once it commits.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)));
        this.follower = new Thread(this::follow, clientId + "-keys-replica");
        follower.setDaemon(true);
    }

    /**
     * The key store of {@code reflect.keys.v1} on {@code kafka}, started: returns once its replica
     * has read the topic to its end (or after {@code catchUp}, with a warning).
     */
    public static KafkaDataKeys start(
            KafkaClientConfig kafka, KeyEncryptionKey kek, String clientId, int cacheSize, Duration catchUp) {
        return start(kafka, kek, clientId, cacheSize, catchUp, WRITE_TIMEOUT);
    }

    /**
     * The same, with key writes bounded by {@code writeTimeout}: a service that promises an answer
     * within its own write bound (the ingest service) passes that bound.
     */
    public static KafkaDataKeys start(
            KafkaClientConfig kafka,
            KeyEncryptionKey kek,
            String clientId,
            int cacheSize,
            Duration catchUp,
            Duration writeTimeout) {
        KafkaDataKeys keys = new KafkaDataKeys(kafka, kek, clientId, cacheSize, Clock.systemUTC(), writeTimeout);
        keys.follower.start();
        try {
            if (!keys.caughtUp.await(catchUp.toMillis(), TimeUnit.MILLISECONDS) && !catchUp.isZero()) {
                log.warn("The data key replica has not caught up with {} after {}", Topics.KEYS.name(), catchUp);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return keys;
    }

    /** Hears the userId of each person whose keys a tombstone destroyed (on the replica's thread; keep it short). */
    public void onDestroyed(Consumer<String> listener) {
        destroyedListeners.add(listener);
    }

    /** True once the replica has read the topic to the end it had at start, and while it keeps following it. */
    public boolean caughtUp() {
        return current;
    }

    @Override
    public DataKey forSealing(String userId) {
        Optional<Entry> newest = newest(userId);
        if (newest.isPresent()) {
            return unwrapped(userId, newest.get());
        }
        return create(userId);
    }

    @Override
    public Optional<DataKey> forOpening(String userId, long keyId) {
        List<Entry> entries = index.get(userId);
        if (entries == null) {
            return Optional.empty();
        }
        for (Entry entry : entries) {
            if (entry.keyId() == keyId) {
                return Optional.of(unwrapped(userId, entry));
            }
        }
        return Optional.empty();
    }

    /** How many keys {@code userId} has, as far as this replica knows. */
    public int keyCount(String userId) {
        List<Entry> entries = index.get(userId);
        return entries == null ? 0 : entries.size();
    }

    /**
     * Destroys every key of {@code userId} made up to {@code madeUpTo} (keys made later belong to
     * what they wrote after an erasure): one tombstone each, acknowledged before this returns.
     * Returns how many it destroyed. Idempotent. Throws {@link KeyException} before the replica has
     * caught up (a key it has not read yet would survive) or when Kafka did not take a tombstone.
     */
    public int destroy(String userId, Instant madeUpTo) {
        if (!caughtUp()) {
            // Until then a key of theirs may be unknown here and would survive: the caller retries.
            throw new KeyException("the data key replica has not caught up yet");
        }
        List<Entry> entries = index.getOrDefault(userId, List.of());
        List<Entry> doomed = entries.stream()
                .filter(entry -> !entry.createdAt().isAfter(madeUpTo))
                .toList();
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Entry entry : doomed) {
            sent.add(producer.send(
                    new ProducerRecord<>(Topics.KEYS.name(), KeyRecords.key(userId, entry.keyId()), null)));
        }
        for (java.util.concurrent.Future<?> write : sent) {
            await(write, "destroying a data key");
        }
        for (Entry entry : doomed) {
            remove(userId, entry.keyId());
        }
        return doomed.size();
    }

    private DataKey create(String userId) {
        DataKey key = DataKey.generate();
        Instant createdAt = clock.instant();
        byte[] wrapped = kek.wrap(key, userId);
        long keyId = Integer.toUnsignedLong(key.keyId());
        await(
                producer.send(new ProducerRecord<>(
                        Topics.KEYS.name(),
                        KeyRecords.key(userId, keyId),
                        KeyRecords.value(new KeyRecords.Stored(createdAt, wrapped)))),
                "storing a new data key");
        Entry entry = new Entry(keyId, createdAt, wrapped);
        add(userId, entry);
        synchronized (cache) {
            cache.put(new CacheKey(userId, keyId), new Unwrapped(key, System.nanoTime() + CACHE_TTL.toNanos()));
        }
        return key;
    }

    private Optional<Entry> newest(String userId) {
        List<Entry> entries = index.get(userId);
        if (entries == null) {
            return Optional.empty();
        }
        return entries.stream().max(Comparator.comparing(Entry::createdAt).thenComparingLong(Entry::keyId));
    }

    private DataKey unwrapped(String userId, Entry entry) {
        CacheKey cacheKey = new CacheKey(userId, entry.keyId());
        long now = System.nanoTime();
        synchronized (cache) {
            Unwrapped cached = cache.get(cacheKey);
            if (cached != null && now - cached.expiresAtNanos() < 0) {
                return cached.key();
            }
        }
        DataKey key = kek.unwrap(entry.wrapped(), userId);
        synchronized (cache) {
            cache.put(cacheKey, new Unwrapped(key, now + CACHE_TTL.toNanos()));
        }
        return key;
    }

    private void add(String userId, Entry entry) {
        index.compute(userId, (id, entries) -> {
            List<Entry> updated = entries == null ? new ArrayList<>(1) : new ArrayList<>(entries);
            updated.removeIf(existing -> existing.keyId() == entry.keyId());
            updated.add(entry);
            return List.copyOf(updated);
        });
    }

    private void remove(String userId, long keyId) {
        index.computeIfPresent(userId, (id, entries) -> {
            List<Entry> kept =
                    entries.stream().filter(entry -> entry.keyId() != keyId).toList();
            return kept.isEmpty() ? null : kept;
        });
        synchronized (cache) {
            cache.remove(new CacheKey(userId, keyId));
        }
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = partitions();
            while (partitions.isEmpty() && !closed) {
                // No key topic yet, so no keys to catch up with; the first new key creates it.
                current = true;
                caughtUp.countDown();
                Thread.sleep(POLL.toMillis());
                partitions = partitions();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (!current && reached(end)) {
                    current = true;
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                log.error("The data key replica stopped: {}", e.getClass().getName());
            }
        } finally {
            // A replica that stopped is current no more: destroying keys then fails and is retried.
            current = false;
            caughtUp.countDown();
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(Topics.KEYS.name(), Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        return partitions;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        KeyRecords.Id id = KeyRecords.id(record.key());
        if (id == null) {
            return;
        }
        if (record.value() == null) {
            remove(id.userId(), id.keyId());
            if (index.get(id.userId()) == null) {
                for (Consumer<String> listener : destroyedListeners) {
                    try {
                        listener.accept(id.userId());
                    } catch (RuntimeException e) {
                        log.warn(
                                "A key destruction listener failed: {}",
                                e.getClass().getName());
                    }
                }
            }
            return;
        }
        KeyRecords.Stored stored = KeyRecords.stored(record.value());
        if (stored != null) {
            add(id.userId(), new Entry(id.keyId(), stored.createdAt(), stored.wrapped()));
        }
    }

    private void await(java.util.concurrent.Future<?> write, String what) {
        try {
            write.get(writeTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyException(what + " was interrupted");
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new KeyException(what + " failed: Kafka did not acknowledge the write ("
                    + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            follower.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "KafkaDataKeys[" + index.size() + " people]";
    }
}
