package dev.reflect.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's Java threads, grouped by what they belong to, between two readings: in
 * one JVM holding a broker, two services and the load, it says which part took the cores. Native
 * threads (RocksDB's compactions, the JIT compiler, GC) are not Java threads and show only in the
 * process total, as "not in a Java thread".
 */
final class StreamsThreadCpu {

    /** The groups, in the order the report lists them; the first whose prefix a thread name has wins. */
    static final List<Map.Entry<String, List<String>>> GROUPS = List.of(
            Map.entry("load client (senders, pollers)", List.of("streams-bench-")),
            Map.entry("ingest service HTTP (Jetty, handlers, Kafka send)", List.of("ingest-http")),
            Map.entry("query API HTTP", List.of("query-http", "query-peer-")),
            Map.entry("ingest service's Kafka producer I/O", List.of("kafka-producer-network-thread")),
            Map.entry(
                    "broker request handling and I/O",
                    List.of("data-plane-kafka", "kafka-network-thread", "kafka-request-handler")),
            Map.entry(
                    "broker, other (log, coordinators, controller)",
                    List.of(
                            "kafka-",
                            "broker-",
                            "quorum-",
                            "raft-",
                            "group-coordinator",
                            "transaction-",
                            "TxnMarker",
                            "AddPartitions",
                            "ExpirationReaper",
                            "LogDirFailureHandler",
                            "controller-",
                            "share-",
                            "ReplicaFetcher",
                            "metrics-")));

    private final Map<Long, Long> cpuNanos;
    private final Map<Long, String> names;
    private final long processCpuNanos;
    private final long nanoTime;

    private StreamsThreadCpu(Map<Long, Long> cpuNanos, Map<Long, String> names, long processCpuNanos, long nanoTime) {
        this.cpuNanos = cpuNanos;
        this.names = names;
        this.processCpuNanos = processCpuNanos;
        this.nanoTime = nanoTime;
    }

    static StreamsThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null) {
                long time = threads.getThreadCpuTime(info.getThreadId());
                if (time >= 0) {
                    cpu.put(info.getThreadId(), time);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        long process =
                ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                        ? os.getProcessCpuTime()
                        : 0;
        return new StreamsThreadCpu(cpu, names, process, System.nanoTime());
    }

    /** Cores per group from {@code this} reading to {@code later}, the stream threads of {@code applicationId} apart. */
    Map<String, Double> coresUntil(StreamsThreadCpu later, String applicationId) {
        double seconds = (later.nanoTime - nanoTime) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        cores.put("streams app: stream thread", 0.0);
        cores.put("streams app: its Kafka clients' I/O threads", 0.0);
        GROUPS.forEach(group -> cores.put(group.getKey(), 0.0));
        cores.put("other Java threads", 0.0);
        double javaThreads = 0;
        for (Map.Entry<Long, Long> thread : later.cpuNanos.entrySet()) {
            // A thread started in between counts from zero; one that ended is lost, which is why readings are near.
            long used = thread.getValue() - cpuNanos.getOrDefault(thread.getKey(), 0L);
            double share = used / 1e9 / seconds;
            javaThreads += share;
            cores.merge(group(later.names.get(thread.getKey()), applicationId), share, Double::sum);
        }
        cores.put(
                "not in a Java thread (JIT compiler, GC, RocksDB)",
                Math.max(0, (later.processCpuNanos - processCpuNanos) / 1e9 / seconds - javaThreads));
        return cores;
    }

    static String group(String threadName, String applicationId) {
        if (applicationId != null && StreamsStackProfile.isStreamThread(threadName, applicationId)) {
            return "streams app: stream thread";
        }
        if (applicationId != null && threadName.contains(applicationId)) {
            return "streams app: its Kafka clients' I/O threads";
        }
        for (Map.Entry<String, List<String>> group : GROUPS) {
            for (String prefix : group.getValue()) {
                if (threadName.startsWith(prefix)) {
                    return group.getKey();
                }
            }
        }
        return "other Java threads";
    }
}
