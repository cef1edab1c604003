package dev.reflect.notifier.topology;

import dev.reflect.events.Topics;
import dev.reflect.events.UndeliveredNotification;
import dev.reflect.notifier.delivery.AttemptResult;
import dev.reflect.notifier.delivery.DeliveryCapacity;
import dev.reflect.notifier.delivery.Outbox;
import dev.reflect.notifier.delivery.PendingDelivery;
import dev.reflect.notifier.endpoint.ClinicianEndpoint;
import dev.reflect.notifier.webhook.AlertNotice;
import dev.reflect.notifier.webhook.NotificationPayload;
import dev.reflect.service.log.SafeThrowables;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's one processor. For each alert it queues one webhook per clinician the alert names
 * in the task's outbox (a store, so the queue survives a crash), and it sends them without waiting
 * for the answers: every {@link DeliverySettings#tick()} it takes in the answers that came back
 * (delivered: gone from the outbox; failed: queued again for later, per the {@code RetryPolicy};
 * failed for good: dead-lettered) and starts the attempts that fell due, within the
 * {@link DeliveryCapacity}. A slow or dead endpoint therefore holds up no other clinician, and no
 * partition: the stream thread never waits on HTTP.
 *
 * <p>At least once: a webhook leaves the outbox only after its 2xx answer, and the store commits
 * with the alert's offset; a crash after an answer and before the commit sends it again, under the
 * same {@code webhook-id}.
 */
final class OutboxProcessor implements Processor<String, AlertNotice, String, UndeliveredNotification> {

    private static final Logger log = LoggerFactory.getLogger(OutboxProcessor.class);

    private record Answer(String webhookId, AttemptResult result) {}

    private final DeliverySettings settings;
    private final DeliveryRuntime runtime;
    /** Filled by the HTTP client's threads, drained by the stream thread. */
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    /** Webhooks whose attempt has not answered yet; stream thread only. */
    private final Set<String> inFlight = new HashSet<>();

    private ProcessorContext<String, UndeliveredNotification> context;
    private Outbox outbox;
    private Cancellable ticks;

    OutboxProcessor(DeliverySettings settings, DeliveryRuntime runtime) {
        this.settings = settings;
        this.runtime = runtime;
    }

    @Override
    public void init(ProcessorContext<String, UndeliveredNotification> context) {
        this.context = context;
        this.outbox = new Outbox(context.getStateStore(NotifierTopology.OUTBOX_STORE));
        runtime.metrics().track(outbox);
        this.ticks = context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, AlertNotice> record) {
        AlertNotice alert = record.value();
        if (alert == null || alert.clinicians().isEmpty()) {
            return;
        }
        if (!alert.isComplete()) {
            runtime.metrics().unreadableAlert();
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (String clinician : new LinkedHashSet<>(alert.clinicians())) {
            if (settings.endpoints().of(clinician).isEmpty()) {
                runtime.metrics().noEndpoint();
                continue;
            }
            String webhookId = settings.identities().webhookId(alert.alertId(), clinician);
            if (outbox.contains(webhookId)) {
                continue; // the same alert again (a replay): it is queued already
            }
            // The alert record's own timestamp, not now: the same alert read again (a replay, or
            // the streams app writing it again, which keeps the input's timestamp) makes the very
            // same body, so every delivery under one webhook-id carries one body.
            String body = NotificationPayload.of(
                            alert,
                            settings.identities().person(clinician, alert.userId()),
                            settings.caseload(),
                            Instant.ofEpochMilli(record.timestamp()))
                    .toJson();
            outbox.put(PendingDelivery.queued(webhookId, clinician, body, now));
        }
        startDue(now);
    }

    private void tick(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        takeAnswers(now);
        startDue(now);
    }

    private void takeAnswers(Instant now) {
        Answer answer;
        while ((answer = answers.poll()) != null) {
            inFlight.remove(answer.webhookId());
            Optional<PendingDelivery> found = outbox.get(answer.webhookId());
            if (found.isEmpty()) {
                continue;
            }
            PendingDelivery delivery = found.get();
            AttemptResult result = answer.result();
            if (result.delivered()) {
                outbox.remove(delivery.webhookId());
                runtime.metrics().delivered();
                continue;
            }
            PendingDelivery failed = delivery.failedAttempt(result.description(), now);
            if (result.outcome() == AttemptResult.Outcome.GONE
                    || settings.retry().exhausted(failed.attempts())) {
                giveUp(failed, now);
            } else {
                Duration wait = settings.retry().delayAfter(failed.attempts(), result.retryAfter(), runtime.jitter());
                outbox.put(delivery.failedAttempt(result.description(), now.plus(wait)));
                log.debug(
                        "A webhook attempt failed ({}), attempt {} of {}; next in {} s",
                        result.description(),
                        failed.attempts(),
                        settings.retry().maxAttempts(),
                        wait.toSeconds());
            }
        }
    }

    private void giveUp(PendingDelivery failed, Instant now) {
        outbox.remove(failed.webhookId());
        runtime.metrics().givenUp();
        String where = settings.endpoints()
                .of(failed.clinicianId())
                .map(ClinicianEndpoint::origin)
                .orElse("(no endpoint now)");
        log.warn(
                "A webhook to {} was given up after {} attempt(s), the last: {}; it is on {}",
                where,
                failed.attempts(),
                failed.lastResult(),
                Topics.NOTIFIER_DEADLETTER.name());
        context.forward(new Record<>(
                failed.webhookId(),
                new UndeliveredNotification(
                        failed.webhookId(),
                        failed.clinicianId(),
                        failed.attempts(),
                        failed.queuedAt(),
                        now,
                        failed.lastResult(),
                        failed.body()),
                now.toEpochMilli()));
    }

    private void startDue(Instant now) {
        for (String webhookId : outbox.due(now)) {
            if (inFlight.contains(webhookId)) {
                continue;
            }
            Optional<PendingDelivery> found = outbox.get(webhookId);
            if (found.isEmpty()) {
                continue;
            }
            PendingDelivery delivery = found.get();
            Optional<ClinicianEndpoint> endpoint = settings.endpoints().of(delivery.clinicianId());
            if (endpoint.isEmpty()) {
                // Configured when it was queued, not any more (the operator removed it).
                outbox.remove(webhookId);
                runtime.metrics().noEndpoint();
                continue;
            }
            DeliveryCapacity.Grant grant = runtime.capacity().tryAcquire(delivery.clinicianId());
            if (grant == DeliveryCapacity.Grant.FULL) {
                return;
            }
            if (grant == DeliveryCapacity.Grant.ENDPOINT_BUSY) {
                continue;
            }
            inFlight.add(webhookId);
            start(endpoint.get(), delivery);
        }
    }

    private void start(ClinicianEndpoint endpoint, PendingDelivery delivery) {
        CompletableFuture<AttemptResult> attempt;
        try {
            attempt = runtime.deliverer().attempt(endpoint, delivery);
        } catch (RuntimeException e) {
            log.warn("A webhook attempt could not start: {}", SafeThrowables.describe(e));
            attempt = CompletableFuture.completedFuture(AttemptResult.unreachable());
        }
        var unused = attempt.whenComplete((result, failure) -> {
            AttemptResult outcome = failure == null ? result : AttemptResult.unreachable();
            // Released here, not on the stream thread: a task closed meanwhile must not leak its slots.
            runtime.capacity().release(delivery.clinicianId());
            runtime.metrics().attempted(outcome);
            answers.add(new Answer(delivery.webhookId(), outcome));
        });
    }

    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel();
        }
        if (outbox != null) {
            runtime.metrics().untrack(outbox);
        }
        // Answers still to come are dropped with this task: whoever opens it next finds those
        // webhooks in the store and sends them again, under the same webhook-id.
    }
}
