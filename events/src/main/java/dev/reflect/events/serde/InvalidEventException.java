package dev.reflect.events.serde;

import dev.reflect.events.FieldError;
import dev.reflect.events.validation.RejectionReason;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A topic record that is not a valid event. The message carries the reason code and the failing
 * field paths only, never the payload: Kafka Streams copies exception messages into dead-letter
 * headers and logs, where mental-health text must not appear.
 */
public class InvalidEventException extends SerializationException {

    private final RejectionReason reason;
    private final transient List<FieldError> errors;

    public InvalidEventException(String eventType, List<FieldError> errors) {
        super(describe(eventType, errors));
        this.reason = RejectionReason.of(errors);
        this.errors = List.copyOf(errors);
    }

    public RejectionReason reason() {
        return reason;
    }

    /** Every problem, as {@link dev.reflect.events.validation.EventParser} found them; messages hold no submitted values. */
    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(String eventType, List<FieldError> errors) {
        StringBuilder s = new StringBuilder("invalid ")
                .append(eventType)
                .append(" record (")
                .append(RejectionReason.of(errors).code())
                .append("):");
        for (FieldError e : errors) {
            s.append(' ')
                    .append(e.field().isEmpty() ? "<body>" : e.field())
                    .append(' ')
                    .append(e.message())
                    .append(';');
        }
        return s.toString();
    }
}
