package dev.reflect.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The alerts on the alerts topic, by user, and the alerts the test's input must cause. */
public final class Alerts {

    /** Contract §5 defaults without an established baseline: max(5, 2 x 2) asks or max(7, 2 x 3) triggers. */
    private static final int ELEVATED_ASKS = 5;

    private static final int ELEVATED_TRIGGERS = 7;

    private Alerts() {}

    /** Levels of the committed alerts of each user, in topic order, read as {@code clientConfig}'s principal. */
    public static Map<String, List<String>> levelsByUser(Map<String, ?> clientConfig) {
        Map<String, List<String>> levels = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicContents.readToEnd(clientConfig, Topics.ALERTS.name())) {
            try {
                JsonNode alert = Json.mapper().readTree(record.value());
                levels.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), user -> new ArrayList<>())
                        .add(alert.path("level").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return levels;
    }

    /**
     * For check-ins made by {@link CheckIns#nth}: one {@code ELEVATED} alert for each user whose
     * reassurance asks or triggers (one per check-in) reach the defaults' thresholds. Their
     * check-ins carry neither device checks nor controlling, and all fall within one 7-day window,
     * so nobody goes higher or comes down again.
     */
    public static Map<String, List<String>> expected(Collection<CheckIns> checkIns) {
        Map<String, int[]> totals = new TreeMap<>();
        for (CheckIns checkIn : checkIns) {
            int[] counts = totals.computeIfAbsent(checkIn.userId(), user -> new int[2]);
            counts[0] += checkIn.reassuranceAsks();
            counts[1]++;
        }
        Map<String, List<String>> expected = new TreeMap<>();
        totals.forEach((user, counts) -> {
            if (counts[0] >= ELEVATED_ASKS || counts[1] >= ELEVATED_TRIGGERS) {
                expected.put(user, List.of("ELEVATED"));
            }
        });
        return expected;
    }
}
