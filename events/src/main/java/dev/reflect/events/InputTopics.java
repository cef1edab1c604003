package dev.reflect.events;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The four topics a person's own input is written to, in one version: check-ins, journal entries,
 * measures and sharing changes. They carry the same records under every version ({@link Topics}
 * names version {@code v1}); a later version exists to give them more partitions, because adding
 * partitions to a topic in place moves keys to other partitions (docs/scaling.md, "Growing
 * partitions"). The ingest service writes to one version and the streams app reads one, each set by
 * {@value #VARIABLE}.
 */
public record InputTopics(
        String version,
        Topic<String, CheckIn> checkIns,
        Topic<String, JournalEntry> journal,
        Topic<String, Measure> measures,
        Topic<String, SharingChange> sharing) {

    /** The setting that picks the version, in the ingest service and the streams app alike. */
    public static final String VARIABLE = "REFLECT_INPUT_TOPICS_VERSION";

    private static final Pattern VERSION = Pattern.compile("v[1-9][0-9]{0,3}");

    /** The topics of contract section 4, as they have always been named. */
    public static final InputTopics V1 =
            new InputTopics("v1", Topics.CHECKINS, Topics.JOURNAL, Topics.MEASURES, Topics.SHARING);

    /**
     * The input topics of {@code version} ({@code v1}, {@code v2}, ...): the same serdes as
     * {@link Topics}, names ending in the version instead of {@code .v1}.
     *
     * @throws IllegalArgumentException when the version is not {@code v} and a number from 1
     */
    public static InputTopics version(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(
                    VARIABLE + " must be v and a number from 1 (v1, v2, ...), the suffix of the input topics' names");
        }
        if (V1.version().equals(version)) {
            return V1;
        }
        return new InputTopics(
                version,
                renamed(Topics.CHECKINS, version),
                renamed(Topics.JOURNAL, version),
                renamed(Topics.MEASURES, version),
                renamed(Topics.SHARING, version));
    }

    /** The topics in a fixed order: check-ins, journal, measures, sharing. */
    public List<Topic<String, ?>> all() {
        return List.of(checkIns, journal, measures, sharing);
    }

    /** The names of {@link #all()}. */
    public List<String> names() {
        return all().stream().map(Topic::name).toList();
    }

    /** The events a person writes, which must share one partition count: check-ins, journal, measures. */
    public List<String> eventNames() {
        return List.of(checkIns.name(), journal.name(), measures.name());
    }

    /** This version's topic that stands where {@code name} stands in {@code other}, if any. */
    public String counterpart(InputTopics other, String name) {
        int index = other.names().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("not an input topic of " + other.version() + ": " + name);
        }
        return names().get(index);
    }

    private static <V> Topic<String, V> renamed(Topic<String, V> topic, String version) {
        String name = topic.name();
        return new Topic<>(
                name.substring(0, name.length() - ".v1".length()) + "." + version,
                topic.keySerde(),
                topic.valueSerde());
    }
}
