package dev.reflect.notifier.endpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.reflect.events.EventRules;
import dev.reflect.events.Json;
import dev.reflect.notifier.webhook.WebhookSigner;
import dev.reflect.service.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each clinician's webhook endpoint, read from the JSON file that {@value #VARIABLE} names:
 *
 * <pre>{@code
 * {"endpoints": {
 *   "<clinicianId>": {"url": "https://care.example.org/reflect-webhooks",
 *                     "secret": "whsec_<base64 of 24 to 64 random bytes>",
 *                     "previousSecret": "whsec_..."}      <- optional, while a secret is rotated
 * }}
 * }</pre>
 *
 * Rules, each reported with the entry's position and never with its id, URL or secret: an
 * {@code https} URL with a host and no user info ({@code http} only for a loopback host, for local
 * runs and tests); secrets in the Standard Webhooks form {@code whsec_} + base64 of 24 to 64 bytes;
 * a clinician id of 1 to {@link EventRules#MAX_USER_ID_LENGTH} characters, once; no other fields.
 * A clinician without an entry gets no webhook (the notifier counts it).
 */
public final class ClinicianEndpoints {

    public static final String VARIABLE = "REFLECT_NOTIFIER_ENDPOINTS";
    /** The Standard Webhooks secret prefix. */
    public static final String SECRET_PREFIX = "whsec_";

    public static final int MIN_SECRET_BYTES = 24;
    public static final int MAX_SECRET_BYTES = 64;

    private static final Set<String> ENTRY_FIELDS = Set.of("url", "secret", "previousSecret");
    private static final ObjectReader READER =
            Json.mapper().reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, ClinicianEndpoint> byClinician;

    private ClinicianEndpoints(Map<String, ClinicianEndpoint> byClinician) {
        this.byClinician = Map.copyOf(byClinician);
    }

    /** Nobody has an endpoint: every clinician is counted, nobody is sent anything. */
    public static ClinicianEndpoints none() {
        return new ClinicianEndpoints(Map.of());
    }

    public static ClinicianEndpoints of(Map<String, ClinicianEndpoint> byClinician) {
        return new ClinicianEndpoints(byClinician);
    }

    /** The file at {@code file}; a missing, unreadable or invalid file fails with the rule it breaks. */
    public static ClinicianEndpoints load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(VARIABLE + " must name a readable JSON file");
        }
        return parse(bytes);
    }

    /** The JSON document described above. */
    public static ClinicianEndpoints parse(byte[] json) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the file, secrets included.
            throw invalid("the file is not valid JSON (or repeats a key)");
        } catch (IOException e) {
            throw invalid("the file could not be read");
        }
        if (root == null || !root.isObject()) {
            throw invalid("the file must be a JSON object");
        }
        Iterator<String> topFields = root.fieldNames();
        while (topFields.hasNext()) {
            if (!topFields.next().equals("endpoints")) {
                throw invalid("the file may hold only \"endpoints\"");
            }
        }
        JsonNode endpoints = root.path("endpoints");
        if (!endpoints.isObject()) {
            throw invalid("the file must hold an object \"endpoints\" of clinician id -> {url, secret}");
        }
        Map<String, ClinicianEndpoint> byClinician = new LinkedHashMap<>();
        int position = 0;
        for (Map.Entry<String, JsonNode> entry : endpoints.properties()) {
            position++;
            String where = "endpoint " + position;
            String clinician = entry.getKey();
            if (clinician.isBlank() || clinician.length() > EventRules.MAX_USER_ID_LENGTH) {
                throw invalid(where + ": the clinician id must be 1 to " + EventRules.MAX_USER_ID_LENGTH
                        + " characters, not blank");
            }
            byClinician.put(clinician, endpoint(where, entry.getValue()));
        }
        return new ClinicianEndpoints(byClinician);
    }

    private static ClinicianEndpoint endpoint(String where, JsonNode entry) {
        if (!entry.isObject()) {
            throw invalid(where + " must be an object {url, secret}");
        }
        Iterator<String> fields = entry.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!ENTRY_FIELDS.contains(field)) {
                throw invalid(where + ": unknown field (allowed: url, secret, previousSecret)");
            }
        }
        URI url = url(where, entry.path("url"));
        List<String> secrets = new ArrayList<>();
        secrets.add(secret(where + ": secret", entry.path("secret")));
        if (!entry.path("previousSecret").isMissingNode()) {
            secrets.add(secret(where + ": previousSecret", entry.path("previousSecret")));
        }
        return new ClinicianEndpoint(url, new WebhookSigner(secrets));
    }

    private static URI url(String where, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(where + ": url is required, a string");
        }
        URI url;
        try {
            url = new URI(node.asText());
        } catch (URISyntaxException e) {
            throw invalid(where + ": url is not a valid URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw invalid(where + ": url must be absolute, with a host, without user info or fragment");
        }
        if (scheme.equals("https") || (scheme.equals("http") && isLoopback(url.getHost()))) {
            return url;
        }
        throw invalid(where + ": url must use https (http only for a loopback host such as 127.0.0.1)");
    }

    /** By name only, never by a DNS lookup: a name that resolves to loopback today may not tomorrow. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static String secret(String where, JsonNode node) {
        if (!node.isTextual() || !node.asText().startsWith(SECRET_PREFIX)) {
            throw invalid(where + " must be a string " + SECRET_PREFIX + "<base64>");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(node.asText().substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw invalid(where + " must be " + SECRET_PREFIX + " followed by base64");
        }
        if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
            throw invalid(where + " must hold " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES + " bytes");
        }
        return node.asText();
    }

    private static ConfigException invalid(String rule) {
        return new ConfigException(VARIABLE + ": " + rule);
    }

    /** The endpoint of {@code clinicianId}, if one is configured. */
    public Optional<ClinicianEndpoint> of(String clinicianId) {
        return Optional.ofNullable(byClinician.get(clinicianId));
    }

    public int size() {
        return byClinician.size();
    }

    @Override
    public String toString() {
        return "ClinicianEndpoints[" + byClinician.size() + " configured]";
    }
}
