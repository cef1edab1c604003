package dev.reflect.service.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PseudonymTest {

    private static final byte[] SECRET = "pseudonym-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_SECRET =
            "another-pseudonym-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void isTheShortenedHexHmacSha256OfTheUserId() {
        // Reference value from: printf %s u-123 | openssl dgst -sha256 -hmac pseudonym-test-secret-0123456789abcdef
        assertThat(Pseudonym.withSecret(SECRET).of("u-123")).isEqualTo("c2c6c425e796ead3");
    }

    @Test
    void isStableAcrossInstancesOfTheSameSecret() {
        Pseudonym one = Pseudonym.withSecret(SECRET);
        Pseudonym another = Pseudonym.withSecret(SECRET.clone());

        assertThat(one.of("u-123"))
                .isEqualTo(one.of("u-123"))
                .isEqualTo(another.of("u-123"))
                .hasSize(Pseudonym.LENGTH)
                .matches("[0-9a-f]{16}");
    }

    @Test
    void dependsOnTheSecretAndTheUser() {
        Pseudonym pseudonym = Pseudonym.withSecret(SECRET);

        assertThat(pseudonym.of("u-123"))
                .isNotEqualTo(Pseudonym.withSecret(OTHER_SECRET).of("u-123"))
                .isNotEqualTo(pseudonym.of("u-124"));
    }

    @Test
    void aClinicianReferenceIsTheHexHmacOfTheLengthPrefixedIds() {
        // Reference value from: printf %s clinician-reference:4:c-12:5:u-123 \
        //   | openssl dgst -sha256 -hmac pseudonym-test-secret-0123456789abcdef | awk '{print substr($NF,1,32)}'
        assertThat(Pseudonym.withSecret(SECRET).forClinician("c-12", "u-123"))
                .isEqualTo("b243e00f3548c12c4688635422984778");
    }

    @Test
    void aClinicianReferenceDiffersByClinicianAndFromThePseudonymAndNeverShowsAnId() {
        Pseudonym pseudonym = Pseudonym.withSecret(SECRET);

        String forOne = pseudonym.forClinician("c-1", "u-123");
        assertThat(forOne)
                .matches("[0-9a-f]{32}")
                .isEqualTo(Pseudonym.withSecret(SECRET.clone()).forClinician("c-1", "u-123"))
                .isNotEqualTo(pseudonym.forClinician("c-2", "u-123"))
                .isNotEqualTo(pseudonym.forClinician("c-1", "u-124"))
                .isNotEqualTo(Pseudonym.withSecret(OTHER_SECRET).forClinician("c-1", "u-123"))
                .doesNotStartWith(pseudonym.of("u-123"))
                .doesNotContain("u-123")
                .doesNotContain("c-1");
        // The length prefix keeps the boundary between the two ids: ("c-1", "2u") is not ("c-12", "u").
        assertThat(pseudonym.forClinician("c-1", "2u")).isNotEqualTo(pseudonym.forClinician("c-12", "u"));
    }

    @Test
    void neverContainsTheUserIdEvenWhenTheIdLooksLikeHex() {
        Pseudonym pseudonym = Pseudonym.withSecret(SECRET);

        for (String userId : List.of("0123456789abcdef", "abc", "a", "u-123", "ffffffffffffffff0000")) {
            assertThat(pseudonym.of(userId)).doesNotContain(userId);
        }
    }

    @Test
    void spreadsManyUsersOverDistinctPseudonyms() {
        Pseudonym pseudonym = Pseudonym.withSecret(SECRET);
        Set<String> seen = new HashSet<>();

        IntStream.range(0, 100_000).forEach(i -> seen.add(pseudonym.of("user-" + i)));

        assertThat(seen).hasSize(100_000);
    }

    @Test
    void givesTheSameAnswerUnderConcurrentUse() {
        Pseudonym pseudonym = Pseudonym.withSecret(SECRET);
        Map<String, String> expected = new ConcurrentHashMap<>();
        IntStream.range(0, 2_000).forEach(i -> expected.put("user-" + i, pseudonym.of("user-" + i)));

        Map<String, String> concurrent = new ConcurrentHashMap<>();
        IntStream.range(0, 2_000).parallel().forEach(i -> concurrent.put("user-" + i, pseudonym.of("user-" + i)));

        assertThat(concurrent).isEqualTo(expected);
    }

    @Test
    void readsTheSecretFromTheEnvironmentAndIsEmptyWithoutOne() {
        Env env = Env.of(Map.of(Pseudonym.SECRET_VARIABLE, new String(SECRET, StandardCharsets.UTF_8)));

        assertThat(Pseudonym.from(env))
                .hasValueSatisfying(pseudonym -> assertThat(pseudonym.of("u-123"))
                        .isEqualTo(Pseudonym.withSecret(SECRET).of("u-123")));
        assertThat(Pseudonym.from(Env.of(Map.of()))).isEmpty();
    }

    @Test
    void refusesAShortSecretWithoutEchoingIt() {
        Env env = Env.of(Map.of(Pseudonym.SECRET_VARIABLE, "too-short-s3cret"));

        assertThatThrownBy(() -> Pseudonym.from(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(Pseudonym.SECRET_VARIABLE)
                .hasMessageContaining("32")
                .hasMessageNotContaining("too-short-s3cret");
    }

    @Test
    void printsNoSecret() {
        assertThat(Pseudonym.withSecret(SECRET).toString())
                .doesNotContain(new String(SECRET, StandardCharsets.UTF_8))
                .contains("HMAC-SHA256");
    }
}
