package dev.reflect.streams.topology;

import dev.reflect.events.Alert;
import dev.reflect.events.Measure;
import dev.reflect.streams.measures.MeasureAlerts;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureStores;
import dev.reflect.streams.measures.Score;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measure track (contract section 10): keeps each valid answer once in its person's
 * {@link MeasureState} and, once their input has settled ({@link PendingAnnouncements}, the same
 * settle time as escalation alerts), announces the deteriorations the alerts have not said yet
 * ({@link MeasureAlerts#announce}). Scores, pending announcements and alerts change in this one
 * processor, so under {@code exactly_once_v2} they commit together. When a person's scores or
 * alerts change, their row on each caseload they are on is written again, as the behaviour
 * aggregator does when their figures change.
 */
final class MeasureAggregator implements Processor<String, InputEvent, String, PersonOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(MeasureAggregator.class);

    private final TopologySettings settings;
    private final PatternListener listener;
    private ProcessorContext<String, PersonOutput> context;
    private KeyValueStore<String, MeasureState> measures;
    private KeyValueStore<String, SharingState> sharing;
    private KeyValueStore<String, UserState> users;
    private PendingAnnouncements pending;

    private final ErasureLedgerCheck erasures;

    MeasureAggregator(TopologySettings settings, PatternListener listener, TopologyRuntime.Rights rights) {
        this.settings = settings;
        this.listener = listener;
        this.erasures = new ErasureLedgerCheck(rights);
    }

    @Override
    public void init(ProcessorContext<String, PersonOutput> context) {
        this.context = context;
        this.measures = context.getStateStore(MeasureStores.MEASURES);
        // Read only: the behaviour aggregator keeps the grants and the figures; a measure alert
        // names the same clinicians, and a caseload row carries both tracks.
        this.sharing = context.getStateStore(StateStores.SHARING);
        this.users = context.getStateStore(StateStores.USER_STATE);
        this.pending = new PendingAnnouncements(
                context.getStateStore(MeasureStores.PENDING_ALERTS),
                settings.alertSettle(),
                context.currentSystemTimeMs());
        context.schedule(UserPatternAggregator.IDLE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            for (PendingAnnouncements.Settled settled : pending.dueByIdleness(now)) {
                announce(settled);
            }
        });
    }

    @Override
    public void process(Record<String, InputEvent> record) {
        String userId = record.key();
        Measure measure = (Measure) record.value().event();
        long receivedAt = measure.receivedAt().toEpochMilli();
        long wallClock = context.currentSystemTimeMs();
        pending.processed(receivedAt, wallClock);
        announceSettled();
        // Answered before their writer was erased: gone with the rest of them, also on a replay.
        if (erasures.erasedAtOrAfter(userId, receivedAt)) {
            return;
        }
        MeasureState state = measures.get(userId);
        if (state == null) {
            state = MeasureState.empty();
        }
        if (!state.add(Score.of(measure))) {
            return;
        }
        measures.put(userId, state);
        pending.changed(userId, receivedAt, wallClock);
        writeCaseloadRows(userId, state, sharing.get(userId), receivedAt);
        notify(() -> listener.measureCounted(measure));
        announceSettled();
    }

    private void announceSettled() {
        for (PendingAnnouncements.Settled settled : pending.dueByInput()) {
            announce(settled);
        }
    }

    /** Stamped with the receivedAt of the answer that last changed the person's scores, as escalation alerts are. */
    private void announce(PendingAnnouncements.Settled settled) {
        String userId = settled.userId();
        MeasureState state = measures.get(userId);
        if (state == null) {
            return;
        }
        SharingState shares = sharing.get(userId);
        List<String> clinicians = shares == null ? List.of() : shares.activeClinicians();
        List<Alert> alerts = MeasureAlerts.announce(userId, state).stream()
                .map(alert -> alert.notifying(clinicians))
                .toList();
        measures.put(userId, state);
        for (Alert alert : alerts) {
            context.forward(new Record<>(userId, new PersonOutput.AlertOut(alert), settled.changedAt()));
        }
        if (!alerts.isEmpty()) {
            // The clinicians' unseen alerts changed.
            writeCaseloadRows(userId, state, shares, settled.changedAt());
            notify(() -> alerts.forEach(listener::measureAlerted));
        }
    }

    private void writeCaseloadRows(String userId, MeasureState state, SharingState shares, long timestamp) {
        if (shares == null) {
            return;
        }
        for (PersonOutput.CaseloadRow row : CaseloadRows.all(userId, users.get(userId), state, shares)) {
            context.forward(new Record<>(userId, row, timestamp));
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Pattern listener failed: {}", e.getClass().getName());
        }
    }
}
