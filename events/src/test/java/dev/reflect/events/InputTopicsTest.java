package dev.reflect.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InputTopicsTest {

    @Test
    void versionOneIsTheContractsTopics() {
        assertThat(InputTopics.version("v1")).isSameAs(InputTopics.V1);
        assertThat(InputTopics.V1.names())
                .containsExactly(
                        Topics.CHECKINS.name(), Topics.JOURNAL.name(), Topics.MEASURES.name(), Topics.SHARING.name());
    }

    @Test
    void aLaterVersionRenamesEachTopicAndKeepsItsSerdes() {
        InputTopics v2 = InputTopics.version("v2");

        assertThat(v2.names())
                .containsExactly(
                        "reflect.checkins.v2", "reflect.journal.v2", "reflect.measures.v2", "reflect.sharing.v2");
        assertThat(v2.eventNames()).containsExactly("reflect.checkins.v2", "reflect.journal.v2", "reflect.measures.v2");
        assertThat(v2.counterpart(InputTopics.V1, Topics.SHARING.name())).isEqualTo("reflect.sharing.v2");
        SharingChange change = new SharingChange(
                UUID.randomUUID(),
                OffsetDateTime.parse("2026-12-01T10:00:00+01:00"),
                "clinician-1",
                SharingChange.Action.GRANT,
                "person-1",
                Instant.parse("2026-12-01T09:00:05Z"));
        byte[] written =
                v2.sharing().valueSerde().serializer().serialize(v2.sharing().name(), change);
        assertThat(written)
                .isEqualTo(Topics.SHARING.valueSerde().serializer().serialize(Topics.SHARING.name(), change));
        assertThat(v2.sharing()
                        .valueSerde()
                        .deserializer()
                        .deserialize(v2.sharing().name(), written))
                .isEqualTo(change);
    }

    @Test
    void refusesAVersionThatIsNotVAndANumber() {
        for (String bad : new String[] {"", "2", "v0", "V2", "v2 ", "v1.5", "../v2", "v12345"}) {
            assertThatThrownBy(() -> InputTopics.version(bad))
                    .as("version %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(InputTopics.VARIABLE);
        }
        assertThatThrownBy(() -> InputTopics.version(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCounterpartIsOnlyFoundForAnInputTopic() {
        assertThatThrownBy(() -> InputTopics.version("v3").counterpart(InputTopics.V1, Topics.ALERTS.name()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
