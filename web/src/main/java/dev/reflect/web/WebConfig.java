package dev.reflect.web;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.web.signin.SignInSettings;
import java.net.URI;
import java.util.Locale;

/**
 * Everything the web app is configured with. {@link #from(Env)} reads:
 * <ul>
 *   <li>{@code REFLECT_WEB_HOST} (default {@code 0.0.0.0}), {@code REFLECT_WEB_PORT} (default
 *       {@value #DEFAULT_PORT}; 0 picks a free port): the one address people use;</li>
 *   <li>{@code REFLECT_WEB_INGEST_URL} (default {@code http://127.0.0.1:8080}) and
 *       {@code REFLECT_WEB_QUERY_URL} (default {@code http://127.0.0.1:8081}): where the writes and
 *       the reads are passed on to. Any query instance will do: each answers for every person;</li>
 *   <li>{@code REFLECT_OIDC_*}: how people sign in, see {@link SignInSettings}.</li>
 * </ul>
 */
public record WebConfig(String host, int port, URI ingestUrl, URI queryUrl, SignInSettings signIn) {

    public static final String HOST_VARIABLE = "REFLECT_WEB_HOST";
    public static final String PORT_VARIABLE = "REFLECT_WEB_PORT";
    public static final String INGEST_URL_VARIABLE = "REFLECT_WEB_INGEST_URL";
    public static final String QUERY_URL_VARIABLE = "REFLECT_WEB_QUERY_URL";
    public static final int DEFAULT_PORT = 8090;

    public WebConfig {
        ingestUrl = upstream(INGEST_URL_VARIABLE, ingestUrl);
        queryUrl = upstream(QUERY_URL_VARIABLE, queryUrl);
    }

    public static WebConfig from(Env env) {
        return new WebConfig(
                env.string(HOST_VARIABLE, "0.0.0.0"),
                env.integer(PORT_VARIABLE, DEFAULT_PORT, 0, 65535),
                parse(INGEST_URL_VARIABLE, env.string(INGEST_URL_VARIABLE, "http://127.0.0.1:8080")),
                parse(QUERY_URL_VARIABLE, env.string(QUERY_URL_VARIABLE, "http://127.0.0.1:8081")),
                SignInSettings.from(env));
    }

    /** The settings of the process: environment variables, overridden by system properties. */
    public static WebConfig fromEnvironment() {
        return from(Env.system());
    }

    public WebConfig withHost(String newHost) {
        return new WebConfig(newHost, port, ingestUrl, queryUrl, signIn);
    }

    public WebConfig withPort(int newPort) {
        return new WebConfig(host, newPort, ingestUrl, queryUrl, signIn);
    }

    public WebConfig withUpstreams(URI newIngestUrl, URI newQueryUrl) {
        return new WebConfig(host, port, newIngestUrl, newQueryUrl, signIn);
    }

    private static URI parse(String variable, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + " must be an http(s) URL such as http://127.0.0.1:8080");
        }
    }

    /** An http(s) base URL without a path, query or fragment: paths are the contract's, appended as they come. */
    private static URI upstream(String variable, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (url.getRawPath() == null
                        || url.getRawPath().isEmpty()
                        || url.getRawPath().equals("/"))
                && url.getRawQuery() == null
                && url.getRawFragment() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || !bare) {
            throw new ConfigException(
                    variable + " must be an http(s) URL with a host and no path, such as http://127.0.0.1:8080");
        }
        String text = url.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
