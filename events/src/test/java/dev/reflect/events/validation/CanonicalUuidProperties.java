package dev.reflect.events.validation;

import static dev.reflect.proptest.Gens.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import dev.reflect.proptest.PropertyCheck;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The hand-written UUID check that replaces the schema's {@code pattern} on the hot path accepts
 * exactly what that pattern (with the schema's length bounds) accepts.
 */
class CanonicalUuidProperties {

    private static final Pattern SCHEMA_PATTERN = Pattern.compile(CompiledSchema.CANONICAL_UUID_PATTERN);

    @Test
    void agreesWithTheSchemaPattern() {
        PropertyCheck.tries(2000).forAll(nearUuids(), text -> {
            boolean bySchema =
                    text.length() == 36 && SCHEMA_PATTERN.matcher(text).find();

            assertThat(CompiledSchema.isCanonicalUuid(text)).as("%s", text).isEqualTo(bySchema);
        });
    }

    @Test
    void acceptsEveryUuidInEitherCase() {
        PropertyCheck.tries(200).forAll(uuids(), uuid -> {
            assertThat(CompiledSchema.isCanonicalUuid(uuid.toString())).isTrue();
            assertThat(CompiledSchema.isCanonicalUuid(uuid.toString().toUpperCase(Locale.ROOT)))
                    .isTrue();
        });
    }

    private static Gen<UUID> uuids() {
        return Gens.fromRandom(random -> new UUID(random.nextLong(), random.nextLong()));
    }

    /** Real UUIDs with one character replaced, inserted or removed, and short strings of UUID-ish characters. */
    private static Gen<String> nearUuids() {
        Gen<Character> odd = Gens.of('-', 'g', 'G', 'z', ' ', '\n', '\u0663', '\uff10', 'a', 'F', '0', '9', '_');
        Gen<String> mutated = uuids().zip(
                        ints(0, 36), odd, ints(0, 2), (UUID uuid, Integer at, Character c, Integer how) -> {
                            StringBuilder s = new StringBuilder(uuid.toString());
                            int i = Math.min(at, s.length() - 1);
                            switch (how) {
                                case 0 -> s.setCharAt(i, c.charValue());
                                case 1 -> s.insert(at.intValue(), c.charValue());
                                default -> s.deleteCharAt(i);
                            }
                            return s.toString();
                        });
        Gen<String> uuidAlphabet = Gens.strings(CharSet.of("0123456789abcdefABCDEFg-\n"), 0, 40);
        return Gens.oneOf(mutated, uuidAlphabet, uuids().map(UUID::toString));
    }
}
