package dev.reflect.system.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.system.support.LoadGenerator.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What every fault test checks once the fault is over: the topic, a client's re-sends, and the figures. */
public final class FaultChecks {

    private FaultChecks() {}

    /** How many records of each eventId are on the check-ins topic, which holds only this test's records. */
    public static Map<UUID, Integer> eventIdsOnTheTopic(String bootstrapServers) {
        return eventIdsOnTheTopic(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The same read with client settings of its own (a secured cluster's admin). */
    public static Map<UUID, Integer> eventIdsOnTheTopic(Map<String, ?> clientConfig) {
        Map<UUID, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicContents.readToEnd(clientConfig, Topics.CHECKINS.name())) {
            try {
                counts.merge(
                        UUID.fromString(Json.mapper()
                                .readTree(record.value())
                                .path("eventId")
                                .asText()),
                        1,
                        Integer::sum);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }

    /** The check-ins a fault test's client was refused, and how many of them had been written all the same. */
    public record Refusals(List<CheckIns> refused, long writtenAnyway) {}

    /**
     * Asserts that every 202'd check-in of {@code outcomes} is on the topic (read with
     * {@code clientConfig}), and returns the refused ones.
     */
    public static Refusals everyAcceptedCheckInIsOnTheTopic(List<Outcome> outcomes, Map<String, ?> clientConfig) {
        Map<UUID, Integer> onTopic = eventIdsOnTheTopic(clientConfig);
        assertThat(outcomes.stream().filter(o -> o.status() == 202).map(Outcome::checkIn))
                .as("202'd check-ins missing from the topic")
                .allSatisfy(checkIn -> assertThat(onTopic).containsKey(checkIn.eventId()));
        List<CheckIns> refused = outcomes.stream()
                .filter(o -> o.status() != 202)
                .map(Outcome::checkIn)
                .toList();
        long writtenAnyway = refused.stream()
                .filter(checkIn -> onTopic.containsKey(checkIn.eventId()))
                .count();
        return new Refusals(refused, writtenAnyway);
    }

    /**
     * Re-sends every refused check-in until accepted, prints what that took and what the topic then
     * holds (under {@code test}'s name), and asserts the topic has every one of the {@code sent}
     * check-ins.
     */
    public static void resendTheRefused(
            String test,
            Http ingest,
            Map<String, String> tokens,
            Refusals refusals,
            int sent,
            Map<String, ?> clientConfig) {
        int resends = resendUntilAccepted(ingest, tokens, refusals.refused());
        Map<UUID, Integer> finallyOnTopic = eventIdsOnTheTopic(clientConfig);
        System.out.printf(
                "%s: %d refused check-ins re-sent in %d requests, %d of them had been written despite the refusal; "
                        + "the topic holds %d records for %d distinct check-ins%n",
                test,
                refusals.refused().size(),
                resends,
                refusals.writtenAnyway(),
                finallyOnTopic.values().stream().mapToInt(Integer::intValue).sum(),
                finallyOnTopic.size());
        assertThat(finallyOnTopic).as("distinct check-ins on the topic").hasSize(sent);
    }

    /** Waits until the alerts topic holds exactly the alerts {@code all} must cause, one per level change. */
    public static void awaitOneAlertPerLevelChange(String test, Collection<CheckIns> all, Map<String, ?> clientConfig) {
        Map<String, List<String>> expected = Alerts.expected(all);
        await("one alert per level change")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(Alerts.levelsByUser(clientConfig)).isEqualTo(expected));
        System.out.printf(
                "%s: figures exact; %d alerts for %d users%n",
                test, expected.values().stream().mapToInt(List::size).sum(), expected.size());
    }

    /**
     * What a client does with a 503: the same check-in, same eventId, until it is accepted.
     *
     * @return how many requests that took
     */
    public static int resendUntilAccepted(Http ingest, Map<String, String> tokens, Collection<CheckIns> refused) {
        int requests = 0;
        for (CheckIns checkIn : refused) {
            int[] attempts = {0};
            await("re-sent check-in accepted")
                    .atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        attempts[0]++;
                        return ingest.postJson("/v1/check-ins", tokens.get(checkIn.userId()), checkIn.json())
                                        .status()
                                == 202;
                    });
            requests += attempts[0];
        }
        return requests;
    }

    /**
     * Waits until every instance answers every user's check-ins and reassurance asks per local day
     * exactly as counted from {@code all}, and fails with the last difference if they do not. Each
     * person asks with their own token ({@code tokens}): only they, or a clinician they share with,
     * may read their figures.
     */
    public static void awaitFiguresEqualTheInput(
            List<Http> instances,
            Collection<String> users,
            Collection<CheckIns> all,
            Map<String, String> tokens,
            int days,
            Duration timeout) {
        Map<String, Map<LocalDate, Integer>> expectedCheckIns = Reference.checkInsPerUserDay(all);
        Map<String, Map<LocalDate, Integer>> expectedAsks = Reference.reassuranceAsksPerUserDay(all);
        await("every instance answers the input's figures")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (Http instance : instances) {
                        for (String user : users) {
                            Http.Answer answer = instance.get(
                                    "/v1/users/" + user + "/progress?days=" + (days + 2), tokens.get(user));
                            assertThat(answer.status()).as("progress status").isEqualTo(200);
                            assertThat(Reference.daysOf(answer.json(), "checkIns"))
                                    .as("check-ins per local day")
                                    .isEqualTo(expectedCheckIns.getOrDefault(user, Map.of()));
                            assertThat(Reference.daysOf(answer.json(), "reassuranceAsks"))
                                    .as("reassurance asks per local day")
                                    .isEqualTo(expectedAsks.getOrDefault(user, Map.of()));
                        }
                    }
                });
    }
}
