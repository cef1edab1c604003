package dev.reflect.streams.app;

import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.health.KafkaClusterCheck;
import dev.reflect.service.log.SafeThrowables;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster has confirmed, within the last {@link #MAX_SILENCE}, that this
 * instance's stream threads are members of the application's consumer group: the condition for
 * answering from its own copies of the state.
 *
 * <p>Kafka Streams does not notice that it has lost its cluster: cut off by a network split, an
 * instance stays RUNNING and keeps the task assignment it last had, while the group, hearing no
 * heartbeat for a session, gives its partitions to the other instances, which go on processing.
 * Its copies then fall behind for good, and a network split test saw such an instance answer
 * "no such user" (404) for people with dozens of check-ins. Until the group confirms this
 * instance again, readiness is down and the query API answers 503, so its figures are never
 * presented as current; the other instances answer from the active copy or a standby. After the
 * split heals the instance rejoins, and the group lists it again.
 *
 * <p>The check asks the group coordinator every {@link #PERIOD} ({@code describeConsumerGroups}
 * for the application id, which the streams principal may describe). It needs the classic group
 * protocol, Kafka Streams' default: for a group the call cannot describe, an answer from the
 * cluster is taken as contact. Keep {@code session.timeout.ms} above {@link #MAX_SILENCE} (Kafka's
 * own minimum, {@code group.min.session.timeout.ms}, is 6 s): an instance must stop answering
 * before the group may give its partitions away.
 */
final class GroupMembership implements AutoCloseable {

    static final Duration PERIOD = Duration.ofSeconds(1);
    static final Duration MAX_SILENCE = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);

    private final String groupId;
    private final Supplier<Collection<ThreadMetadata>> localThreads;
    private final LongSupplier nanoTime;
    private Admin admin;
    private ScheduledExecutorService checker;
    /** When the group last listed every local stream thread; 0 (with {@code confirmedOnce} false) for never. */
    private volatile long confirmedAt;

    private volatile boolean confirmedOnce;
    private volatile Boolean lastOutcome;

    GroupMembership(String groupId, Supplier<Collection<ThreadMetadata>> localThreads, LongSupplier nanoTime) {
        this.groupId = groupId;
        this.localThreads = localThreads;
        this.nanoTime = nanoTime;
    }

    /** Starts checking in the background with an admin client of the app's own Kafka settings. */
    void start(KafkaClientConfig kafka) {
        int timeout = (int) REQUEST_TIMEOUT.toMillis();
        admin = Admin.create(kafka.configure(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-membership",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout)));
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "group-membership");
            thread.setDaemon(true);
            return thread;
        });
        var unused = checker.scheduleWithFixedDelay(this::check, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True while the group has listed every local stream thread within {@link #MAX_SILENCE}. */
    boolean confirmed() {
        return confirmedOnce && nanoTime.getAsLong() - confirmedAt <= MAX_SILENCE.toNanos();
    }

    private void check() {
        boolean member;
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(
                            List.of(groupId),
                            new DescribeConsumerGroupsOptions().timeoutMs((int) REQUEST_TIMEOUT.toMillis()))
                    .describedGroups()
                    .get(groupId)
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            member = lists(
                    group.members().stream().map(MemberDescription::clientId).collect(Collectors.toSet()),
                    localThreads.get().stream()
                            .map(ThreadMetadata::consumerClientId)
                            .toList());
            report(member, member ? null : "the group does not list this instance's stream threads");
        } catch (ExecutionException e) {
            // The cluster answered, but cannot describe the group as a classic consumer group.
            member = e.getCause() instanceof GroupIdNotFoundException;
            if (!member && refusal(e.getCause())) {
                // Credentials, TLS trust or ACLs: worth saying at once, also before the first confirmation.
                refused(e.getCause());
            }
            report(member, member ? null : SafeThrowables.describe(e.getCause()));
        } catch (TimeoutException e) {
            member = false;
            report(false, "no answer from the cluster within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // Streams closing underneath, or the admin client closed: not a confirmation.
            member = false;
            report(false, SafeThrowables.describe(e));
        }
        if (member) {
            confirmedAt = nanoTime.getAsLong();
            confirmedOnce = true;
        }
    }

    private static boolean refusal(Throwable cause) {
        return cause instanceof AuthenticationException || cause instanceof AuthorizationException;
    }

    private void refused(Throwable cause) {
        if (!Boolean.FALSE.equals(lastOutcome)) {
            log.warn(
                    "{}; until then readiness is down and queries answer 503: {}",
                    KafkaClusterCheck.explain(cause),
                    SafeThrowables.describe(cause));
        }
    }

    /** True when every local stream thread's main consumer (by client id) is among the group's members. */
    static boolean lists(Set<String> memberClientIds, Collection<String> localConsumerClientIds) {
        return !localConsumerClientIds.isEmpty() && memberClientIds.containsAll(localConsumerClientIds);
    }

    private void report(boolean member, String why) {
        if (lastOutcome == null || lastOutcome != member) {
            if (member) {
                log.info("The consumer group {} lists this instance: it answers from its own copies", groupId);
            } else if (confirmedOnce) {
                log.warn(
                        "The consumer group {} has not confirmed this instance ({}); unless it does within {} s,"
                                + " readiness is down and queries answer 503",
                        groupId,
                        why,
                        MAX_SILENCE.toSeconds());
            }
        }
        lastOutcome = member;
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
