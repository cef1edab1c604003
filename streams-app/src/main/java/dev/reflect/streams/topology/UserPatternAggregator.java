package dev.reflect.streams.topology;

import dev.reflect.events.Alert;
import dev.reflect.events.ReflectEvent;
import dev.reflect.streams.escalation.EscalationEvaluator;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import java.time.Duration;
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
 * Counts each valid event once into its user's local day, re-evaluates the user's escalation and
 * emits one alert per level change. State and alerts change in the same processor, so under
 * {@code exactly_once_v2} they commit together: a crash replays the input against the state as of
 * the last commit and emits the very same alerts (deterministic ids), never a second copy.
 */
final class UserPatternAggregator implements Processor<String, ReflectEvent, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(UserPatternAggregator.class);

    /**
     * Expired event ids are deleted a slice at a time: 10,000 entries every 10 s of wall-clock
     * time is a few milliseconds of the stream thread, and passes over the 2 million ids of
     * 10,000 users' 90 days in under an hour, while ids expire a day's worth at a time.
     */
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(10);

    static final int PURGE_BATCH = 10_000;

    private final EscalationEvaluator evaluator;
    private final int retentionDays;
    private final Duration seenRetention;
    private final PatternListener listener;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, UserState> users;
    private SeenEvents seen;

    UserPatternAggregator(TopologySettings settings, PatternListener listener) {
        this.evaluator = new EscalationEvaluator(settings.escalation());
        this.retentionDays = settings.retentionDays();
        this.seenRetention = settings.seenEventsRetention();
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.users = context.getStateStore(StateStores.USER_STATE);
        KeyValueStore<Bytes, byte[]> seenStore = context.getStateStore(StateStores.SEEN_EVENTS);
        this.seen = new SeenEvents(seenStore, seenRetention);
        // Wall-clock time is fine here: deleting an expired id changes no result (see SeenEvents).
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> seen.purgeSome(PURGE_BATCH));
    }

    @Override
    public void process(Record<String, ReflectEvent> record) {
        String userId = record.key();
        ReflectEvent event = record.value();
        Bytes seenKey = seen.key(userId, event.eventId());
        if (seen.contains(seenKey)) {
            notify(() -> listener.duplicate(event));
            return;
        }
        UserState state = users.get(userId);
        if (state == null) {
            state = UserState.empty();
        }
        state.add(event);
        // Evaluate before pruning: a user back after a long pause still has their old days in
        // the windows of the days in between.
        List<Alert> alerts = evaluator.evaluate(userId, state);
        state.pruneBefore(state.latestDay().minusDays(retentionDays - 1L));
        users.put(userId, state);
        seen.add(seenKey, event.occurredAt().toInstant().toEpochMilli());
        // receivedAt, not occurredAt: an alert raised by a late event is news now, and a
        // months-old timestamp would put it at the mercy of the alerts topic's retention.
        long alertTime = event.receivedAt().toEpochMilli();
        for (Alert alert : alerts) {
            context.forward(new Record<>(userId, alert, alertTime));
        }
        UserState updated = state;
        notify(() -> {
            listener.counted(event);
            alerts.forEach(listener::alerted);
            listener.userUpdated(event, updated);
        });
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Pattern listener failed: {}", e.getClass().getName());
        }
    }
}
