package dev.reflect.events.validation;

import dev.reflect.events.FieldError;
import java.util.List;
import java.util.Objects;

/** Either a valid value or every problem found with the input — never both, never neither. */
public record Validated<T>(T value, List<FieldError> errors) {

    public Validated {
        errors = List.copyOf(errors);
        if ((value == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("exactly one of value and errors must be given");
        }
    }

    public static <T> Validated<T> valid(T value) {
        return new Validated<>(Objects.requireNonNull(value), List.of());
    }

    public static <T> Validated<T> invalid(List<FieldError> errors) {
        return new Validated<>(null, errors);
    }

    public boolean isValid() {
        return value != null;
    }
}
