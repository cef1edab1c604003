package dev.reflect.notifier.support;

import dev.reflect.notifier.delivery.AttemptResult;
import dev.reflect.notifier.delivery.Deliverer;
import dev.reflect.notifier.delivery.PendingDelivery;
import dev.reflect.notifier.endpoint.ClinicianEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A deliverer whose attempts the test answers: each attempt is recorded with its future, which
 * stays open until the test completes it (an endpoint that has not answered yet).
 */
public final class ScriptedDeliverer implements Deliverer {

    /** One attempt: to whom, what, and its answer to give. */
    public record Attempt(
            ClinicianEndpoint endpoint, PendingDelivery delivery, CompletableFuture<AttemptResult> answer) {

        public void delivered() {
            answer.complete(AttemptResult.ofStatus(204, Optional.empty()));
        }

        public void failed(int status) {
            answer.complete(AttemptResult.ofStatus(status, Optional.empty()));
        }
    }

    private final List<Attempt> attempts = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<AttemptResult> attempt(ClinicianEndpoint endpoint, PendingDelivery delivery) {
        CompletableFuture<AttemptResult> answer = new CompletableFuture<>();
        attempts.add(new Attempt(endpoint, delivery, answer));
        return answer;
    }

    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** The attempts not answered yet. */
    public synchronized List<Attempt> open() {
        return attempts.stream().filter(a -> !a.answer().isDone()).toList();
    }

    public synchronized Attempt last() {
        return attempts.get(attempts.size() - 1);
    }
}
