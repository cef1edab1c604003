package dev.reflect.streams.app;

import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.streams.query.KafkaCareRecords;
import dev.reflect.streams.topology.ReflectStreamsConfig;
import dev.reflect.streams.topology.ReflectTopology;
import dev.reflect.streams.topology.TopologySettings;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The Kafka topics the streams app reads and writes, as its own topology (described by Kafka
 * Streams) and its dead-letter setting say: what an operator's ACLs must allow it, and what the
 * ingest service may write for it. Internal topics (changelogs, repartition topics), which Kafka
 * Streams names and creates itself, are left out.
 *
 * @param read every topic the topology reads
 * @param written every topic the topology, its dead-letter path or the query service writes
 * @param inputs the topics it only reads: its input from outside (contract §4a)
 */
public record StreamsTopics(Set<String> read, Set<String> written, Set<String> inputs) {

    public StreamsTopics {
        read = Set.copyOf(read);
        written = Set.copyOf(written);
        inputs = Set.copyOf(inputs);
    }

    /** The topics of the topology this app runs with default settings. */
    public static StreamsTopics ofTopology() {
        TopologyDescription description =
                ReflectTopology.build(TopologySettings.defaults()).describe();
        Set<String> read = new TreeSet<>();
        Set<String> written = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    read.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    written.add(sink.topic());
                }
            }
        }
        for (TopologyDescription.GlobalStore store : description.globalStores()) {
            read.addAll(store.source().topicSet());
        }
        Object deadLetter =
                ReflectStreamsConfig.base("unused:9092").get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (deadLetter != null) {
            written.add(deadLetter.toString());
        }
        // A topic both written and read by the topology (a re-route) is the streams app's own;
        // one it only reads comes from outside.
        Set<String> inputs = new TreeSet<>(read);
        inputs.removeAll(written);
        // The audit trail is the query service's own record of reads: nobody else may write it.
        inputs.remove(Topics.AUDIT.name());
        // Beside the topology, the query service writes audit records and "alerts seen" marks.
        KafkaCareRecords.TOPICS.forEach(topic -> written.add(topic.name()));
        return new StreamsTopics(withoutInternal(read), withoutInternal(written), withoutInternal(inputs));
    }

    /**
     * Repartition topics appear in a topology's description under the name Kafka Streams gives
     * them before prefixing it with the application id; a prefixed ACL covers them.
     */
    private static Set<String> withoutInternal(Set<String> names) {
        Set<String> registered = Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet());
        return names.stream()
                .filter(name -> registered.contains(name) || !name.endsWith("-repartition"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
