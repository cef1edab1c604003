package dev.reflect.notifier.support;

import dev.reflect.notifier.endpoint.ClinicianEndpoint;
import dev.reflect.notifier.endpoint.ClinicianEndpoints;
import dev.reflect.notifier.webhook.WebhookSigner;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Endpoints and secrets for tests. */
public final class TestEndpoints {

    private TestEndpoints() {}

    /** A fresh {@code whsec_} secret of 32 random bytes. */
    public static String secret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** Each clinician at {@code https://<clinician>.example.org/hook}, with its own secret. */
    public static ClinicianEndpoints forClinicians(String... clinicians) {
        Map<String, ClinicianEndpoint> endpoints = new LinkedHashMap<>();
        for (String clinician : clinicians) {
            endpoints.put(
                    clinician,
                    new ClinicianEndpoint(
                            URI.create("https://" + clinician + ".example.org/hook"),
                            new WebhookSigner(List.of(secret()))));
        }
        return ClinicianEndpoints.of(endpoints);
    }
}
