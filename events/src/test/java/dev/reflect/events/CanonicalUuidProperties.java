package dev.reflect.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-written UUID check that replaces the schema's {@code pattern} on the hot path accepts
 * exactly what that pattern (with the schema's length bounds) accepts.
 */
class CanonicalUuidProperties {

    private static final Pattern SCHEMA_PATTERN = Pattern.compile(CompiledSchema.CANONICAL_UUID_PATTERN);

    @Property(tries = 2000)
    void agreesWithTheSchemaPattern(@ForAll("nearUuids") String text) {
        boolean bySchema = text.length() == 36 && SCHEMA_PATTERN.matcher(text).find();

        assertThat(CompiledSchema.isCanonicalUuid(text)).as("%s", text).isEqualTo(bySchema);
    }

    @Property(tries = 200)
    void acceptsEveryUuidInEitherCase(@ForAll("uuids") UUID uuid) {
        assertThat(CompiledSchema.isCanonicalUuid(uuid.toString())).isTrue();
        assertThat(CompiledSchema.isCanonicalUuid(uuid.toString().toUpperCase(Locale.ROOT)))
                .isTrue();
    }

    @Provide
    Arbitrary<UUID> uuids() {
        return Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()));
    }

    /** Real UUIDs with one character replaced, inserted or removed, and short strings of UUID-ish characters. */
    @Provide
    Arbitrary<String> nearUuids() {
        Arbitrary<Character> odd =
                Arbitraries.of('-', 'g', 'G', 'z', ' ', '\n', '\u0663', '\uff10', 'a', 'F', '0', '9', '_');
        Arbitrary<String> mutated = Combinators.combine(
                        uuids(),
                        Arbitraries.integers().between(0, 36),
                        odd,
                        Arbitraries.integers().between(0, 2))
                .as((UUID uuid, Integer at, Character c, Integer how) -> {
                    StringBuilder s = new StringBuilder(uuid.toString());
                    int i = Math.min(at, s.length() - 1);
                    switch (how) {
                        case 0 -> s.setCharAt(i, c.charValue());
                        case 1 -> s.insert(at.intValue(), c.charValue());
                        default -> s.deleteCharAt(i);
                    }
                    return s.toString();
                });
        Arbitrary<String> uuidAlphabet = Arbitraries.strings()
                .withChars("0123456789abcdefABCDEFg-\n")
                .ofMinLength(0)
                .ofMaxLength(40);
        return Arbitraries.oneOf(mutated, uuidAlphabet, uuids().map(UUID::toString));
    }
}
