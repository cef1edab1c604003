package dev.reflect.streams.query;

import dev.reflect.events.AuditRecord;
import dev.reflect.events.Json;
import dev.reflect.events.crypto.LocalDataKeys;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.service.auth.Principal;
import dev.reflect.service.http.ForbiddenException;
import dev.reflect.service.http.NotFoundException;
import dev.reflect.service.http.ServiceUnavailableException;
import dev.reflect.service.log.SafeThrowables;
import dev.reflect.streams.entries.EntriesPage;
import dev.reflect.streams.export.ExportDocument;
import dev.reflect.streams.export.ExportSource;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasuresView;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.query.UserStateLookup.Copy;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(UserQueries.class);

    /** The one answer to anyone who may not read a person's data, whether or not the person exists. */
    public static final String FORBIDDEN = "Only the person, or a clinician they share their data with, may read it.";

    /** How long a client should wait before asking again while data moves between instances. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final UserStateLookup lookup;
    private final PeerClient peers;
    private final ProgressCalculator calculator;
    private final CareRecords care;
    private final Clock clock;
    private final TextSealer texts;

    /**
     * @param care  records reads by others and alerts seen (contract section 8)
     * @param texts opens the sealed texts of the entries it shows (contract section 9)
     */
    public UserQueries(
            UserStateLookup lookup,
            PeerClient peers,
            ProgressCalculator calculator,
            CareRecords care,
            Clock clock,
            TextSealer texts) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.calculator = Objects.requireNonNull(calculator, "calculator");
        this.care = Objects.requireNonNull(care, "care");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.texts = Objects.requireNonNull(texts, "texts");
    }

    /** With keys of this process only: texts sealed elsewhere show as unreadable (tests of the query routing). */
    public UserQueries(
            UserStateLookup lookup, PeerClient peers, ProgressCalculator calculator, CareRecords care, Clock clock) {
        this(lookup, peers, calculator, care, clock, new TextSealer(new LocalDataKeys()));
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
            Optional<KeyOwners> located =
                    lookup.locate(query.userId(), query.kind().keyspace());
            if (located.isEmpty()) {
                throw unavailable();
            }
            KeyOwners owners = located.get();
            if (forwarded) {
                return fromLocalCopy(query, owners, authorization);
            }
            if (owners.activeHere()) {
                LocalRead read = readLocal(query, owners.partition(), Copy.ACTIVE);
                if (!(read instanceof LocalRead.Unavailable)) {
                    return compute(query, read, false, authorization);
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

    /** Refuses {@code query} (403) once the refusal is on the audit topic, or has failed to get there. */
    public CompletableFuture<QueryAnswer> refuse(UserQuery query) {
        return care.audit(List.of(
                        record(query.reader(), query.userId(), query.kind().what(), AuditRecord.DENIED)))
                .handle((done, failure) -> {
                    throw forbidden();
                });
    }

    /** A forwarded query: whatever copy this instance holds, in whichever role it holds it. */
    private CompletableFuture<QueryAnswer> fromLocalCopy(UserQuery query, KeyOwners owners, String authorization) {
        if (owners.activeHere()) {
            LocalRead read = readLocal(query, owners.partition(), Copy.ACTIVE);
            if (read instanceof LocalRead.Unavailable) {
                throw unavailable();
            }
            return compute(query, read, false, authorization);
        }
        if (owners.standbyHere()) {
            LocalRead read = readLocal(query, owners.partition(), Copy.ANY);
            if (answerable(read)) {
                return compute(query, read, true, authorization);
            }
        }
        throw unavailable();
    }

    private CompletableFuture<QueryAnswer> fromStandbys(UserQuery query, KeyOwners owners, String authorization) {
        if (owners.standbyHere()) {
            LocalRead read = readLocal(query, owners.partition(), Copy.ANY);
            if (answerable(read)) {
                return compute(query, read, true, authorization);
            }
        }
        List<HostInfo> remote = new ArrayList<>(owners.remoteStandbys());
        return firstAnswering(remote.iterator(), query, authorization);
    }

    /**
     * Whether a standby's read can answer: a standby that lacks the person may only be behind, so
     * only what it holds counts; a caseload or access log it holds counts even when empty.
     */
    private static boolean answerable(LocalRead read) {
        return !(read instanceof LocalRead.Unavailable) && !(read instanceof LocalRead.Absent);
    }

    private LocalRead readLocal(UserQuery query, int partition, Copy copy) {
        return switch (query.kind().keyspace()) {
            case PERSON -> lookup.read(query.userId(), partition, copy);
            case CLINICIAN -> lookup.caseload(query.userId(), partition, copy);
            case ACCESS_LOG -> lookup.accessLog(query.userId(), partition, copy);
        };
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

    /**
     * The answer from this instance's copy: for a person's data asked by someone else, only if the
     * person shares with them by that very copy (else 403, whether or not the person has data), and
     * only once the read is on the audit topic.
     */
    private CompletableFuture<QueryAnswer> compute(
            UserQuery query, LocalRead read, boolean fromStandby, String authorization) {
        return switch (query.kind().keyspace()) {
            case CLINICIAN -> caseload(query, (LocalRead.Caseload) read, fromStandby);
            case ACCESS_LOG ->
                CompletableFuture.completedFuture(
                        new QueryAnswer.Computed(AccessLogView.of(((LocalRead.Log) read).log()), fromStandby));
            case PERSON -> person(query, read, fromStandby, authorization);
        };
    }

    private CompletableFuture<QueryAnswer> person(
            UserQuery query, LocalRead read, boolean fromStandby, String authorization) {
        SharingState sharing =
                read instanceof LocalRead.Found found ? found.sharing() : ((LocalRead.Absent) read).sharing();
        if (!mayRead(query, sharing)) {
            return audited(query, AuditRecord.DENIED).thenApply(done -> {
                throw forbidden();
            });
        }
        switch (query.kind()) {
            case SHARING -> {
                return CompletableFuture.completedFuture(
                        new QueryAnswer.Computed(SharingView.of(sharing), fromStandby));
            }
            case ACCESS -> {
                return audited(query, AuditRecord.ALLOWED).thenApply(done -> new QueryAnswer.NoContent(fromStandby));
            }
            case ALERTS_SEEN -> {
                return care.alertsSeen(query.userId(), query.reader().userId())
                        .thenCompose(done -> audited(query, AuditRecord.ALLOWED))
                        .thenApply(done -> new QueryAnswer.NoContent(fromStandby));
            }
            default -> {
                // Progress, escalation and entries, from the person's data.
            }
        }
        if (!(read instanceof LocalRead.Found found)) {
            return audited(query, AuditRecord.NOT_FOUND).thenApply(done -> {
                throw new NotFoundException("There is no data for this user.");
            });
        }
        UserState state = found.state();
        if (state.isEmpty() && query.kind() != UserQuery.Kind.MEASURES && query.kind() != UserQuery.Kind.EXPORT) {
            // Someone who has only answered questionnaires so far: no reflections to show.
            throw new NotFoundException("There is no data for this user.");
        }
        if (query.kind() == UserQuery.Kind.EXPORT) {
            return export(query, found, fromStandby, authorization);
        }
        Object body = switch (query.kind()) {
            case PROGRESS ->
                calculator
                        .progress(query.userId(), state, query.days())
                        .withMeasures(found.measures().get().summaries());
            case ESCALATION -> calculator.escalation(state);
            case ENTRIES -> EntriesPage.of(found.entries().get(), state, query.entries(), texts);
            case MEASURES -> MeasuresView.of(query.userId(), found.measures().get());
            default -> throw new IllegalStateException("not a question about the person's data: " + query.kind());
        };
        return audited(query, AuditRecord.ALLOWED).thenApply(done -> new QueryAnswer.Computed(body, fromStandby));
    }

    /**
     * The person's export, from the copy that holds their state (entries, measures and sharing are
     * stores of the same task) and their access log, which is keyed apart and may be on another
     * instance: asked for as the person's own {@code /v1/me/access-log} would be. Everything is read
     * before the answer starts, so a copy that moves away fails it with a 503, never halfway.
     */
    private CompletableFuture<QueryAnswer> export(
            UserQuery query, LocalRead.Found found, boolean fromStandby, String authorization) {
        List<UserEntries.Entry> entries = found.entries().get();
        MeasureState measures = found.measures().get();
        return answer(UserQuery.accessLog(query.reader()), authorization, false)
                .thenApply(log -> new QueryAnswer.Computed(
                        ExportDocument.of(new ExportSource(
                                query.userId(),
                                clock.instant(),
                                found.state(),
                                found.sharing(),
                                entries,
                                measures,
                                accessLog(log),
                                texts,
                                calculator)),
                        fromStandby));
    }

    /** The access log from its own answer, computed here or relayed from the instance holding it. */
    private static AccessLog accessLog(QueryAnswer answer) {
        if (answer instanceof QueryAnswer.Computed computed && computed.body() instanceof AccessLogView view) {
            return new AccessLog(view.reads());
        }
        if (answer instanceof QueryAnswer.Relayed relayed && relayed.response().status() == 200) {
            try {
                return new AccessLog(Json.mapper()
                        .readValue(relayed.response().body(), AccessLogView.class)
                        .reads());
            } catch (IOException e) {
                LOG.warn("The access log for an export did not parse: {}", SafeThrowables.describe(e));
            }
        }
        throw new ServiceUnavailableException(
                "Who read this person's data could not be read for the export; retry shortly.", RETRY_AFTER);
    }

    /**
     * The person themselves; or a clinician they share with, for anything but their sharing list;
     * nobody else. Marking alerts seen is a clinician's act on someone else's data.
     */
    private static boolean mayRead(UserQuery query, SharingState sharing) {
        if (!query.byOther()) {
            return query.kind() != UserQuery.Kind.ALERTS_SEEN;
        }
        return query.reader().clinician()
                && query.kind() != UserQuery.Kind.SHARING
                && sharing.sharesWith(query.reader().userId());
    }

    private CompletableFuture<QueryAnswer> caseload(UserQuery query, LocalRead.Caseload read, boolean fromStandby) {
        if (!query.reader().clinician()) {
            throw forbidden();
        }
        CaseloadView view = CaseloadView.of(query.userId(), read.entries());
        Instant now = clock.instant();
        List<AuditRecord> reads = view.people().stream()
                .map(person -> new AuditRecord(
                        UUID.randomUUID(),
                        query.reader().userId(),
                        person.userId(),
                        query.kind().what(),
                        now,
                        AuditRecord.ALLOWED))
                .toList();
        return recorded(care.audit(reads)).thenApply(done -> new QueryAnswer.Computed(view, fromStandby));
    }

    /** Records a read by someone else; the person's own questions are not audited. */
    private CompletableFuture<Void> audited(UserQuery query, String outcome) {
        if (!query.byOther()) {
            return CompletableFuture.completedFuture(null);
        }
        return recorded(care.audit(
                List.of(record(query.reader(), query.userId(), query.kind().what(), outcome))));
    }

    /** An audit record for {@code reader} asking about {@code userId}. */
    AuditRecord record(Principal reader, String userId, String what, String outcome) {
        return new AuditRecord(UUID.randomUUID(), reader.userId(), userId, what, clock.instant(), outcome);
    }

    /** A read whose audit record Kafka did not take is not answered: 503, as when the data cannot be reached. */
    private static CompletableFuture<Void> recorded(CompletableFuture<Void> audit) {
        return audit.exceptionally(failure -> {
            LOG.warn("An audit record was not written, so the read is refused: {}", SafeThrowables.describe(failure));
            throw new ServiceUnavailableException(
                    "The read could not be recorded in the audit trail; retry shortly.", RETRY_AFTER);
        });
    }

    static ForbiddenException forbidden() {
        return new ForbiddenException(FORBIDDEN);
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
