package dev.reflect.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Topics;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class ServiceAclsTest {

    @Test
    void everyRegisteredTopicIsReadOrWrittenBySomeService() {
        // A topic added to the registry must be wired into the topology, or get a rule in
        // ServiceAcls, before a secured cluster lets any service use it.
        assertThat(ServiceAcls.unassigned()).isEmpty();
    }

    @Test
    void ingestWritesTheInputTopicsAndNothingElse() {
        List<AclBinding> acls = ServiceAcls.ingest("User:ingest");

        assertThat(acls).allSatisfy(acl -> {
            assertThat(acl.entry().principal()).isEqualTo("User:ingest");
            assertThat(acl.entry().operation()).isIn(AclOperation.WRITE, AclOperation.READ);
            assertThat(acl.pattern().patternType()).isEqualTo(PatternType.LITERAL);
        });
        assertThat(names(acls, ResourceType.TOPIC, AclOperation.WRITE, PatternType.LITERAL))
                .as("the input topics, grants and revocations included, and data keys; never the audit trail")
                .containsExactlyInAnyOrder(
                        Topics.CHECKINS.name(),
                        Topics.JOURNAL.name(),
                        Topics.MEASURES.name(),
                        Topics.SHARING.name(),
                        Topics.KEYS.name());
        // It keeps a replica of the data keys it seals with (contract section 9), and reads nothing else.
        assertThat(names(acls, ResourceType.TOPIC, AclOperation.READ, PatternType.LITERAL))
                .containsExactly(Topics.KEYS.name());
    }

    @Test
    void streamsReadsItsInputsWritesItsOutputsAndOwnsWhatItsApplicationIdPrefixes() {
        List<AclBinding> acls = ServiceAcls.streams("User:streams", "reflect-streams");

        assertThat(names(acls, ResourceType.TOPIC, AclOperation.READ, PatternType.LITERAL))
                .containsExactlyInAnyOrder(
                        Topics.CHECKINS.name(),
                        Topics.JOURNAL.name(),
                        Topics.MEASURES.name(),
                        Topics.SHARING.name(),
                        Topics.AUDIT.name(),
                        Topics.KEYS.name(),
                        Topics.ERASURE_REQUESTS.name(),
                        Topics.ERASURES.name());
        // Erasure (contract section 9): it destroys keys, tombstones done requests, writes proofs;
        // the query service writes audit records and alerts-seen marks.
        assertThat(names(acls, ResourceType.TOPIC, AclOperation.WRITE, PatternType.LITERAL))
                .containsExactlyInAnyOrder(
                        Topics.ALERTS.name(),
                        Topics.DEADLETTER.name(),
                        Topics.AUDIT.name(),
                        Topics.SHARING.name(),
                        Topics.KEYS.name(),
                        Topics.ERASURE_REQUESTS.name(),
                        Topics.ERASURES.name());
        assertThat(names(acls, ResourceType.TOPIC, AclOperation.CREATE, PatternType.PREFIXED))
                .containsExactly("reflect-streams");
        assertThat(names(acls, ResourceType.GROUP, AclOperation.READ, PatternType.LITERAL))
                .containsExactly("reflect-streams");
        assertThat(names(acls, ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE, PatternType.PREFIXED))
                .containsExactly("reflect-streams");
        assertThat(acls).noneMatch(acl -> acl.entry().operation() == AclOperation.ALL);
    }

    @Test
    void theNotifierReadsAlertsWritesItsDeadLettersAndOwnsItsOutboxChangelogWithoutTransactions() {
        List<AclBinding> acls = ServiceAcls.notifier("User:notifier", "reflect-notifier");

        assertThat(names(acls, ResourceType.TOPIC, AclOperation.READ, PatternType.LITERAL))
                .containsExactly(Topics.ALERTS.name());
        assertThat(names(acls, ResourceType.TOPIC, AclOperation.WRITE, PatternType.LITERAL))
                .containsExactly(Topics.NOTIFIER_DEADLETTER.name());
        assertThat(names(acls, ResourceType.TOPIC, AclOperation.CREATE, PatternType.PREFIXED))
                .containsExactly("reflect-notifier");
        assertThat(names(acls, ResourceType.GROUP, AclOperation.READ, PatternType.LITERAL))
                .containsExactly("reflect-notifier");
        assertThat(acls)
                .noneMatch(acl -> acl.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID)
                .noneMatch(acl -> acl.entry().operation() == AclOperation.ALL);
    }

    @Test
    void theCommandsAreKafkaAclsLines() {
        assertThat(ServiceAcls.command(ServiceAcls.ingest("User:ingest").get(0)))
                .startsWith("kafka-acls.sh --bootstrap-server $BOOTSTRAP --command-config admin.properties --add")
                .contains("--allow-principal User:ingest --operation Write --topic reflect.")
                .endsWith("--resource-pattern-type literal");
        assertThat(ServiceAcls.streams("User:streams", "app").stream().map(ServiceAcls::command))
                .contains("kafka-acls.sh --bootstrap-server $BOOTSTRAP --command-config admin.properties --add"
                        + " --allow-principal User:streams --operation DescribeConfigs --topic app"
                        + " --resource-pattern-type prefixed");
    }

    @Test
    void theAclsCommandPrintsOneLinePerAclForEachService() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int exit = ServiceAcls.printCommands(
                List.of("--ingest", "User:ingest", "--streams", "User:streams"),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .filter(line -> line.startsWith("kafka-acls.sh")))
                .hasSize(ServiceAcls.ingest("User:ingest").size()
                        + ServiceAcls.streams("User:streams", "reflect-streams").size());
        assertThat(ServiceAcls.printCommands(
                        List.of("--ingest", "User:ingest"), System.out, new java.io.PrintStream(err)))
                .isEqualTo(2);
    }

    private static List<String> names(
            List<AclBinding> acls, ResourceType type, AclOperation operation, PatternType patternType) {
        return acls.stream()
                .filter(acl -> acl.pattern().resourceType() == type
                        && acl.entry().operation() == operation
                        && acl.pattern().patternType() == patternType)
                .map(acl -> acl.pattern().name())
                .toList();
    }
}
