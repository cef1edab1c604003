package dev.reflect.launcher;

import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.notifier.NotifierApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.app.StreamsTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs each Reflect service needs on a cluster with an authorizer, and nothing more:
 * the one place they are decided. Nothing here names a topic: what the streams app reads and
 * writes comes from its own topology ({@link StreamsTopics}, described by Kafka Streams) and
 * its dead-letter setting; what the ingest service writes is what the topology takes as input
 * from outside (the input topics are an interface, contract §4a). A topic added to the topic
 * registry and wired into the topology is therefore covered without naming it again, and
 * {@link #unassigned()} lists any registry topic that no rule reaches (a test holds it empty).
 *
 * <ul>
 *   <li><b>ingest</b>: WRITE (which implies DESCRIBE and, since Kafka 3.0, idempotent writes) on
 *       the input topics;</li>
 *   <li><b>streams</b>: READ on what the topology reads; WRITE on what it writes and on the
 *       dead-letter topic; on topics prefixed with its application id (changelogs and
 *       repartition topics, which Kafka Streams creates and purges itself) CREATE, READ, WRITE,
 *       DELETE and DESCRIBE_CONFIGS; READ on its consumer group; WRITE on transactional ids
 *       prefixed with its application id (exactly-once producers);</li>
 *   <li><b>notifier</b>: READ on the alerts topic, WRITE on its dead-letter topic (both as
 *       its topology wires them), CREATE, READ, WRITE, DELETE and DESCRIBE_CONFIGS on
 *       topics prefixed with its application id (its outbox changelog), READ on its group. It
 *       runs at least once, so it needs no transactional id.</li>
 * </ul>
 * {@code ./reflect acls} prints them as {@code kafka-acls.sh} commands. The topics themselves are
 * created by an administrator (or {@code ./reflect run} as one); a service creates none but its
 * own internal topics.
 */
public final class ServiceAcls {

    private ServiceAcls() {}

    /** What the streams app reads and writes, from its own topology. */
    private static StreamsTopics streamsTopics() {
        return StreamsTopics.ofTopology();
    }

    /** The ingest service's ACLs: it writes the topology's input topics. */
    public static List<AclBinding> ingest(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : streamsTopics().inputs()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        }
        acls.addAll(dataKeys(principal));
        return acls;
    }

    /**
     * Both services keep a replica of the people's data keys and add new ones (contract section
     * 9): READ and WRITE on {@code reflect.keys.v1}; the replica assigns itself the partitions, so
     * no consumer group is needed.
     */
    private static List<AclBinding> dataKeys(String principal) {
        return List.of(
                allow(principal, ResourceType.TOPIC, Topics.KEYS.name(), PatternType.LITERAL, AclOperation.READ),
                allow(principal, ResourceType.TOPIC, Topics.KEYS.name(), PatternType.LITERAL, AclOperation.WRITE));
    }

    /** The streams app's ACLs, for instances running with {@code applicationId}. */
    public static List<AclBinding> streams(String principal, String applicationId) {
        Objects.requireNonNull(applicationId, "applicationId");
        StreamsTopics topics = streamsTopics();
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : topics.read()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
        }
        for (String topic : topics.written()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        }
        for (AclOperation operation : List.of(
                AclOperation.CREATE,
                AclOperation.READ,
                AclOperation.WRITE,
                AclOperation.DELETE,
                AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow(principal, ResourceType.TOPIC, applicationId, PatternType.PREFIXED, operation));
        }
        acls.addAll(dataKeys(principal));
        // The erasure ledger, a replica outside the topology (it assigns itself the partitions).
        acls.add(allow(principal, ResourceType.TOPIC, Topics.ERASURES.name(), PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(principal, ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(
                principal, ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE));
        return acls;
    }

    /** The notifier's ACLs, for instances running with {@code applicationId}. */
    public static List<AclBinding> notifier(String principal, String applicationId) {
        Objects.requireNonNull(applicationId, "applicationId");
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(principal, ResourceType.TOPIC, NotifierApp.readTopic(), PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(
                principal, ResourceType.TOPIC, NotifierApp.writtenTopic(), PatternType.LITERAL, AclOperation.WRITE));
        for (AclOperation operation : List.of(
                AclOperation.CREATE,
                AclOperation.READ,
                AclOperation.WRITE,
                AclOperation.DELETE,
                AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow(principal, ResourceType.TOPIC, applicationId, PatternType.PREFIXED, operation));
        }
        acls.add(allow(principal, ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
        return acls;
    }

    /** Registry topics that no rule above gives to any service: each needs a rule before it can be used. */
    public static Set<String> unassigned() {
        StreamsTopics topics = streamsTopics();
        Set<String> notifier = Set.of(NotifierApp.readTopic(), NotifierApp.writtenTopic());
        return Topics.ALL.stream()
                .map(Topic::name)
                .filter(name -> !name.equals(Topics.KEYS.name()))
                .filter(name ->
                        !topics.read().contains(name) && !topics.written().contains(name) && !notifier.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * {@code ./reflect acls --ingest User:ingest --streams User:streams [--application-id ID]
     * [--notifier User:notifier [--notifier-application-id ID]]}: prints the {@code kafka-acls.sh}
     * commands that give each service its ACLs on a cluster with an authorizer. Exit code 2 for bad
     * arguments.
     */
    static int printCommands(List<String> args, java.io.PrintStream out, java.io.PrintStream err) {
        String ingest = null;
        String streams = null;
        String applicationId = StreamsAppConfig.DEFAULT_APPLICATION_ID;
        String notifier = null;
        String notifierApplicationId = NotifierApp.DEFAULT_APPLICATION_ID;
        for (int i = 0; i < args.size(); i += 2) {
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (args.get(i)) {
                case "--ingest" -> ingest = value;
                case "--streams" -> streams = value;
                case "--application-id" -> applicationId = value;
                case "--notifier" -> notifier = value;
                case "--notifier-application-id" -> notifierApplicationId = value;
                default -> {
                    err.println("acls: unknown option " + args.get(i));
                    return 2;
                }
            }
        }
        if (ingest == null || streams == null || applicationId == null || notifierApplicationId == null) {
            err.println("usage: ./reflect acls --ingest User:NAME --streams User:NAME [--application-id ID]"
                    + " [--notifier User:NAME [--notifier-application-id ID]]");
            return 2;
        }
        out.println("# The ingest service (" + ingest + ")");
        ingest(ingest).forEach(acl -> out.println(command(acl)));
        out.println("# The streams app (" + streams + ", application id " + applicationId + ")");
        streams(streams, applicationId).forEach(acl -> out.println(command(acl)));
        if (notifier != null) {
            out.println("# The notifier (" + notifier + ", application id " + notifierApplicationId + ")");
            notifier(notifier, notifierApplicationId).forEach(acl -> out.println(command(acl)));
        }
        return 0;
    }

    /** The {@code kafka-acls.sh} command that creates {@code acl}, for operators who apply ACLs by hand. */
    public static String command(AclBinding acl) {
        ResourcePattern pattern = acl.pattern();
        String resource = switch (pattern.resourceType()) {
            case TOPIC -> "--topic " + pattern.name();
            case GROUP -> "--group " + pattern.name();
            case TRANSACTIONAL_ID -> "--transactional-id " + pattern.name();
            case CLUSTER -> "--cluster";
            default -> throw new IllegalArgumentException("No rule creates " + pattern.resourceType());
        };
        return "kafka-acls.sh --bootstrap-server $BOOTSTRAP --command-config admin.properties --add"
                + " --allow-principal " + acl.entry().principal()
                + " --operation " + operationName(acl.entry().operation())
                + " " + resource
                + " --resource-pattern-type " + pattern.patternType().name().toLowerCase(Locale.ROOT);
    }

    private static String operationName(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private static AclBinding allow(
            String principal, ResourceType type, String name, PatternType patternType, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, patternType),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
