package dev.reflect.service.http;

/** 403: authenticated, but this principal may not do this (e.g. read another user's progress). */
public class ForbiddenException extends ProblemException {

    public ForbiddenException(String detail) {
        super(403, "forbidden", "Forbidden", detail);
    }
}
