package dev.reflect.service.http;

/** 415: the request body is not in a media type this endpoint reads. */
public class UnsupportedMediaTypeException extends ProblemException {

    public UnsupportedMediaTypeException(String detail) {
        super(415, "unsupported-media-type", "Unsupported media type", detail);
    }
}
