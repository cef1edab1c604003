package dev.reflect.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.EventRules;
import dev.reflect.events.Topics;
import dev.reflect.notifier.support.AlertJson;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AlertNoticeTest {

    @Test
    void theTestsAlertRecordsAreOnesTheEventsModuleReadsAsAlerts() {
        AlertJson written = AlertJson.of("u-1", "c-1", "c-2");

        // The events module's own strict serde (unknown fields fail): the helper writes no field an
        // Alert lacks, and the notify field is the Alert's.
        var alert = Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), written.bytes());

        assertThat(alert.alertId()).isEqualTo(written.alertId());
        assertThat(alert.userId()).isEqualTo("u-1");
    }

    @Test
    void readsTheClinicianIdsFromNotifyInOrder() {
        AlertNotice notice = AlertJson.of("u-1", "c-2", "c-1").read();

        assertThat(notice.clinicians()).containsExactly("c-2", "c-1");
        assertThat(notice.isComplete()).isTrue();
    }

    @Test
    void noNotifyFieldIsNobody() {
        assertThat(AlertJson.of("u-1").read().clinicians()).isEmpty();
    }

    @Test
    void aBlankOrOverlongClinicianIdMakesTheRecordUnreadableWithoutQuotingIt() {
        String overlong = "c".repeat(EventRules.MAX_USER_ID_LENGTH + 1);

        assertThatThrownBy(() -> AlertJson.of("u-1", "c-1", " ").read())
                .isInstanceOf(SerializationException.class)
                .hasMessageNotContaining("u-1");
        assertThatThrownBy(() -> new AlertNotice(null, "u-1", null, null, null, null, List.of("c-1", overlong)))
                .hasMessage("notify[1] must be a clinician id of 1 to 128 characters, not blank");
        assertThat(AlertJson.of("u-1", "c".repeat(EventRules.MAX_USER_ID_LENGTH))
                        .read()
                        .clinicians())
                .hasSize(1);
    }
}
