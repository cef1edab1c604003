package dev.reflect.service.http;

/** 413: the request body is over the limit. */
public class PayloadTooLargeException extends ProblemException {

    public PayloadTooLargeException(long maxBytes) {
        super(413, "payload-too-large", "Payload too large",
                "The request body must be at most " + maxBytes + " bytes.");
    }
}
