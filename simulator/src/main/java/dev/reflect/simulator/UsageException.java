package dev.reflect.simulator;

/** A command line the simulator cannot run: the message names the option and the rule it broke. */
public final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
