package dev.reflect.events;

import dev.reflect.events.serde.JsonSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The topics of contract section 4. Every record key is the userId as a UTF-8 string. */
public final class Topics {

    public static final Topic<String, CheckIn> CHECKINS =
            new Topic<>("reflect.checkins.v1", Serdes.String(), new JsonSerde<>(CheckIn.class));
    public static final Topic<String, JournalEntry> JOURNAL =
            new Topic<>("reflect.journal.v1", Serdes.String(), new JsonSerde<>(JournalEntry.class));
    public static final Topic<String, Alert> ALERTS =
            new Topic<>("reflect.alerts.v1", Serdes.String(), new JsonSerde<>(Alert.class));
    /** Original key and bytes of a rejected record; headers say why and where from. */
    public static final Topic<byte[], byte[]> DEADLETTER =
            new Topic<>("reflect.deadletter.v1", Serdes.ByteArray(), Serdes.ByteArray());

    public static final List<Topic<?, ?>> ALL = List.of(CHECKINS, JOURNAL, ALERTS, DEADLETTER);

    private Topics() {
    }
}
