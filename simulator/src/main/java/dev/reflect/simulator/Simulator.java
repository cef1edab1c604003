package dev.reflect.simulator;

import dev.reflect.events.CheckIn;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Measure;
import dev.reflect.events.ReflectEvent;
import dev.reflect.simulator.ingest.AcceptedEvents;
import dev.reflect.simulator.ingest.IngestClient;
import dev.reflect.simulator.ingest.Outcomes;
import dev.reflect.simulator.ingest.Tokens;
import dev.reflect.simulator.persona.Gad7Answers;
import dev.reflect.simulator.persona.Persona;
import dev.reflect.simulator.persona.Population;
import dev.reflect.simulator.persona.SimulatedUser;
import dev.reflect.simulator.persona.UserSimulation;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays a population of people against the ingest service: {@link #seed()} sends each user's
 * weeks of history (check-ins in batches, then journal entries), {@link #runLive()} then keeps
 * sending check-ins and journal entries at the configured rate, each happening "now". A status
 * line goes to {@code status} every few seconds. Everything goes through the HTTP API with a token
 * per user, as the people's own apps would send it.
 *
 * <p>Who the users are, their history and the sequence of live events follow from the seed. The
 * history's event ids do too, so seeding the same stack again is counted once by the streams
 * app; live event ids are fresh on every run.
 */
public final class Simulator implements AutoCloseable {

    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(5);
    /** About one live event in three is a journal entry; the rest are check-ins. */
    private static final double JOURNAL_SHARE = 0.3;

    private static final int MAX_ATTEMPTS = 20;
    private static final int ESCALATING_LISTED = 10;

    /** What seeding did. */
    public record SeedSummary(int users, long events, Duration took, List<SimulatedUser> escalating) {}

    private final SimulatorOptions options;
    private final PrintStream status;
    private final Clock clock;
    private final List<UserSimulation> simulations;
    private final Tokens tokens;
    private final Outcomes outcomes = new Outcomes();
    private final IngestClient client;
    private final ExecutorService workers;
    private final Semaphore inFlight;
    private final AtomicInteger seeded = new AtomicInteger();
    private final Map<String, Semaphore> userTurns = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread reporter;
    private volatile Duration statusInterval = DEFAULT_STATUS_INTERVAL;
    private volatile String phase = "starting";
    private long lastAccepted;
    private long lastAt = System.nanoTime();

    public Simulator(SimulatorOptions options, PrintStream status, AcceptedEvents listener) {
        this(options, status, listener, Clock.systemUTC());
    }

    Simulator(SimulatorOptions options, PrintStream status, AcceptedEvents listener, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.status = Objects.requireNonNull(status, "status");
        this.clock = Objects.requireNonNull(clock, "clock");
        long liveIdSalt = ThreadLocalRandom.current().nextLong();
        this.simulations = Population.create(options.users(), options.seed(), options.userPrefix()).stream()
                .map(user -> new UserSimulation(user, options.historyDays(), liveIdSalt))
                .toList();
        this.tokens = new Tokens(options.secret(), clock);
        this.client =
                new IngestClient(options.target(), outcomes, listener, status, MAX_ATTEMPTS, Duration.ofSeconds(30));
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(options.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "simulator-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // A few requests queued per worker keeps them busy without an unbounded backlog.
        this.inFlight = new Semaphore(options.concurrency() * 4);
        this.reporter = new Thread(this::report, "simulator-status");
        this.reporter.setDaemon(true);
        this.reporter.start();
    }

    public List<SimulatedUser> users() {
        return simulations.stream().map(UserSimulation::user).toList();
    }

    public List<SimulatedUser> escalatingUsers() {
        return users().stream().filter(user -> user.persona().escalating()).toList();
    }

    public Outcomes.Snapshot outcomes() {
        return outcomes.snapshot();
    }

    /** How often the status line is printed from now on. */
    public void statusEvery(Duration interval) {
        this.statusInterval = interval;
        reporter.interrupt();
    }

    /** Waits until the ingest service answers ready, at most {@code timeout}; false if it never did. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!client.ready()) {
            if (System.nanoTime() > deadline || stop.await(500, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Sends every user's history and returns when all of it is settled (accepted, rejected or failed). */
    public SeedSummary seed() throws InterruptedException {
        phase = "seeding";
        long started = System.nanoTime();
        Instant now = clock.instant();
        long before = outcomes.snapshot().sent();
        List<Future<?>> tasks = new ArrayList<>(simulations.size());
        for (UserSimulation simulation : simulations) {
            tasks.add(workers.submit(() -> {
                seedOne(simulation, now);
                return null;
            }));
        }
        try {
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (ExecutionException e) {
            if (stop.getCount() == 0 || e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("stopped while seeding");
            }
            throw new IllegalStateException("seeding a user failed", e.getCause());
        } catch (InterruptedException e) {
            tasks.forEach(task -> task.cancel(true));
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        SeedSummary summary =
                new SeedSummary(simulations.size(), outcomes.snapshot().sent() - before, took, escalatingUsers());
        phase = "seeded";
        printStatus();
        status.println(describe(summary));
        return summary;
    }

    private void seedOne(UserSimulation simulation, Instant now) throws InterruptedException {
        String userId = simulation.user().userId();
        UserSimulation.History history = simulation.history(now);
        // Before the history, so the clinician is named on the alerts it raises.
        if (options.shareWith().isPresent() && sharesWithClinician(simulation.user())) {
            if (!client.share(tokens.forUser(userId), options.shareWith().get())) {
                status.println("A simulated person's sharing with the clinician was not accepted");
            }
        }
        // Check-ins first, oldest first, then the journal: the streams app sees each user's days in order.
        List<CheckIn> checkIns = history.checkIns();
        for (int from = 0; from < checkIns.size(); from += IngestClient.MAX_BATCH) {
            List<CheckIn> batch = checkIns.subList(from, Math.min(checkIns.size(), from + IngestClient.MAX_BATCH));
            client.sendCheckIns(userId, tokens.forUser(userId), batch);
        }
        for (JournalEntry entry : history.journalEntries()) {
            client.sendJournalEntry(userId, tokens.forUser(userId), entry);
        }
        // GAD-7 answers every week or two (contract section 10), after the reflections of their days.
        for (Measure answers : Gad7Answers.history(simulation.user(), options.historyDays(), now)) {
            client.sendMeasure(userId, tokens.forUser(userId), answers);
        }
        seeded.incrementAndGet();
    }

    /**
     * Everyone whose persona escalates shares, so the clinician sees them; of the steady, four in
     * five do, chosen by id so that a run is reproducible.
     */
    public static boolean sharesWithClinician(SimulatedUser user) {
        return user.persona().intendedLevel() != EscalationLevel.STEADY
                || Math.floorMod(user.userId().hashCode(), 5) != 0;
    }

    /**
     * Sends live events at the configured rate until the configured duration has passed (or for
     * ever when none was given) or {@link #close()} is called, then waits for those in flight.
     */
    public void runLive() throws InterruptedException {
        if (!options.sendsLive()) {
            return;
        }
        phase = "live";
        Random picks = new Random(options.seed() ^ 0x6C697665L);
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / options.rate());
        long start = System.nanoTime();
        long end = options.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        long next = start;
        while (stop.getCount() > 0) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                break;
            }
            long wait = Math.min(next, end) - now;
            if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
                break;
            }
            if (System.nanoTime() - end >= 0) {
                break;
            }
            next += interval;
            // When sending fell behind (a slow service), carry on at the rate rather than bursting to catch up.
            if (System.nanoTime() - next > TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime();
            }
            UserSimulation simulation = simulations.get(picks.nextInt(simulations.size()));
            ReflectEvent event = simulation.liveEvent(clock.instant(), picks.nextDouble() < JOURNAL_SHARE);
            inFlight.acquire();
            try {
                workers.execute(() -> {
                    try {
                        sendLive(simulation.user().userId(), event);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.release();
                break;
            }
        }
        // Let what was sent settle, so the final counts add up (unless stopped: close() abandons it).
        int permits = options.concurrency() * 4;
        while (stop.getCount() > 0) {
            if (inFlight.tryAcquire(permits, 200, TimeUnit.MILLISECONDS)) {
                inFlight.release(permits);
                break;
            }
        }
        phase = "done";
    }

    private void sendLive(String userId, ReflectEvent event) throws InterruptedException {
        // One request at a time per user, as a person's app sends: when the rate outruns the
        // service's per-user limit, the events queue up behind one another instead of all
        // retrying against the same empty bucket until they run out of attempts.
        Semaphore turn = userTurns.computeIfAbsent(userId, id -> new Semaphore(1));
        turn.acquire();
        try {
            String token = tokens.forUser(userId);
            if (event instanceof CheckIn checkIn) {
                client.sendCheckIn(userId, token, checkIn);
            } else if (event instanceof JournalEntry entry) {
                client.sendJournalEntry(userId, token, entry);
            }
        } finally {
            turn.release();
        }
    }

    /** Stops live traffic and status lines; requests still retrying are abandoned. Prints the final status. */
    @Override
    public void close() {
        if (stop.getCount() == 0) {
            return;
        }
        stop.countDown();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reporter.interrupt();
        phase = "stopped";
        printStatus();
    }

    private void report() {
        while (stop.getCount() > 0) {
            try {
                Thread.sleep(statusInterval.toMillis());
                printStatus();
            } catch (InterruptedException e) {
                // A new interval or the end: the loop condition decides.
            }
        }
    }

    private synchronized void printStatus() {
        Outcomes.Snapshot now = outcomes.snapshot();
        long at = System.nanoTime();
        double seconds = Math.max(1e-3, (at - lastAt) / 1e9);
        double rate = (now.accepted() - lastAccepted) / seconds;
        lastAccepted = now.accepted();
        lastAt = at;
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "simulator [%s]: users seeded %d/%d | events sent %d, accepted %d, rejected %d, failed %d | "
                        + "429 retries %d | %.1f accepted/s",
                phase,
                seeded.get(),
                simulations.size(),
                now.sent(),
                now.accepted(),
                now.rejected(),
                now.failed(),
                now.rateLimitedRetries(),
                rate));
        if (now.unavailableRetries() > 0) {
            line.append(" | 503 retries ").append(now.unavailableRetries());
        }
        if (now.networkRetries() > 0) {
            line.append(" | network retries ").append(now.networkRetries());
        }
        status.println(line);
    }

    static String describe(SeedSummary summary) {
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "simulator: seeding done - %d users, %d events in %.1f s.",
                summary.users(),
                summary.events(),
                summary.took().toMillis() / 1000.0));
        List<SimulatedUser> escalating = summary.escalating();
        if (!escalating.isEmpty()) {
            text.append(" Escalating: ");
            List<String> shown = escalating.stream()
                    .limit(ESCALATING_LISTED)
                    .map(user -> user.userId() + " (" + user.persona().intendedLevel() + ", "
                            + user.persona().intendedRule().orElse("") + ")")
                    .toList();
            text.append(String.join(", ", shown));
            if (escalating.size() > ESCALATING_LISTED) {
                text.append(" and ")
                        .append(escalating.size() - ESCALATING_LISTED)
                        .append(" more");
            }
            text.append('.');
        }
        List<String> worse = escalating.stream()
                .filter(user -> user.persona() == Persona.CONTROLLING)
                .map(SimulatedUser::userId)
                .toList();
        if (!worse.isEmpty()) {
            text.append(" GAD-7 reliably worse (measure_deterioration): ")
                    .append(String.join(", ", worse))
                    .append('.');
        }
        return text.toString();
    }
}
