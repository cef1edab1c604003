package dev.reflect.events.validation;

import dev.reflect.events.FieldError;
import java.util.List;
import java.util.Set;

/**
 * Why a record was refused, as a short stable code for dead-letter headers and metric labels
 * ({@code reflect_records_rejected_total{reason}}); derived from the {@link FieldError}s alone.
 */
public enum RejectionReason {
    /** The bytes are not JSON at all. */
    NOT_JSON("not-json"),
    /** JSON, but not the shape of the event: wrong types, missing or unknown fields, out-of-range numbers. */
    INVALID_SCHEMA("invalid-schema"),
    /** The right shape, but a value the schema cannot judge is wrong: a time without offset, outside the window, another user. */
    INVALID_VALUE("invalid-value");

    private static final Set<String> VALUE_MESSAGES = Set.of(
            ValidationMessages.NOT_A_DATE_TIME,
            ValidationMessages.MISSING_OFFSET,
            ValidationMessages.OUT_OF_EPOCH,
            ValidationMessages.TOO_FAR_AHEAD,
            ValidationMessages.TOO_OLD,
            ValidationMessages.USER_MISMATCH);

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The reason for a non-empty list of errors from {@link EventParser}. */
    public static RejectionReason of(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no errors, no rejection");
        }
        if (errors.stream().anyMatch(e -> ValidationMessages.NOT_JSON.equals(e.message()))) {
            return NOT_JSON;
        }
        return errors.stream().allMatch(e -> VALUE_MESSAGES.contains(e.message())) ? INVALID_VALUE : INVALID_SCHEMA;
    }
}
