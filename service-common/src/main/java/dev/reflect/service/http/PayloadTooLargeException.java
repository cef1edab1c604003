package dev.reflect.service.http;

/**
 * 413: the request body is over the limit. The rest of the body is left unread, so the server
 * closes the connection after answering; {@code Connection: close} says so, or a keep-alive client
 * sends its next request on a connection that is about to close and gets no answer.
 */
public class PayloadTooLargeException extends ProblemException {

    public PayloadTooLargeException(long maxBytes) {
        super(
                413,
                "payload-too-large",
                "Payload too large",
                "The request body must be at most " + maxBytes + " bytes.");
        header("Connection", "close");
    }
}
