package dev.reflect.streams.topology;

import dev.reflect.events.Alert;
import dev.reflect.streams.state.CaseloadEntry;
import java.util.Objects;

/** What a person's task sends on: an alert, or a change to one row of a clinician's caseload. */
sealed interface PersonOutput {

    record AlertOut(Alert alert) implements PersonOutput {
        public AlertOut {
            Objects.requireNonNull(alert, "alert");
        }
    }

    /**
     * The person's row on {@code clinicianId}'s caseload is now {@code entry}; null removes it
     * (the person stopped sharing with them).
     */
    record CaseloadRow(String clinicianId, String userId, CaseloadEntry entry) implements PersonOutput {
        public CaseloadRow {
            Objects.requireNonNull(clinicianId, "clinicianId");
            Objects.requireNonNull(userId, "userId");
        }

        @Override
        public String toString() {
            return "CaseloadRow[" + (entry == null ? "removed" : "set") + "]";
        }
    }
}
