package dev.reflect.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /**
     * The test vector the Standard Webhooks reference libraries share (libraries/java WebhookTest,
     * verifyWebhookSignWorks; the same values in the other languages' tests).
     */
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long VECTOR_TIMESTAMP = 1614265330;
    private static final String VECTOR_BODY = "{\"test\": 2432232314}";
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String OTHER_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";

    @Test
    void signsTheStandardWebhooksTestVector() {
        WebhookSigner signer = new WebhookSigner(List.of(VECTOR_SECRET));

        assertThat(signer.signature(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY)).isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void duringARotationSignsWithBothSecretsCurrentFirstAndEitherVerifies() {
        WebhookSigner signer = new WebhookSigner(List.of(OTHER_SECRET, VECTOR_SECRET));
        long now = System.currentTimeMillis() / 1000;

        String header = signer.signature(VECTOR_ID, now, VECTOR_BODY);

        assertThat(header.split(" ")).hasSize(2);
        assertThat(header.split(" ")[1])
                .isEqualTo(new WebhookSigner(List.of(VECTOR_SECRET)).signature(VECTOR_ID, now, VECTOR_BODY));
        for (String secret : List.of(OTHER_SECRET, VECTOR_SECRET)) {
            assertThat(verifies(secret, VECTOR_ID, now, header, VECTOR_BODY))
                    .as(secret)
                    .isTrue();
        }
        assertThat(verifies(OTHER_SECRET, VECTOR_ID, now, header, VECTOR_BODY + " "))
                .isFalse();
    }

    @Test
    void showsNoSecret() {
        assertThat(new WebhookSigner(List.of(VECTOR_SECRET)).toString())
                .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .isEqualTo("WebhookSigner[1 secret(s)]");
    }

    private static boolean verifies(String secret, String id, long timestamp, String signature, String body) {
        HttpHeaders headers = HttpHeaders.of(
                Map.of(
                        WebhookSigner.ID_HEADER, List.of(id),
                        WebhookSigner.TIMESTAMP_HEADER, List.of(Long.toString(timestamp)),
                        WebhookSigner.SIGNATURE_HEADER, List.of(signature)),
                (name, value) -> true);
        try {
            new Webhook(secret).verify(body, headers);
            return true;
        } catch (com.standardwebhooks.exceptions.WebhookVerificationException e) {
            return false;
        }
    }
}
