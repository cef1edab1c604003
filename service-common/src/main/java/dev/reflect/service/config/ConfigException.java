package dev.reflect.service.config;

/**
 * A setting is missing or invalid; thrown at startup so the service refuses to run. The message
 * names the variable and the rule, never the value: values include secrets and JAAS passwords.
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
