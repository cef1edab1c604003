package dev.reflect.service.http;

/** 404: no such resource (or no such user, which is the same to the client). */
public class NotFoundException extends ProblemException {

    public NotFoundException(String detail) {
        super(404, "not-found", "Not found", detail);
    }
}
