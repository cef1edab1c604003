package dev.reflect.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Where a stream thread spends its time, from stack samples: every few milliseconds the stacks of
 * the threads whose name holds {@code StreamThread} and a given application id are taken through
 * {@link ThreadMXBean} and each is put in one {@link Bucket}. A sampling profiler in a few lines,
 * so the breakdown comes out of the same run as the numbers it explains.
 *
 * <p>Samples are taken at safepoints, which blurs which line of a hot loop runs but hardly which
 * component's frames are on the stack, and that is all a bucket says. A stack is put in the bucket
 * of its innermost recognised frame: Jackson called by the timestamp extractor counts as
 * extraction, RocksDB called by the dedup store as dedup. A thread parked or in {@code epoll} is
 * waiting, for the broker in a commit or a fetch.
 */
final class StreamsStackProfile {

    /** What a sample shows the stream thread doing, in the order the report lists them. */
    enum Bucket {
        TIMESTAMP("timestamp extraction (occurredAt scan)"),
        JSON_PARSE("JSON parse and record building (EventParser, Jackson)"),
        PEER_SERDE("naive peer's Jackson data-binding serdes (input check-in, day aggregate)"),
        SCHEMA("JSON Schema validation (networknt)"),
        VALIDATOR("validator, other (EventValidator)"),
        DEDUP("dedup store (seen event ids: RocksDB lookups and writes, their changelog sends, the purge)"),
        USER_STATE_SERDE("user-state serde (UserStateSerde)"),
        FIGURES("per-day figures (UserState, Figures)"),
        ESCALATION("escalation evaluator"),
        LISTENER("metrics listener (StreamsMetrics)"),
        AGGREGATOR("aggregator, other (UserPatternAggregator)"),
        KV_STORE("key-value store and cache (get/put, flush to RocksDB)"),
        PRODUCE("producing (changelog, output, transactions)"),
        CONSUME("consuming (poll, deserialize, record queues)"),
        WAIT_COMMIT("waiting for the broker in a commit"),
        WAIT_POLL("waiting for the broker in a poll"),
        WAIT_OTHER("waiting, other"),
        STREAMS_OTHER("Kafka Streams, other");

        private final String description;

        Bucket(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

    private record Rule(Bucket bucket, Predicate<StackTraceElement> frame) {}

    /**
     * Frames that name a component wherever they are on the stack: nothing of the other
     * components runs inside the dedup store, so its RocksDB and store frames are its own.
     */
    private static boolean isDedupFrame(StackTraceElement f) {
        return f.getClassName().startsWith("dev.reflect.streams.topology.SeenEvents")
                || f.getClassName().startsWith("dev.reflect.bench.NaivePeerTopology$Deduplicate");
    }

    /** The innermost frame matching one of these names the bucket. */
    private static final List<Rule> RULES = List.of(
            new Rule(
                    Bucket.SCHEMA,
                    f -> f.getClassName().startsWith("com.networknt.schema.")
                            || f.getClassName().startsWith("dev.reflect.events.validation.CompiledSchema")),
            new Rule(
                    Bucket.TIMESTAMP,
                    f -> f.getClassName().startsWith("dev.reflect.streams.topology.OccurredAt")
                            || f.getClassName().startsWith("dev.reflect.bench.NaivePeerTopology$LocalDayExtractor")),
            new Rule(
                    Bucket.PEER_SERDE,
                    f -> f.getClassName().startsWith("dev.reflect.bench.NaivePeerTopology$JacksonSerde")),
            new Rule(
                    Bucket.FIGURES, f -> f.getClassName().startsWith("dev.reflect.bench.NaivePeerTopology$DayFigures")),
            new Rule(Bucket.JSON_PARSE, f -> f.getClassName().startsWith("dev.reflect.events.validation.EventParser")),
            new Rule(
                    Bucket.USER_STATE_SERDE,
                    f -> f.getClassName().startsWith("dev.reflect.streams.state.UserStateSerde")),
            new Rule(Bucket.ESCALATION, f -> f.getClassName().startsWith("dev.reflect.streams.escalation.")),
            new Rule(Bucket.FIGURES, f -> f.getClassName().startsWith("dev.reflect.streams.state.")),
            new Rule(Bucket.LISTENER, f -> f.getClassName().startsWith("dev.reflect.streams.metrics.")),
            new Rule(
                    Bucket.VALIDATOR,
                    f -> f.getClassName().startsWith("dev.reflect.streams.topology.EventValidator")
                            || f.getClassName().startsWith("dev.reflect.streams.deadletter.")),
            new Rule(
                    Bucket.AGGREGATOR,
                    f -> f.getClassName().startsWith("dev.reflect.streams.topology.UserPatternAggregator")),
            new Rule(Bucket.KV_STORE, f -> f.getClassName().startsWith("org.apache.kafka.streams.state.internals.")),
            new Rule(
                    Bucket.PRODUCE,
                    f -> f.getClassName().startsWith("org.apache.kafka.clients.producer.")
                            || f.getClassName().endsWith(".RecordCollectorImpl")
                            || f.getClassName().endsWith(".StreamsProducer")),
            new Rule(
                    Bucket.CONSUME,
                    f -> f.getClassName().startsWith("org.apache.kafka.clients.consumer.")
                            || f.getClassName().endsWith(".RecordQueue")
                            || f.getClassName().endsWith(".PartitionGroup")
                            || f.getClassName().endsWith(".RecordDeserializer")));

    private final Map<Bucket, Integer> counts = new EnumMap<>(Bucket.class);
    private final Map<String, Integer> leaves = new HashMap<>();
    private final Map<String, Integer> waitSites = new HashMap<>();
    private int samples;

    /** Puts one stack (innermost frame first, as Java gives it) in its bucket. */
    static Bucket classify(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return Bucket.STREAMS_OTHER;
        }
        if (isWaiting(stack[0])) {
            for (StackTraceElement frame : stack) {
                String method = frame.getMethodName();
                if (method.contains("commit") || method.contains("Commit") || method.equals("flush")) {
                    return Bucket.WAIT_COMMIT;
                }
                if (method.equals("poll") || method.equals("pollRequests") || method.equals("pollPhase")) {
                    return Bucket.WAIT_POLL;
                }
            }
            return Bucket.WAIT_OTHER;
        }
        for (StackTraceElement frame : stack) {
            if (isDedupFrame(frame)) {
                return Bucket.DEDUP;
            }
        }
        for (StackTraceElement frame : stack) {
            for (Rule rule : RULES) {
                if (rule.frame().test(frame)) {
                    return rule.bucket();
                }
            }
        }
        return Bucket.STREAMS_OTHER;
    }

    /** Blocked in the kernel or parked: the thread is not using the CPU. */
    static boolean isWaiting(StackTraceElement leaf) {
        String name = leaf.getClassName() + "." + leaf.getMethodName();
        return name.startsWith("sun.nio.ch.EPoll.wait")
                || name.startsWith("jdk.internal.misc.Unsafe.park")
                || name.startsWith("java.lang.Object.wait")
                || name.startsWith("java.lang.Thread.sleep");
    }

    synchronized void add(StackTraceElement[] stack) {
        samples++;
        counts.merge(classify(stack), 1, Integer::sum);
        if (stack.length > 0 && !isWaiting(stack[0])) {
            leaves.merge(stack[0].getClassName() + "." + stack[0].getMethodName(), 1, Integer::sum);
        } else if (stack.length > 0) {
            waitSites.merge(waitSite(stack), 1, Integer::sum);
        }
    }

    /** The innermost Kafka Streams frame of a waiting stack: what the thread waits for. */
    static String waitSite(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("org.apache.kafka.streams.")) {
                return frame.getClassName() + "." + frame.getMethodName();
            }
        }
        return stack[0].getClassName() + "." + stack[0].getMethodName();
    }

    synchronized int samples() {
        return samples;
    }

    /**
     * Kafka Streams names its threads {@code <application id>-<process id>-StreamThread-<n>}; the
     * thread's producer and consumer name theirs after it ({@code kafka-producer-network-thread |
     * ...-StreamThread-1-producer}), and those must not count.
     */
    static boolean isStreamThread(String threadName, String applicationId) {
        return threadName.startsWith(applicationId + "-")
                && STREAM_THREAD.matcher(threadName).matches();
    }

    /** Whether samples in this bucket show the thread off the CPU. */
    static boolean isWaiting(Bucket bucket) {
        return bucket == Bucket.WAIT_COMMIT || bucket == Bucket.WAIT_POLL || bucket == Bucket.WAIT_OTHER;
    }

    /** The share of the samples that found the thread running (not waiting) in {@code bucket}, 0..1. */
    synchronized double runningShare(Bucket bucket) {
        if (isWaiting(bucket)) {
            return 0;
        }
        int running = 0;
        for (Map.Entry<Bucket, Integer> count : counts.entrySet()) {
            if (!isWaiting(count.getKey())) {
                running += count.getValue();
            }
        }
        return running == 0 ? 0 : counts.getOrDefault(bucket, 0) / (double) running;
    }

    /** The share of samples in {@code bucket}, 0..1. */
    synchronized double share(Bucket bucket) {
        return samples == 0 ? 0 : counts.getOrDefault(bucket, 0) / (double) samples;
    }

    /** The methods most often on top of a running stack, with their share of all samples. */
    synchronized List<Map.Entry<String, Double>> topLeaves(int limit) {
        return top(leaves, limit);
    }

    /** Where waiting stacks wait, most often first, with their share of all samples. */
    synchronized List<Map.Entry<String, Double>> topWaitSites(int limit) {
        return top(waitSites, limit);
    }

    private List<Map.Entry<String, Double>> top(Map<String, Integer> counted, int limit) {
        List<Map.Entry<String, Double>> top = new ArrayList<>();
        counted.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .forEach(e -> top.add(Map.entry(e.getKey(), e.getValue() / (double) samples)));
        return top;
    }

    /**
     * Samples, every {@code interval}, the stream threads of {@code applicationId} into a profile
     * until closed. Runs on its own daemon thread.
     */
    static final class Sampler implements AutoCloseable {

        private final StreamsStackProfile profile = new StreamsStackProfile();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler(String applicationId, long intervalMillis) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            thread = new Thread(
                    () -> {
                        long[] ids = new long[0];
                        long nextLookup = 0;
                        while (running) {
                            // Looking through every thread of a JVM holding a broker costs more than a
                            // sample, so the stream threads are looked up once a second, not every time.
                            if (System.nanoTime() >= nextLookup) {
                                ids = streamThreadIds(threads, applicationId);
                                nextLookup = System.nanoTime() + 1_000_000_000L;
                            }
                            for (ThreadInfo info : threads.getThreadInfo(ids, Integer.MAX_VALUE)) {
                                if (info != null) {
                                    profile.add(info.getStackTrace());
                                }
                            }
                            try {
                                TimeUnit.MILLISECONDS.sleep(intervalMillis);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "streams-bench-stack-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private static long[] streamThreadIds(ThreadMXBean threads, String applicationId) {
            return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds(), 0))
                    .filter(info -> info != null && isStreamThread(info.getThreadName(), applicationId))
                    .mapToLong(ThreadInfo::getThreadId)
                    .toArray();
        }

        StreamsStackProfile profile() {
            return profile;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
