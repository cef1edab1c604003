package dev.reflect.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Single-event ingest at a fixed offered rate, open loop: request i is due at start + i/rate,
 * whatever happened to the ones before, and its latency counts from when it was due, not from
 * when a connection got round to sending it. A closed loop like {@code wrk} slows down with the
 * server and so hides its queueing (coordinated omission); here a slow server shows as latency,
 * and a load generator that cannot keep the schedule shows as lag.
 *
 * <p>Requests go out over keep-alive {@link StreamsHttpConnection}s, one sending thread each, as
 * in the streams benchmark's freshness load; enough connections must be given for the rate times
 * the latency (Little's law), or the lag grows.
 */
final class OpenLoopLoad implements AutoCloseable {

    /** What one window achieved. Latencies are from each request's due time. */
    record Window(
            int rate,
            double seconds,
            long due,
            long accepted,
            long failed,
            Map<Integer, Integer> refused,
            StreamsLatencies latency,
            StreamsLatencies lag,
            CpuSample.Usage cpu) {

        /** Whether the generator kept its schedule: p99 lag under a tenth of the p99 latency or 5 ms. */
        boolean scheduleKept() {
            Duration lag99 = lag.percentile(99);
            Duration latency99 = latency.percentile(99);
            return lag99 != null
                    && latency99 != null
                    && lag99.compareTo(Duration.ofMillis(Math.max(5, latency99.toMillis() / 10))) <= 0;
        }
    }

    private static final String HOST = "127.0.0.1";

    private final String path;
    private final List<String> authorizations;
    private final List<String> fragments;
    private final List<StreamsHttpConnection> connections = new ArrayList<>();

    /**
     * @param authorizations {@code Authorization} header values, one picked at random per request
     * @param fragments      check-in bodies without their eventId, see {@link CheckInBodies}
     */
    OpenLoopLoad(int port, String path, List<String> authorizations, List<String> fragments, int connections) {
        this.path = path;
        this.authorizations = List.copyOf(authorizations);
        this.fragments = List.copyOf(fragments);
        for (int i = 0; i < connections; i++) {
            this.connections.add(new StreamsHttpConnection(HOST, port));
        }
    }

    /** Offers {@code rate} check-ins a second for {@code duration}; returns when every one has been answered. */
    Window drive(int rate, Duration duration) throws InterruptedException {
        long period = 1_000_000_000L / rate;
        long count = duration.toNanos() / period;
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Integer> refused = new TreeMap<>();
        StreamsLatencies latency = new StreamsLatencies();
        StreamsLatencies lag = new StreamsLatencies();
        CpuSample cpuBefore = CpuSample.now();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections.size(); c++) {
            StreamsHttpConnection connection = connections.get(c);
            Thread sender = new Thread(
                    () -> {
                        for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            long due = start + i * period;
                            long now;
                            while ((now = System.nanoTime()) < due) {
                                LockSupport.parkNanos(due - now);
                            }
                            lag.add(now - due);
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            String body = CheckInBodies.body(
                                    UUID.randomUUID().toString(), fragments.get(random.nextInt(fragments.size())));
                            try {
                                StreamsHttpConnection.Response response = connection.exchange(
                                        "POST",
                                        path,
                                        authorizations.get(random.nextInt(authorizations.size())),
                                        body.getBytes(StandardCharsets.UTF_8));
                                if (response.status() == 202) {
                                    latency.add(System.nanoTime() - due);
                                    accepted.incrementAndGet();
                                } else {
                                    synchronized (refused) {
                                        refused.merge(response.status(), 1, Integer::sum);
                                    }
                                }
                            } catch (IOException | RuntimeException e) {
                                failed.incrementAndGet();
                            }
                        }
                    },
                    "open-loop-sender-" + (c + 1));
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuSample.Usage cpu = cpuBefore.until(CpuSample.now());
        Map<Integer, Integer> refusedCopy;
        synchronized (refused) {
            refusedCopy = Map.copyOf(refused);
        }
        return new Window(rate, seconds, count, accepted.get(), failed.get(), refusedCopy, latency, lag, cpu);
    }

    @Override
    public void close() {
        connections.forEach(StreamsHttpConnection::close);
    }
}
