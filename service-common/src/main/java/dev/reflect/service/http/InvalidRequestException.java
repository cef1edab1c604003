package dev.reflect.service.http;

import dev.reflect.events.FieldError;
import java.util.List;

/** 400: the request is not acceptable; {@code errors} lists every problem found, by field. */
public class InvalidRequestException extends ProblemException {

    public InvalidRequestException(List<FieldError> errors) {
        this("The request has " + errors.size() + (errors.size() == 1 ? " problem." : " problems."), errors);
    }

    public InvalidRequestException(String detail, List<FieldError> errors) {
        super(400, "invalid-request", "Invalid request", detail, errors);
    }
}
