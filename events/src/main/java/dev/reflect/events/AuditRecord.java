package dev.reflect.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One read of a person's data by someone other than that person (contract section 8), as the query
 * service writes it to {@code reflect.audit.v1} keyed by the person's userId: who read, whose data,
 * what, when, and with what outcome. Never a text field.
 *
 * @param readerId the token subject that asked (a clinician, or someone without the right)
 * @param userId   the person whose data was asked for
 * @param what     which data: {@code progress}, {@code escalation}, {@code entries}, {@code caseload},
 *     {@code alerts_seen}
 * @param outcome  {@code allowed}, {@code denied} (no sharing, or no clinician scope), {@code not_found}
 *     (the person shares but has no data yet)
 */
public record AuditRecord(UUID auditId, String readerId, String userId, String what, Instant at, String outcome) {

    public static final String ALLOWED = "allowed";
    public static final String DENIED = "denied";
    public static final String NOT_FOUND = "not_found";

    @Override
    public String toString() {
        return "AuditRecord[auditId=" + auditId + ", what=" + what + ", outcome=" + outcome + "]";
    }
}
