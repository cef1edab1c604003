package dev.reflect.streams.topology;

import static dev.reflect.events.BehaviorType.SOUGHT_REASSURANCE;
import static dev.reflect.events.EscalationLevel.ELEVATED;
import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.gad7;
import static dev.reflect.streams.EventFixtures.noon;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Alert;
import dev.reflect.events.AuditRecord;
import dev.reflect.events.Gad7Band;
import dev.reflect.events.Instrument;
import dev.reflect.events.MeasureChange;
import dev.reflect.events.SharingChange;
import dev.reflect.events.SharingChange.Action;
import dev.reflect.streams.state.CaseloadEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharing with a care team (contract section 8) through the real topology: grants and
 * revocations kept with the person, caseload rows kept by clinician, alerts naming whom to notify.
 */
class SharingTopologyTest {

    private static final LocalDate D = LocalDate.of(2026, 10, 1);

    @TempDir
    Path stateDir;

    private TopologyHarness reflect;
    private final String person = "u-" + UUID.randomUUID();

    @BeforeEach
    void start() {
        reflect = new TopologyHarness(stateDir);
    }

    @AfterEach
    void stop() {
        reflect.close();
    }

    private SharingChange change(String clinicianId, Action action, OffsetDateTime at) {
        return new SharingChange(UUID.randomUUID(), at, clinicianId, action, person, at.toInstant());
    }

    @Test
    void aGrantPutsThePersonOnTheCaseloadWithTheirFiguresAndARevocationTakesThemOff() {
        reflect.send(
                checkIn(person, D).distress(6).behavior(SOUGHT_REASSURANCE, 2).build(),
                checkIn(person, D.plusDays(1)).distress(4).build());
        reflect.send(change("c-1", Action.GRANT, noon(D.plusDays(1)).plusHours(1)));

        assertThat(reflect.caseload("c-1")).singleElement().satisfies(entry -> {
            assertThat(entry.userId()).isEqualTo(person);
            assertThat(entry.window7d().checkIns()).isEqualTo(2);
            assertThat(entry.window7d().reassuranceAsks()).isEqualTo(2);
            assertThat(entry.window7d().distressSum()).isEqualTo(10);
            assertThat(entry.lastCheckInDay()).isEqualTo(D.plusDays(1));
            assertThat(entry.asOf()).isEqualTo(D.plusDays(1));
            assertThat(entry.sharingSince())
                    .isEqualTo(noon(D.plusDays(1)).plusHours(1).toInstant());
        });
        assertThat(reflect.caseload("c-2")).isEmpty();

        reflect.send(checkIn(person, D.plusDays(2)).distress(2).build());
        assertThat(reflect.caseload("c-1"))
                .singleElement()
                .satisfies(entry -> assertThat(entry.window7d().checkIns()).isEqualTo(3));

        reflect.send(change("c-1", Action.REVOKE, noon(D.plusDays(2)).plusHours(1)));
        assertThat(reflect.caseload("c-1")).isEmpty();
        assertThat(reflect.sharing(person).sharesWith("c-1")).isFalse();

        reflect.send(checkIn(person, D.plusDays(3)).build());
        assertThat(reflect.caseload("c-1"))
                .as("no row comes back with new events")
                .isEmpty();
    }

    @Test
    void aGrantArrivingAfterTheRevocationThatFollowedItDoesNotShareAgain() {
        OffsetDateTime granted = noon(D);
        reflect.send(change("c-1", Action.REVOKE, granted.plusMinutes(5)));
        reflect.send(change("c-1", Action.GRANT, granted));

        assertThat(reflect.sharing(person).sharesWith("c-1")).isFalse();
        assertThat(reflect.caseload("c-1")).isEmpty();

        reflect.send(change("c-1", Action.GRANT, granted.plusMinutes(10)));
        assertThat(reflect.sharing(person).sharesWith("c-1")).isTrue();
        assertThat(reflect.caseload("c-1")).hasSize(1);
    }

    @Test
    void aPersonWhoSharesBeforeRecordingAnythingIsOnTheCaseloadAtSteady() {
        reflect.send(change("c-1", Action.GRANT, noon(D)));

        assertThat(reflect.caseload("c-1")).singleElement().satisfies(entry -> {
            assertThat(entry.level()).isEqualTo(dev.reflect.events.EscalationLevel.STEADY);
            assertThat(entry.asOf()).isNull();
            assertThat(entry.window7d().checkIns()).isZero();
        });
    }

    @Test
    void alertsNameTheCliniciansSharedWithWhenTheyFireAndCountAsUnseenUntilSeen() {
        reflect.send(change("c-2", Action.GRANT, noon(D).minusDays(1)));
        reflect.send(change("c-1", Action.GRANT, noon(D).minusDays(1)));
        reflect.send(
                checkIn(person, D).behavior(SOUGHT_REASSURANCE, 3).build(),
                checkIn(person, D.plusDays(1)).behavior(SOUGHT_REASSURANCE, 2).build());

        List<Alert> alerts = reflect.alerts();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(ELEVATED);
            assertThat(alert.recipients()).containsExactly("c-1", "c-2");
        });
        assertThat(reflect.caseload("c-1")).singleElement().satisfies(entry -> {
            assertThat(entry.level()).isEqualTo(ELEVATED);
            assertThat(entry.rule()).isEqualTo("reassurance_doubled");
            assertThat(entry.unseenAlerts()).isEqualTo(1);
        });

        reflect.send(change("c-1", Action.ALERTS_SEEN, noon(D.plusDays(1)).plusHours(2)));
        assertThat(reflect.caseload("c-1"))
                .extracting(CaseloadEntry::unseenAlerts)
                .containsExactly(0);
        assertThat(reflect.caseload("c-2"))
                .as("seen by one clinician is not seen by the other")
                .extracting(CaseloadEntry::unseenAlerts)
                .containsExactly(1);
    }

    @Test
    void aClinicianGrantedAfterAnAlertHasNotMissedItAndIsNotNamedOnIt() {
        reflect.send(
                checkIn(person, D).behavior(SOUGHT_REASSURANCE, 3).build(),
                checkIn(person, D.plusDays(1)).behavior(SOUGHT_REASSURANCE, 2).build());
        assertThat(reflect.alerts())
                .singleElement()
                .satisfies(alert -> assertThat(alert.recipients()).isEmpty());

        reflect.send(change("c-1", Action.GRANT, noon(D.plusDays(2))));
        assertThat(reflect.caseload("c-1")).singleElement().satisfies(entry -> {
            assertThat(entry.level()).isEqualTo(ELEVATED);
            assertThat(entry.unseenAlerts()).isZero();
        });
    }

    @Test
    void aRowCarriesThePersonsGad7AndAMeasureAlertCountsAsUnseenUntilSeen() {
        reflect.send(change("c-1", Action.GRANT, noon(D).minusDays(1)));
        reflect.send(gad7(person, D, 6));

        assertThat(reflect.caseload("c-1")).singleElement().satisfies(entry -> {
            assertThat(entry.asOf()).as("no check-in yet").isNull();
            assertThat(entry.measures().get(Instrument.GAD7)).satisfies(gad7 -> {
                assertThat(gad7.latestScore()).isEqualTo(6);
                assertThat(gad7.band()).isEqualTo(Gad7Band.MILD);
                assertThat(gad7.change()).isEqualTo(MeasureChange.NO_RELIABLE_CHANGE);
            });
            assertThat(entry.unseenAlerts()).isZero();
        });

        reflect.send(gad7(person, D.plusDays(14), 12));

        assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.rule()).isEqualTo("measure_deterioration");
            assertThat(alert.recipients()).containsExactly("c-1");
        });
        assertThat(reflect.caseload("c-1")).singleElement().satisfies(entry -> {
            assertThat(entry.measures().get(Instrument.GAD7)).satisfies(gad7 -> {
                assertThat(gad7.latestScore()).isEqualTo(12);
                assertThat(gad7.band()).isEqualTo(Gad7Band.MODERATE);
                assertThat(gad7.firstScore()).isEqualTo(6);
                assertThat(gad7.change()).isEqualTo(MeasureChange.RELIABLE_DETERIORATION);
            });
            assertThat(entry.unseenAlerts()).isEqualTo(1);
        });

        reflect.send(change("c-1", Action.ALERTS_SEEN, noon(D.plusDays(14)).plusHours(1)));
        reflect.send(
                checkIn(person, D.plusDays(14)).behavior(SOUGHT_REASSURANCE, 1).build());

        assertThat(reflect.caseload("c-1")).singleElement().satisfies(entry -> {
            assertThat(entry.unseenAlerts()).isZero();
            assertThat(entry.window7d().checkIns()).isEqualTo(1);
            assertThat(entry.measures().get(Instrument.GAD7).latestScore())
                    .as("a row written for a check-in keeps the measure")
                    .isEqualTo(12);
        });
    }

    @Test
    void alertsSeenByAClinicianNotSharedWithChangeNothing() {
        reflect.send(change("c-9", Action.ALERTS_SEEN, noon(D)));

        assertThat(reflect.caseload("c-9")).isEmpty();
        assertThat(reflect.sharing(person)).isNull();
    }

    @Test
    void sharingChangesCountIntoNoFigureAndAreNoEntries() {
        reflect.send(checkIn(person, D).build());
        reflect.send(change("c-1", Action.GRANT, noon(D)), change("c-1", Action.REVOKE, noon(D).plusHours(1)));

        assertThat(reflect.state(person).totals(D, D).checkIns()).isEqualTo(1);
        assertThat(reflect.deadLetters()).isEmpty();
    }

    @Test
    void readsOfAPersonsDataAreKeptForThemOneLinePerReaderKindAndDay() {
        Instant morning = noon(D).minusHours(3).toInstant();
        reflect.send(
                new AuditRecord(UUID.randomUUID(), "c-1", person, "progress", morning, AuditRecord.ALLOWED),
                new AuditRecord(
                        UUID.randomUUID(), "c-1", person, "progress", morning.plusSeconds(600), AuditRecord.ALLOWED),
                new AuditRecord(UUID.randomUUID(), "c-2", person, "entries", morning, AuditRecord.DENIED));

        assertThat(reflect.accessLog(person).lines())
                .satisfiesExactly(
                        newest -> {
                            assertThat(newest.readerId()).isEqualTo("c-1");
                            assertThat(newest.count()).isEqualTo(2);
                            assertThat(newest.lastAt()).isEqualTo(morning.plusSeconds(600));
                        },
                        older -> {
                            assertThat(older.readerId()).isEqualTo("c-2");
                            assertThat(older.outcome()).isEqualTo(AuditRecord.DENIED);
                        });
    }
}
