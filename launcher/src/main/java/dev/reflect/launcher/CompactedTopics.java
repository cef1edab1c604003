package dev.reflect.launcher;

import dev.reflect.events.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics of contract section 9 that hold the latest record per key rather than a time window:
 * people's data keys (deleting them by age would make every older text unreadable), erasure
 * requests (tombstoned once done) and the proofs of erasure (kept, so no replay brings a person
 * back). A local run makes them compacted, also when an earlier run created them otherwise;
 * the compose stack creates them so (docs/data-map.md).
 */
final class CompactedTopics {

    static final List<String> NAMES =
            List.of(Topics.KEYS.name(), Topics.ERASURE_REQUESTS.name(), Topics.ERASURES.name());

    private CompactedTopics() {}

    static void apply(Map<String, ?> clientConfig) {
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new HashMap<>();
        for (String topic : NAMES) {
            changes.put(
                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                            AlterConfigOp.OpType.SET)));
        }
        try (Admin admin = Admin.create(new HashMap<>(clientConfig))) {
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while making the key and erasure topics compacted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not make " + NAMES + " compacted", e);
        }
    }
}
