package dev.reflect.notifier.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.util.List;
import java.util.StringJoiner;

/**
 * Signs webhooks as Standard Webhooks says (https://www.standardwebhooks.com/): the
 * {@code webhook-signature} header is {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one
 * per secret, space-delimited, so a receiver accepts the webhook while it still holds either secret
 * during a rotation. The HMAC itself is the reference library's ({@code com.standardwebhooks}).
 * Thread-safe. Its {@link #toString()} shows no secret.
 */
public final class WebhookSigner {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private final List<Webhook> keys;

    /** {@code secrets} as {@code whsec_<base64>}, the current one first. */
    public WebhookSigner(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret");
        }
        this.keys = secrets.stream().map(Webhook::new).toList();
    }

    /** The {@code webhook-signature} value for {@code body} sent as {@code webhookId} at {@code timestamp} (Unix seconds). */
    public String signature(String webhookId, long timestamp, String body) {
        StringJoiner signatures = new StringJoiner(" ");
        for (Webhook key : keys) {
            try {
                signatures.add(key.sign(webhookId, timestamp, body));
            } catch (WebhookSigningException e) {
                // Only for a JDK without HmacSHA256, which no Java SE runtime is.
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }
        return signatures.toString();
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + " secret(s)]";
    }
}
