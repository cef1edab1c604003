package dev.reflect.streams.topology;

import dev.reflect.events.Alert;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.SharingChange;
import dev.reflect.streams.escalation.EscalationEvaluator;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureStores;
import dev.reflect.streams.rights.ErasedPeople;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each valid event once into its person's local day, brings their escalation history in
 * line with the new figures ({@link EscalationEvaluator#evaluate}), and, once their input has
 * settled ({@link PendingAnnouncements}), announces the level changes the alerts have not said
 * yet ({@link EscalationEvaluator#announce}). State, pending announcements and alerts change in
 * the same processor, so under {@code exactly_once_v2} they commit together: a crash replays the
 * input against the state as of the last commit and emits the very same alerts (deterministic
 * ids), never a second copy.
 */
final class UserPatternAggregator implements Processor<String, InputEvent, String, PersonOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(UserPatternAggregator.class);

    /**
     * Expired event ids are deleted a slice at a time: 10,000 entries every 10 s of wall-clock
     * time is a few milliseconds of the stream thread, and passes over the 2 million ids of
     * 10,000 users' 90 days in under an hour, while ids expire a day's worth at a time.
     */
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(10);

    static final int PURGE_BATCH = 10_000;
    /** How often an idle task looks for settled people to announce. */
    static final Duration IDLE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final EscalationEvaluator evaluator;
    private final int retentionDays;
    private final Duration seenRetention;
    private final Duration alertSettle;
    private final PatternListener listener;
    private final ErasedPeople erased;
    private ProcessorContext<String, PersonOutput> context;
    private KeyValueStore<String, UserState> users;
    private KeyValueStore<String, SharingState> sharing;
    /** Read only: the measure aggregator keeps it; caseload rows carry the person's measures. */
    private KeyValueStore<String, MeasureState> measures;

    private SeenEvents seen;
    private EntryArchive entries;
    private PendingAnnouncements pending;

    UserPatternAggregator(TopologySettings settings, PatternListener listener, TopologyRuntime.Rights rights) {
        this.erased = new ErasedPeople(rights.pseudonym(), rights.ledger());
        this.evaluator = new EscalationEvaluator(settings.escalation(), settings.retentionDays());
        this.retentionDays = settings.retentionDays();
        this.seenRetention = settings.seenEventsRetention();
        this.alertSettle = settings.alertSettle();
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, PersonOutput> context) {
        this.context = context;
        this.erased.init(context);
        this.users = context.getStateStore(StateStores.USER_STATE);
        this.sharing = context.getStateStore(StateStores.SHARING);
        this.measures = context.getStateStore(MeasureStores.MEASURES);
        KeyValueStore<Bytes, byte[]> seenStore = context.getStateStore(StateStores.SEEN_EVENTS);
        this.seen = new SeenEvents(seenStore, seenRetention);
        this.entries = new EntryArchive(context.getStateStore(StateStores.USER_ENTRIES));
        this.pending = new PendingAnnouncements(
                context.getStateStore(StateStores.PENDING_ALERTS), alertSettle, context.currentSystemTimeMs());
        // Wall-clock time is fine here: deleting an expired id changes no result (see SeenEvents).
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            seen.purgeSome(PURGE_BATCH);
            entries.purgeSome(PURGE_BATCH, seen::retains);
        });
        // An idle task has no more input to wait for: announce whoever is pending.
        context.schedule(IDLE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            for (PendingAnnouncements.Settled settled : pending.dueByIdleness(now)) {
                announce(settled);
            }
        });
    }

    @Override
    public void process(Record<String, InputEvent> record) {
        String userId = record.key();
        InputEvent input = record.value();
        ReflectEvent event = input.event();
        long receivedAt = event.receivedAt().toEpochMilli();
        long wallClock = context.currentSystemTimeMs();
        // What had settled before this record arrived is announced first, without it.
        pending.processed(receivedAt, wallClock);
        announceSettled();
        // Received before its writer was erased: it belongs to what they had erased, whether it
        // comes late, re-routed, or in a run over the input from the start.
        if (erased.erasedSince(userId, event.receivedAt())) {
            notify(listener::erasedEventDropped);
            return;
        }
        Bytes seenKey = seen.key(userId, event.eventId());
        if (seen.contains(seenKey)) {
            notify(() -> listener.duplicate(event));
            return;
        }
        if (event instanceof SharingChange change) {
            share(userId, change, seenKey);
        } else {
            count(userId, input, seenKey, receivedAt, wallClock);
        }
        // With no settle time, this record's own changes are due at once.
        announceSettled();
    }

    private void announceSettled() {
        for (PendingAnnouncements.Settled settled : pending.dueByInput()) {
            announce(settled);
        }
    }

    /**
     * A grant, revocation or alerts-seen: the person's sharing changes, and so their row on that
     * clinician's caseload. Not counted into any figure, nor kept as an entry.
     */
    private void share(String userId, SharingChange change, Bytes seenKey) {
        UserState state = users.get(userId);
        MeasureState answers = measures.get(userId);
        SharingState current = sharing.get(userId);
        SharingState before = current == null ? SharingState.none() : current;
        SharingState.Applied applied = before.apply(change, CaseloadRows.alertsSoFar(state, answers));
        seen.add(seenKey, change.occurredAt().toInstant().toEpochMilli());
        // A revocation of a grant not seen yet changes nothing visible, but is kept: the grant it
        // follows may still arrive, and must then lose.
        if (!applied.state().equals(before)) {
            sharing.put(userId, applied.state());
        }
        if (applied.effect() == SharingState.Effect.NONE) {
            return;
        }
        // Stamped with receipt, as alerts are: the row is news now.
        forward(
                userId,
                CaseloadRows.row(userId, state, answers, applied.state(), change.clinicianId()),
                change.receivedAt().toEpochMilli());
    }

    private void count(String userId, InputEvent input, Bytes seenKey, long receivedAt, long wallClock) {
        ReflectEvent event = input.event();
        UserState state = users.get(userId);
        if (state == null) {
            state = UserState.empty();
        }
        LocalDate firstDayBefore = state.firstDay();
        LocalDate day = state.add(event);
        // Evaluate before pruning: the days a late event's windows reach are still there.
        evaluator.evaluate(state, day, firstDayBefore);
        state.pruneBefore(state.latestDay().minusDays(retentionDays - 1L));
        users.put(userId, state);
        seen.add(seenKey, event.occurredAt().toInstant().toEpochMilli());
        entries.add(input);
        if (state.escalation().hasUnannounced()) {
            pending.changed(userId, receivedAt, wallClock);
        }
        // Most people share with nobody: their measures are read only for a row to write.
        SharingState shares = sharing.get(userId);
        if (shares != null) {
            for (PersonOutput.CaseloadRow row : CaseloadRows.all(userId, state, measures.get(userId), shares)) {
                forward(userId, row, receivedAt);
            }
        }
        UserState updated = state;
        notify(() -> {
            listener.counted(event);
            listener.userUpdated(event, updated);
        });
    }

    /**
     * Alerts are stamped with the receivedAt of the event that last changed the person's history,
     * not its occurredAt: an alert raised by a late event is news now, and a months-old timestamp
     * would put it at the mercy of the alerts topic's retention. Taken from the input, the stamp is
     * the same when the input is processed again.
     */
    private void announce(PendingAnnouncements.Settled settled) {
        String userId = settled.userId();
        long timestamp = settled.changedAt();
        UserState state = users.get(userId);
        if (state == null) {
            return;
        }
        SharingState shares = sharing.get(userId);
        List<String> clinicians = shares == null ? List.of() : shares.activeClinicians();
        List<Alert> alerts = evaluator.announce(userId, state).stream()
                .map(alert -> alert.notifying(clinicians))
                .toList();
        users.put(userId, state);
        for (Alert alert : alerts) {
            forward(userId, new PersonOutput.AlertOut(alert), timestamp);
        }
        if (!alerts.isEmpty()) {
            // The clinicians' unseen alerts, and perhaps the level, changed.
            if (shares != null) {
                for (PersonOutput.CaseloadRow row : CaseloadRows.all(userId, state, measures.get(userId), shares)) {
                    forward(userId, row, timestamp);
                }
            }
            notify(() -> alerts.forEach(listener::alerted));
        }
    }

    private void forward(String userId, PersonOutput output, long timestamp) {
        context.forward(new Record<>(userId, output, timestamp));
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Pattern listener failed: {}", e.getClass().getName());
        }
    }
}
