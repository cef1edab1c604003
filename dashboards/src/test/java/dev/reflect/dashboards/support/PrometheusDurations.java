package dev.reflect.dashboards.support;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus durations ({@code 90s}, {@code 1h30m}, {@code 1440m}) as {@link Duration}s. */
public final class PrometheusDurations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private PrometheusDurations() {}

    public static Duration parse(String text) {
        Matcher part = PART.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                throw new IllegalArgumentException("not a Prometheus duration: " + text);
            }
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "d" -> Duration.ofDays(amount);
                        case "w" -> Duration.ofDays(7 * amount);
                        default -> Duration.ofDays(365 * amount);
                    });
            end = part.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new IllegalArgumentException("not a Prometheus duration: " + text);
        }
        return total;
    }
}
