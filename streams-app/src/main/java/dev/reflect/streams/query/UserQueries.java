package dev.reflect.streams.query;

import dev.reflect.service.http.NotFoundException;
import dev.reflect.service.http.ServiceUnavailableException;
import dev.reflect.streams.entries.EntriesPage;
import dev.reflect.streams.measures.MeasuresView;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.query.UserStateLookup.Copy;
import dev.reflect.streams.state.UserState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers {@link UserQuery}s from whichever copy of the user's state can answer, with no HTTP of
 * its own beyond {@link PeerClient}:
 * <ol>
 *   <li>the active copy, read here when this instance holds it, else fetched from its host;</li>
 *   <li>when that copy cannot answer (its host is down or restarting, the partition is
 *       restoring), a standby replica: this instance's own, then the other standby hosts'. So
 *       queries keep answering while an instance restarts, from figures that may lag by seconds;</li>
 *   <li>otherwise 503 with {@code Retry-After}: while partitions move in a rebalance nobody can
 *       tell whether a user exists, and a 404 then would be wrong.</li>
 * </ol>
 * Only an active copy says "no such user" (404), and only once it has caught up with the input it
 * took over (see {@link UserStateLookup.Copy#ACTIVE}); a standby that lacks the user may just be
 * behind.
 * A forwarded query (see {@link Forwarding}) is answered from this instance's copies alone.
 *
 * <p>Thread-safe. Failures complete the returned future with a {@code ProblemException}.
 */
public final class UserQueries {

    /** How long a client should wait before asking again while data moves between instances. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final UserStateLookup lookup;
    private final PeerClient peers;
    private final ProgressCalculator calculator;

    public UserQueries(UserStateLookup lookup, PeerClient peers, ProgressCalculator calculator) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.calculator = Objects.requireNonNull(calculator, "calculator");
    }

    /**
     * @param authorization the caller's {@code Authorization} header, passed on when forwarding
     * @param forwarded     true when another instance sent this query: answer from local copies only
     */
    // handle(...) turns each answer into the next attempt, a future of a future, and thenCompose
    // flattens it: no future is dropped.
    @SuppressWarnings("FutureReturnValueIgnored")
    public CompletableFuture<QueryAnswer> answer(UserQuery query, String authorization, boolean forwarded) {
        return attempt(() -> {
            Optional<KeyOwners> located = lookup.locate(query.userId());
            if (located.isEmpty()) {
                throw unavailable();
            }
            KeyOwners owners = located.get();
            if (forwarded) {
                return CompletableFuture.completedFuture(fromLocalCopy(query, owners));
            }
            if (owners.activeHere()) {
                LocalRead read = lookup.read(query.userId(), owners.partition(), Copy.ACTIVE);
                if (!(read instanceof LocalRead.Unavailable)) {
                    return CompletableFuture.completedFuture(fromActive(query, read));
                }
                return fromStandbys(query, owners, authorization);
            }
            return attempt(() -> peers.fetch(owners.active(), query, authorization))
                    .handle((response, failure) -> failure == null && !response.isServerError()
                            ? CompletableFuture.<QueryAnswer>completedFuture(new QueryAnswer.Relayed(response))
                            : fromStandbys(query, owners, authorization))
                    .thenCompose(answer -> answer);
        });
    }

    /** A forwarded query: whatever copy this instance holds, in whichever role it holds it. */
    private QueryAnswer fromLocalCopy(UserQuery query, KeyOwners owners) {
        if (owners.activeHere()) {
            LocalRead read = lookup.read(query.userId(), owners.partition(), Copy.ACTIVE);
            if (read instanceof LocalRead.Unavailable) {
                throw unavailable();
            }
            return fromActive(query, read);
        }
        if (owners.standbyHere()
                && lookup.read(query.userId(), owners.partition(), Copy.ANY) instanceof LocalRead.Found found) {
            return compute(query, found, true);
        }
        throw unavailable();
    }

    private QueryAnswer fromActive(UserQuery query, LocalRead read) {
        if (read instanceof LocalRead.Found found) {
            return compute(query, found, false);
        }
        throw new NotFoundException("There is no data for this user.");
    }

    private CompletableFuture<QueryAnswer> fromStandbys(UserQuery query, KeyOwners owners, String authorization) {
        if (owners.standbyHere()
                && lookup.read(query.userId(), owners.partition(), Copy.ANY) instanceof LocalRead.Found found) {
            return CompletableFuture.completedFuture(compute(query, found, true));
        }
        List<HostInfo> remote = new ArrayList<>(owners.remoteStandbys());
        return firstAnswering(remote.iterator(), query, authorization);
    }

    // handle(...) turns each answer into the next attempt, a future of a future, and thenCompose
    // flattens it: no future is dropped.
    @SuppressWarnings("FutureReturnValueIgnored")
    private CompletableFuture<QueryAnswer> firstAnswering(
            Iterator<HostInfo> hosts, UserQuery query, String authorization) {
        if (!hosts.hasNext()) {
            return CompletableFuture.failedFuture(unavailable());
        }
        HostInfo host = hosts.next();
        return attempt(() -> peers.fetch(host, query, authorization))
                .handle((response, failure) -> failure == null && !response.isServerError()
                        ? CompletableFuture.<QueryAnswer>completedFuture(new QueryAnswer.Relayed(response))
                        : firstAnswering(hosts, query, authorization))
                .thenCompose(answer -> answer);
    }

    private QueryAnswer compute(UserQuery query, LocalRead.Found found, boolean fromStandby) {
        UserState state = found.state();
        if (state.isEmpty() && query.kind() != UserQuery.Kind.MEASURES) {
            // Someone who has only answered questionnaires so far: no reflections to show.
            throw new NotFoundException("There is no data for this user.");
        }
        Object body = switch (query.kind()) {
            case PROGRESS ->
                calculator
                        .progress(query.userId(), state, query.days())
                        .withMeasures(found.measures().get().summaries());
            case ESCALATION -> calculator.escalation(state);
            case ENTRIES -> EntriesPage.of(found.entries().get(), state, query.entries());
            case MEASURES -> MeasuresView.of(query.userId(), found.measures().get());
        };
        return new QueryAnswer.Computed(body, fromStandby);
    }

    private static ServiceUnavailableException unavailable() {
        return new ServiceUnavailableException(
                "This user's data is moving between instances or being restored; retry shortly.", RETRY_AFTER);
    }

    /** Runs {@code step}, turning a synchronous throw into a failed future. */
    private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
