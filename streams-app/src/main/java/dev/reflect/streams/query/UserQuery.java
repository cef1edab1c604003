package dev.reflect.streams.query;

import dev.reflect.service.auth.Principal;
import dev.reflect.streams.entries.EntriesRequest;
import dev.reflect.streams.progress.ProgressCalculator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One question about one person's data, asked by {@code reader}: their progress over {@code days}
 * days, their escalation, a page of their entries, their measures, whether the reader may read them, whom they
 * share with, who read their data; or a clinician's caseload, where {@code userId} is the
 * clinician's own id. Whether the reader may have the answer is decided where the person's data
 * is (see {@link UserQueries}), against the copy the answer comes from.
 */
public record UserQuery(String userId, Kind kind, int days, EntriesRequest entries, Principal reader) {

    /** Which store's partitioning places the key. */
    public enum Keyspace {
        /** The person's state and sharing, by userId. */
        PERSON,
        /** Caseloads, by clinicianId. */
        CLINICIAN,
        /** Access logs, by userId (their own sub-topology, so their own task placement). */
        ACCESS_LOG
    }

    public enum Kind {
        PROGRESS(Keyspace.PERSON, "progress"),
        ESCALATION(Keyspace.PERSON, "escalation"),
        ENTRIES(Keyspace.PERSON, "entries"),
        /** Their standardized measures (contract section 10). */
        MEASURES(Keyspace.PERSON, "measures"),
        /** May the reader read this person's data? 204 or 403. */
        ACCESS(Keyspace.PERSON, "access"),
        /** A clinician marks the person's alerts seen. */
        ALERTS_SEEN(Keyspace.PERSON, "alerts_seen"),
        /** Whom the person shares with; their own question only. */
        SHARING(Keyspace.PERSON, "sharing"),
        /** Who read the person's data; their own question only. */
        ACCESS_LOG(Keyspace.ACCESS_LOG, "access_log"),
        /** Everything held about the person, as one document (contract section 9); their own question only. */
        EXPORT(Keyspace.PERSON, "export"),
        /** The people who share with the reader, a clinician. */
        CASELOAD(Keyspace.CLINICIAN, "caseload");

        private final Keyspace keyspace;
        private final String what;

        Kind(Keyspace keyspace, String what) {
            this.keyspace = keyspace;
            this.what = what;
        }

        public Keyspace keyspace() {
            return keyspace;
        }

        /** What the audit record says was read. */
        public String what() {
            return what;
        }
    }

    public UserQuery {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reader, "reader");
        if (kind == Kind.PROGRESS && (days < ProgressCalculator.MIN_DAYS || days > ProgressCalculator.MAX_DAYS)) {
            throw new IllegalArgumentException("days out of range");
        }
        if ((kind == Kind.ENTRIES) != (entries != null)) {
            throw new IllegalArgumentException("an entries query, and only one, has its page");
        }
        if ((kind == Kind.SHARING || kind == Kind.ACCESS_LOG || kind == Kind.EXPORT || kind == Kind.CASELOAD)
                && !reader.userId().equals(userId)) {
            throw new IllegalArgumentException(kind + " is only ever asked about oneself");
        }
    }

    /** The person's own question. */
    public static UserQuery progress(String userId, int days) {
        return progress(userId, days, self(userId));
    }

    public static UserQuery progress(String userId, int days, Principal reader) {
        return new UserQuery(userId, Kind.PROGRESS, days, null, reader);
    }

    public static UserQuery escalation(String userId) {
        return escalation(userId, self(userId));
    }

    public static UserQuery escalation(String userId, Principal reader) {
        return new UserQuery(userId, Kind.ESCALATION, 0, null, reader);
    }

    public static UserQuery measures(String userId) {
        return measures(userId, self(userId));
    }

    public static UserQuery measures(String userId, Principal reader) {
        return new UserQuery(userId, Kind.MEASURES, 0, null, reader);
    }

    public static UserQuery entries(String userId, EntriesRequest page) {
        return entries(userId, page, self(userId));
    }

    public static UserQuery entries(String userId, EntriesRequest page, Principal reader) {
        return new UserQuery(userId, Kind.ENTRIES, 0, Objects.requireNonNull(page, "page"), reader);
    }

    public static UserQuery access(String userId, Principal reader) {
        return new UserQuery(userId, Kind.ACCESS, 0, null, reader);
    }

    public static UserQuery alertsSeen(String userId, Principal clinician) {
        return new UserQuery(userId, Kind.ALERTS_SEEN, 0, null, clinician);
    }

    public static UserQuery sharing(Principal person) {
        return new UserQuery(person.userId(), Kind.SHARING, 0, null, person);
    }

    public static UserQuery accessLog(Principal person) {
        return new UserQuery(person.userId(), Kind.ACCESS_LOG, 0, null, person);
    }

    public static UserQuery export(Principal person) {
        return new UserQuery(person.userId(), Kind.EXPORT, 0, null, person);
    }

    public static UserQuery caseload(Principal clinician) {
        return new UserQuery(clinician.userId(), Kind.CASELOAD, 0, null, clinician);
    }

    private static Principal self(String userId) {
        return new Principal(userId, false);
    }

    /** True when someone other than the person asks about them: such reads are authorized by sharing and audited. */
    public boolean byOther() {
        return kind.keyspace() == Keyspace.PERSON && !reader.userId().equals(userId);
    }

    /** The HTTP method of {@link #path()}. */
    public String method() {
        return kind == Kind.ALERTS_SEEN ? "POST" : "GET";
    }

    /** The public path that asks the same question of another instance, query string included. */
    public String path() {
        // URLEncoder encodes for forms; in a path segment a space must be %20, not '+'.
        String segment = URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
        return switch (kind) {
            case PROGRESS -> "/v1/users/" + segment + "/progress?days=" + days;
            case ESCALATION -> "/v1/users/" + segment + "/escalation";
            case ENTRIES -> "/v1/users/" + segment + "/entries?" + entries.queryString();
            case ACCESS -> "/v1/users/" + segment + "/access";
            case ALERTS_SEEN -> "/v1/caseload/" + segment + "/alerts/seen";
            case SHARING -> "/v1/me/sharing";
            case ACCESS_LOG -> "/v1/me/access-log";
            case EXPORT -> "/v1/me/export";
            case CASELOAD -> "/v1/caseload";
            case MEASURES -> "/v1/users/" + segment + "/measures";
        };
    }

    @Override
    public String toString() {
        return "UserQuery[userId=<redacted>, kind=" + kind + ", days=" + days + "]";
    }
}
