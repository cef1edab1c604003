package dev.reflect.streams.metrics;

import dev.reflect.events.EscalationLevel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reflect_users_escalation{level}}: how many users this instance's active tasks hold at
 * each escalation level, counted by scanning the local user-state store on a background thread.
 * The same scan reconciles {@link PerUserMetrics} with what the instance holds.
 *
 * <p>Why a scan rather than a count kept up from the topology's callbacks:
 * <ul>
 *   <li>the callbacks are not transactional. Under {@code exactly_once_v2} an aborted
 *       transaction's records are processed again, and a +1/-1 count would drift with every
 *       abort; the store is exactly-once;</li>
 *   <li>after a restart or rebalance the answer is whatever the active tasks hold now. A scan
 *       gets that by construction; a kept-up count would need such a scan on every assignment
 *       anyway, plus a way to drop the users of revoked partitions.</li>
 * </ul>
 * The price is reading every local user. A scan runs on its own thread, at most every
 * {@link #MIN_INTERVAL}, and then waits {@value #PAUSE_FACTOR} times as long as it took, so it
 * never uses more than a tenth of one core however many users there are. A scrape reads the last
 * completed scan, so the gauge lags by up to that interval. Each time Streams becomes RUNNING (a
 * start, the end of a rebalance) a scan runs at once. The gauge appears with the first complete
 * scan; a scan interrupted by a rebalance is discarded and the previous figures stay.
 */
public final class EscalationCensus implements AutoCloseable {

    public static final String NAME = "reflect.users.escalation";
    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    static final int PAUSE_FACTOR = 10;

    private static final Logger LOG = LoggerFactory.getLogger(EscalationCensus.class);
    private static final EscalationLevel[] LEVELS = EscalationLevel.values();

    private final MeterRegistry registry;
    private final ActiveUserStates users;
    private final PerUserMetrics perUser;
    private final ScheduledExecutorService executor;
    private final MeasureCensus measures;
    private volatile long[] counts;
    private volatile boolean closed;
    private boolean gaugesRegistered;

    /**
     * @param perUser  reconciled by each scan; null when per-user metrics are off
     * @param executor where scans run; one thread, so that scans never overlap. Not owned: the
     *                 caller shuts it down after {@link #close()}
     */
    EscalationCensus(
            MeterRegistry registry, ActiveUserStates users, PerUserMetrics perUser, ScheduledExecutorService executor) {
        this(registry, users, perUser, executor, null);
    }

    /** @param measures the measure track's census, scanned with this one; null for none */
    EscalationCensus(
            MeterRegistry registry,
            ActiveUserStates users,
            PerUserMetrics perUser,
            ScheduledExecutorService executor,
            MeasureCensus measures) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.users = Objects.requireNonNull(users, "users");
        this.perUser = perUser;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.measures = measures;
    }

    /** Starts scanning: at once, then periodically. */
    void start() {
        submit(this::periodic, Duration.ZERO);
    }

    /** Scans as soon as the thread is free, e.g. once a rebalance has ended. */
    void scanSoon() {
        submit(this::scanQuietly, Duration.ZERO);
    }

    /** Users at {@code level} as of the last complete scan; -1 before the first. */
    long count(EscalationLevel level) {
        long[] current = counts;
        return current == null ? -1 : current[level.ordinal()];
    }

    /**
     * One scan, on the calling thread, of the user states and then the measures (each kept or
     * discarded on its own). Returns false when the user states could not be read through.
     */
    boolean scan() {
        if (measures != null && !measures.scan()) {
            LOG.debug("Measure census skipped: the store is not queryable right now");
        }
        long[] tally = new long[LEVELS.length];
        PerUserMetrics.Reconciliation reconciliation = perUser == null ? null : perUser.reconcile();
        boolean complete = users.forEach((userId, state) -> {
            tally[state.escalation().level().ordinal()]++;
            if (reconciliation != null) {
                reconciliation.visit(userId, state);
            }
        });
        if (!complete) {
            return false;
        }
        counts = tally;
        if (reconciliation != null) {
            perUser.complete(reconciliation);
        }
        registerGauges();
        return true;
    }

    private void registerGauges() {
        if (gaugesRegistered) {
            return;
        }
        for (EscalationLevel level : LEVELS) {
            Gauge.builder(NAME, this, census -> census.count(level))
                    .description("Users this instance's active tasks hold at each escalation level, "
                            + "from the last scan of the local store (every " + MIN_INTERVAL.toSeconds()
                            + " s or more)")
                    .tag("level", level.name())
                    .strongReference(true)
                    .register(registry);
        }
        gaugesRegistered = true;
    }

    private void periodic() {
        long started = System.nanoTime();
        scanQuietly();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Duration pause = took.multipliedBy(PAUSE_FACTOR);
        submit(this::periodic, pause.compareTo(MIN_INTERVAL) > 0 ? pause : MIN_INTERVAL);
    }

    private void scanQuietly() {
        if (closed) {
            return;
        }
        try {
            if (!scan()) {
                LOG.debug("Escalation census skipped: the stores are not queryable right now");
            }
        } catch (RuntimeException e) {
            // A failed scan must not end the schedule; the class alone, as a message may quote a key.
            LOG.warn("Escalation census failed: {}", e.getClass().getName());
        }
    }

    private void submit(Runnable task, Duration delay) {
        if (closed) {
            return;
        }
        try {
            var unused = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The executor is shut down: so are the metrics.
        }
    }

    /** No scan starts after this; one running finishes on its own (it fails fast on closed stores). */
    @Override
    public void close() {
        closed = true;
    }
}
