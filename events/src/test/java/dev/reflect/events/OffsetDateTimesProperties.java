package dev.reflect.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast reading of common date-times gives what {@link OffsetDateTime#parse} gives, or leaves the text to it. */
class OffsetDateTimesProperties {

    @Property(tries = 5000)
    void agreesWithTheJdkParser(@ForAll("nearDateTimes") String text) {
        OffsetDateTime fast = OffsetDateTimes.parseCommonForm(text);
        OffsetDateTime jdk;
        try {
            jdk = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            jdk = null;
        }

        if (fast != null) {
            assertThat(fast).as(text).isEqualTo(jdk);
            assertThat(fast.getOffset()).as(text).isEqualTo(jdk.getOffset());
        }
    }

    @Property(tries = 1000)
    void readsTheFormsClientsSend(@ForAll("clientForms") String text) {
        assertThat(OffsetDateTimes.parseCommonForm(text)).as(text).isNotNull().isEqualTo(OffsetDateTime.parse(text));
    }

    /** What OffsetDateTime.toString writes (minutes only, seconds, 3, 6 or 9 fraction digits) and with the fraction trimmed. */
    @Provide
    Arbitrary<String> clientForms() {
        return Arbitraries.oneOf(
                EventArbitraries.occurredAtInWindow().map(OffsetDateTime::toString),
                EventArbitraries.occurredAtInWindow()
                        .map(t -> t.withNano(t.getNano() / 1_000_000 * 1_000_000)
                                .toString()
                                .replaceAll("(\\.\\d*?)0+(?=[Z+-])", "$1")
                                .replace(".Z", "Z")
                                .replaceAll("\\.(?=[+-])", "")));
    }

    /** Valid date-times with one character replaced, inserted or removed, and strings over the date-time alphabet. */
    @Provide
    Arbitrary<String> nearDateTimes() {
        Arbitrary<Character> odd = Arbitraries.of(
                '0', '1', '2', '3', '5', '6', '9', '-', '+', ':', '.', 'T', 't', 'Z', 'z', ' ', '\u0663');
        Arbitrary<String> mutated = Combinators.combine(
                        clientForms(),
                        Arbitraries.integers().between(0, 40),
                        odd,
                        Arbitraries.integers().between(0, 3))
                .as((String text, Integer at, Character c, Integer how) -> {
                    StringBuilder s = new StringBuilder(text);
                    int i = Math.min(at, s.length() - 1);
                    switch (how) {
                        case 0 -> s.setCharAt(i, c.charValue());
                        case 1 -> s.insert(Math.min(at, s.length()), c.charValue());
                        case 2 -> s.deleteCharAt(i);
                        default -> {}
                    }
                    return s.toString();
                });
        Arbitrary<String> fields = Combinators.combine(
                        Arbitraries.integers().between(0, 9999),
                        Arbitraries.integers().between(0, 13),
                        Arbitraries.integers().between(0, 32),
                        Arbitraries.integers().between(0, 25),
                        Arbitraries.integers().between(0, 61),
                        Arbitraries.integers().between(0, 61),
                        Arbitraries.strings().numeric().ofMaxLength(11),
                        Arbitraries.of(
                                "Z",
                                "+18:00",
                                "-18:00",
                                "+18:01",
                                "+19:00",
                                "-00:00",
                                "+00:00",
                                "+05:30",
                                "-09:45",
                                "+01:60",
                                "+1:00",
                                "+0100",
                                "+01",
                                "+01:00:00",
                                "z",
                                ""))
                .as((y, mo, d, h, mi, s, fraction, offset) -> String.format(
                        "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
                        y, mo, d, h, mi, s, fraction.isEmpty() ? "" : "." + fraction, offset));
        return Arbitraries.oneOf(
                mutated,
                fields,
                Arbitraries.strings().withChars("0123456789-:T.Z+").ofMaxLength(35));
    }
}
