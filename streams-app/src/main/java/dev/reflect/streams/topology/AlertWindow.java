package dev.reflect.streams.topology;

import java.time.Instant;
import java.util.Objects;

/**
 * Which alerts an application sends, by the alert's record timestamp: the receivedAt of the change
 * that raised it, the same whenever the input is processed again. An alert outside the window is
 * still decided and remembered in the person's state (its change counts as announced), only not
 * sent. {@link #ALL} is every deployment's setting but one: while partitions grow
 * (docs/scaling.md, "Growing partitions") the retiring application announces the changes received
 * before the cut-over instant ({@code until}) and its successor, which rebuilds that same history
 * from the new topics, those received from it ({@code from}), so each change is announced once.
 *
 * @param from  the first timestamp sent (inclusive)
 * @param until the first timestamp no longer sent (exclusive)
 */
public record AlertWindow(Instant from, Instant until) {

    public static final AlertWindow ALL = new AlertWindow(Instant.MIN, Instant.MAX);

    public AlertWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException("an alert window must start before it ends");
        }
    }

    /** Alerts stamped at or after {@code instant}: the successor's window. */
    public static AlertWindow from(Instant instant) {
        return new AlertWindow(instant, Instant.MAX);
    }

    /** Alerts stamped before {@code instant}: the retiring application's window. */
    public static AlertWindow until(Instant instant) {
        return new AlertWindow(Instant.MIN, instant);
    }

    /** Whether an alert with this record timestamp (epoch ms) is sent. */
    public boolean sends(long timestamp) {
        Instant at = Instant.ofEpochMilli(timestamp);
        return !at.isBefore(from) && at.isBefore(until);
    }
}
