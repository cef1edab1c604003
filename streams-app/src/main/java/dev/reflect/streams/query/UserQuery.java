package dev.reflect.streams.query;

import dev.reflect.streams.entries.EntriesRequest;
import dev.reflect.streams.progress.ProgressCalculator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One question about one user's data: their progress over {@code days} days, their escalation,
 * a page of their entries, or their measures. The caller has already been allowed to ask it.
 */
public record UserQuery(String userId, Kind kind, int days, EntriesRequest entries) {

    public enum Kind {
        PROGRESS,
        ESCALATION,
        ENTRIES,
        MEASURES
    }

    public UserQuery {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.PROGRESS && (days < ProgressCalculator.MIN_DAYS || days > ProgressCalculator.MAX_DAYS)) {
            throw new IllegalArgumentException("days out of range");
        }
        if ((kind == Kind.ENTRIES) != (entries != null)) {
            throw new IllegalArgumentException("an entries query, and only one, has its page");
        }
    }

    public static UserQuery progress(String userId, int days) {
        return new UserQuery(userId, Kind.PROGRESS, days, null);
    }

    public static UserQuery escalation(String userId) {
        return new UserQuery(userId, Kind.ESCALATION, 0, null);
    }

    public static UserQuery measures(String userId) {
        return new UserQuery(userId, Kind.MEASURES, 0, null);
    }

    public static UserQuery entries(String userId, EntriesRequest page) {
        return new UserQuery(userId, Kind.ENTRIES, 0, Objects.requireNonNull(page, "page"));
    }

    /** The public path that asks the same question of another instance, query string included. */
    public String path() {
        // URLEncoder encodes for forms; in a path segment a space must be %20, not '+'.
        String segment = URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
        return switch (kind) {
            case PROGRESS -> "/v1/users/" + segment + "/progress?days=" + days;
            case ESCALATION -> "/v1/users/" + segment + "/escalation";
            case ENTRIES -> "/v1/users/" + segment + "/entries?" + entries.queryString();
            case MEASURES -> "/v1/users/" + segment + "/measures";
        };
    }

    @Override
    public String toString() {
        return "UserQuery[userId=<redacted>, kind=" + kind + ", days=" + days + "]";
    }
}
