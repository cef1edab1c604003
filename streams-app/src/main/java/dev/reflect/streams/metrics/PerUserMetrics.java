package dev.reflect.streams.metrics;

import dev.reflect.events.TriggerCategory;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.escalation.Rounding;
import dev.reflect.streams.state.Figures;
import dev.reflect.streams.state.UserState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The per-user series of contract section 7, labelled with the user's {@link Pseudonym}, never
 * the userId:
 * <pre>
 *   reflect_user_triggers_7d{user,category}   triggers of each category (categories with none are absent)
 *   reflect_user_reassurance_asks_7d{user}     sum of SOUGHT_REASSURANCE counts
 *   reflect_user_device_checks_7d{user}        sum of CHECKED_DEVICE counts
 *   reflect_user_distress_avg_7d{user}         mean distress of the check-ins, one decimal (absent without check-ins)
 *   reflect_user_coping_ratio_7d{user}         coping actions / triggers, two decimals (absent without triggers)
 *   reflect_user_escalation_level{user}        STEADY 0, ELEVATED 1, HIGH 2, SEVERE 3
 * </pre>
 *
 * <p><b>Which users.</b> At most {@code cap} users, the most recently active: every counted event
 * moves its user to the front, and the least recently active user beyond the cap is dropped,
 * with all of their series. After a restart or a rebalance the {@link EscalationCensus}' scans of
 * the local store fill free places with the users this instance now holds, latest local day
 * first, and remove users whose partition went to another instance, so that every user is
 * exported by one instance only.
 *
 * <p><b>Decay.</b> The 7-day figures are computed when Prometheus scrapes, for the 7 local days
 * ending today, so they fall as days pass without events instead of freezing at the last event's
 * values. "Today" is the date in the offset of the user's last counted event: the best knowledge
 * there is of the calendar the user lives in (events carry an offset, not a zone). For users
 * picked up from the store, whose last offset is unknown until their next event, UTC stands in;
 * at worst that shifts their window by a day for part of the day. The escalation level is the
 * stored one, as in the query API: by contract section 5 it steps down only after 3 lower days,
 * judged when the user's events arrive.
 *
 * <p>Thread-safe: stream threads update, the census reconciles, scrapes read, under one short lock.
 * The values are computed when scraped, not on the stream threads.
 */
public final class PerUserMetrics implements MultiCollector {

    public static final String TRIGGERS = "reflect_user_triggers_7d";
    public static final String REASSURANCE_ASKS = "reflect_user_reassurance_asks_7d";
    public static final String DEVICE_CHECKS = "reflect_user_device_checks_7d";
    public static final String DISTRESS_AVG = "reflect_user_distress_avg_7d";
    public static final String COPING_RATIO = "reflect_user_coping_ratio_7d";
    public static final String ESCALATION_LEVEL = "reflect_user_escalation_level";
    public static final String USER_LABEL = "user";
    public static final String CATEGORY_LABEL = "category";

    private static final List<String> NAMES =
            List.of(TRIGGERS, REASSURANCE_ASKS, DEVICE_CHECKS, DISTRESS_AVG, COPING_RATIO, ESCALATION_LEVEL);
    private static final TriggerCategory[] CATEGORIES = TriggerCategory.values();

    private final int cap;
    private final Pseudonym pseudonym;
    private final Clock clock;
    /** Least recently active first; guarded by this. */
    private final LinkedHashMap<String, UserWindow> users;
    /** Guarded by this. */
    private long sequence;

    /**
     * @param cap       users with series, at least 1 (a cap of 0 means no per-user metrics at all:
     *                  do not create this then)
     * @param pseudonym the keyed hash that labels the series
     * @param clock     what "today" is measured against
     */
    public PerUserMetrics(int cap, Pseudonym pseudonym, Clock clock) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1");
        }
        this.cap = cap;
        this.pseudonym = Objects.requireNonNull(pseudonym, "pseudonym");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.users = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, UserWindow> eldest) {
                return size() > PerUserMetrics.this.cap;
            }
        };
    }

    /** A user's state after one of their events, written from {@code offset}. Called on stream threads. */
    public void update(String userId, ZoneOffset offset, UserState state) {
        synchronized (this) {
            UserWindow previous = users.get(userId);
            UserLabel label = previous == null ? new UserLabel(userId) : previous.label();
            users.put(userId, UserWindow.of(label, offset, state, ++sequence));
        }
    }

    /** Drops every series of {@code userId} at once: they were erased. */
    public synchronized void forget(String userId) {
        users.remove(userId);
    }

    /** Users with series now. */
    public synchronized int size() {
        return users.size();
    }

    public int cap() {
        return cap;
    }

    /** Begins reconciling with a full scan of the users this instance's active tasks hold. */
    synchronized Reconciliation reconcile() {
        return new Reconciliation(sequence, new HashSet<>(users.keySet()), cap - users.size());
    }

    /**
     * Ends a scan that visited every user of every active task: drops the users the scan did not
     * find (their partition moved away) unless they had an event since it began, then fills free
     * places with the scan's most recently active users.
     */
    void complete(Reconciliation scan) {
        List<Candidate> candidates = new ArrayList<>(scan.candidates);
        candidates.sort(Comparator.comparing(Candidate::latestDay));
        synchronized (this) {
            users.entrySet()
                    .removeIf(user -> scan.tracked.contains(user.getKey())
                            && !scan.seen.contains(user.getKey())
                            && user.getValue().sequence() <= scan.startedAt);
            int free = cap - users.size();
            if (free <= 0 || candidates.isEmpty()) {
                return;
            }
            // Picked up users are less recent than those with events since the start: they go first,
            // so they are the first to make room.
            LinkedHashMap<String, UserWindow> reordered = new LinkedHashMap<>();
            for (int i = Math.max(0, candidates.size() - free); i < candidates.size(); i++) {
                Candidate candidate = candidates.get(i);
                if (!users.containsKey(candidate.userId())) {
                    reordered.put(
                            candidate.userId(),
                            new UserWindow(
                                    new UserLabel(candidate.userId()),
                                    null,
                                    candidate.window().days(),
                                    candidate.window().level(),
                                    ++sequence));
                }
            }
            reordered.putAll(users);
            users.clear();
            users.putAll(reordered);
        }
    }

    @Override
    public MetricSnapshots collect() {
        List<UserWindow> windows;
        synchronized (this) {
            windows = new ArrayList<>(users.values());
        }
        Instant now = clock.instant();
        GaugeSnapshot.Builder triggers = gauge(
                TRIGGERS,
                "Triggers of each category in the user's last 7 local days "
                        + "(today in the offset of their last event); user is a pseudonym. A category without triggers is absent.");
        GaugeSnapshot.Builder asks = gauge(
                REASSURANCE_ASKS,
                "Reassurance asks (sum of SOUGHT_REASSURANCE counts) in the user's last 7 local days; user is a pseudonym.");
        GaugeSnapshot.Builder checks = gauge(
                DEVICE_CHECKS,
                "Device checks (sum of CHECKED_DEVICE counts) in the user's last 7 local days; user is a pseudonym.");
        GaugeSnapshot.Builder distress = gauge(
                DISTRESS_AVG,
                "Mean distress (0-10) of the user's check-ins in their "
                        + "last 7 local days, absent without check-ins; user is a pseudonym.");
        GaugeSnapshot.Builder coping = gauge(
                COPING_RATIO,
                "Coping actions per trigger in the user's last 7 local "
                        + "days, absent without triggers; user is a pseudonym.");
        GaugeSnapshot.Builder level = gauge(
                ESCALATION_LEVEL,
                "The user's escalation level: 0 STEADY, 1 ELEVATED, 2 HIGH, 3 SEVERE; user is a pseudonym.");
        int points = 0;
        Set<String> labelled = new HashSet<>();
        for (UserWindow user : windows) {
            String name = user.label().pseudonym(pseudonym);
            // Two users sharing a pseudonym (odds about 1 in 10^13 at the cap) would make the
            // registry refuse the whole scrape over duplicate series; the second one is left out.
            if (!labelled.add(name)) {
                continue;
            }
            Figures window = user.window(user.today(now));
            Labels labels = Labels.of(USER_LABEL, name);
            for (TriggerCategory category : CATEGORIES) {
                int count = window.triggers(category);
                if (count > 0) {
                    triggers.dataPoint(point(Labels.of(CATEGORY_LABEL, category.name(), USER_LABEL, name), count));
                }
            }
            asks.dataPoint(point(labels, window.reassuranceAsks()));
            checks.dataPoint(point(labels, window.deviceChecks()));
            // Rounded as in the progress API: the figures agree, and 0.3333333333333333 costs bytes per user.
            if (window.checkIns() > 0) {
                distress.dataPoint(point(labels, Rounding.oneDecimal(window.distressAvg())));
            }
            if (window.triggers() > 0) {
                coping.dataPoint(point(labels, Rounding.twoDecimals((double) window.coping() / window.triggers())));
            }
            level.dataPoint(point(labels, user.level().ordinal()));
            points++;
        }
        if (points == 0) {
            return new MetricSnapshots();
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (GaugeSnapshot.Builder builder : List.of(triggers, asks, checks, distress, coping, level)) {
            GaugeSnapshot snapshot = builder.build();
            if (!snapshot.getDataPoints().isEmpty()) {
                snapshots.add(snapshot);
            }
        }
        return new MetricSnapshots(snapshots);
    }

    // Deprecated in the registry's interface, but still what it calls to refuse duplicate names.
    @Override
    @SuppressWarnings("deprecation")
    public List<String> getPrometheusNames() {
        return NAMES;
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private record Candidate(String userId, LocalDate latestDay, UserWindow window) {}

    /** One scan's view; used by the census thread only. */
    static final class Reconciliation {

        private final long startedAt;
        private final Set<String> tracked;
        private final Set<String> seen = new HashSet<>();
        private final int vacancies;
        /** The most recently active untracked users, the least recent on top. */
        private final PriorityQueue<Candidate> candidates =
                new PriorityQueue<>(Comparator.comparing(Candidate::latestDay));

        private Reconciliation(long startedAt, Set<String> tracked, int vacancies) {
            this.startedAt = startedAt;
            this.tracked = tracked;
            this.vacancies = vacancies;
        }

        void visit(String userId, UserState state) {
            if (tracked.contains(userId)) {
                seen.add(userId);
                return;
            }
            if (vacancies <= 0 || state.isEmpty()) {
                return;
            }
            LocalDate latest = state.latestDay();
            if (candidates.size() < vacancies) {
                candidates.add(new Candidate(userId, latest, UserWindow.of(null, null, state, 0)));
            } else if (latest.isAfter(candidates.peek().latestDay())) {
                candidates.poll();
                candidates.add(new Candidate(userId, latest, UserWindow.of(null, null, state, 0)));
            }
        }
    }
}
