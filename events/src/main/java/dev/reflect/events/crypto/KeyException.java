package dev.reflect.events.crypto;

/**
 * Keys could not be made, stored, read or used: a broken key-encryption key, a key store that is
 * out of reach. Never carries key material or a text; the message names what failed.
 */
public class KeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
