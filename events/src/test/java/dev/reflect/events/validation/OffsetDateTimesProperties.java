package dev.reflect.events.validation;

import static dev.reflect.proptest.Gens.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.EventGens;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import dev.reflect.proptest.PropertyCheck;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The fast reading of common date-times gives what {@link OffsetDateTime#parse} gives, or leaves the text to it. */
class OffsetDateTimesProperties {

    @Test
    void agreesWithTheJdkParser() {
        PropertyCheck.tries(5000).forAll(nearDateTimes(), OffsetDateTimesProperties::agreesWithTheJdk);
    }

    private static void agreesWithTheJdk(String text) {
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

    @Test
    void readsTheFormsClientsSend() {
        PropertyCheck.tries(1000)
                .forAll(
                        clientForms(),
                        text -> assertThat(OffsetDateTimes.parseCommonForm(text))
                                .as(text)
                                .isNotNull()
                                .isEqualTo(OffsetDateTime.parse(text)));
    }

    /** What OffsetDateTime.toString writes (minutes only, seconds, 3, 6 or 9 fraction digits) and with the fraction trimmed. */
    private static Gen<String> clientForms() {
        return Gens.oneOf(
                EventGens.occurredAtInWindow().map(OffsetDateTime::toString),
                EventGens.occurredAtInWindow()
                        .map(t -> t.withNano(t.getNano() / 1_000_000 * 1_000_000)
                                .toString()
                                .replaceAll("(\\.\\d*?)0+(?=[Z+-])", "$1")
                                .replace(".Z", "Z")
                                .replaceAll("\\.(?=[+-])", "")));
    }

    /** Valid date-times with one character replaced, inserted or removed, and strings over the date-time alphabet. */
    private static Gen<String> nearDateTimes() {
        Gen<Character> odd =
                Gens.of('0', '1', '2', '3', '5', '6', '9', '-', '+', ':', '.', 'T', 't', 'Z', 'z', ' ', '\u0663');
        Gen<String> mutated = clientForms()
                .zip(ints(0, 40), odd, ints(0, 3), (String text, Integer at, Character c, Integer how) -> {
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
        Gen<Integer> years = ints(0, 9999);
        Gen<Integer> months = ints(0, 13);
        Gen<Integer> days = ints(0, 32);
        Gen<Integer> hours = ints(0, 25);
        Gen<Integer> minutesOrSeconds = ints(0, 61);
        Gen<String> fractions = Gens.strings(CharSet.numeric(), 0, 11);
        Gen<String> offsets = Gens.of(
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
                "");
        Gen<String> fields = in -> {
            String fraction = fractions.generate(in);
            return String.format(
                    "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
                    years.generate(in),
                    months.generate(in),
                    days.generate(in),
                    hours.generate(in),
                    minutesOrSeconds.generate(in),
                    minutesOrSeconds.generate(in),
                    fraction.isEmpty() ? "" : "." + fraction,
                    offsets.generate(in));
        };
        return Gens.oneOf(mutated, fields, Gens.strings(CharSet.of("0123456789-:T.Z+"), 0, 35));
    }
}
