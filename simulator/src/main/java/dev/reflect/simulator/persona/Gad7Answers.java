package dev.reflect.simulator.persona;

import dev.reflect.events.Instrument;
import dev.reflect.events.Measure;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A simulated person's GAD-7 answers over their history (contract section 10): one every 7 to 14
 * days, the latest in the last 3 days, each a client body (no userId, no receivedAt).
 *
 * <p>Trajectories fit the persona, and most people improve:
 * <ul>
 *   <li>{@link Persona#IMPROVING}: from moderate (11 to 14) down by 6 to 8 points, a reliable
 *       improvement;</li>
 *   <li>{@link Persona#REASSURANCE_DOUBLING}, {@link Persona#DEVICE_CHECKING}: from 10 to 12 down
 *       by 4 or 5 points over the weeks (their behaviour ladder escalates in the last days; the
 *       questionnaire, answered every week or two, has not caught up with it);</li>
 *   <li>{@link Persona#STEADY}: mild (5 to 8), moving a point or two: no reliable change;</li>
 *   <li>{@link Persona#CONTROLLING} (one per population): from mild (7) to severe (16), a
 *       reliable deterioration into severe, so its person gets one {@code measure_deterioration}
 *       alert.</li>
 * </ul>
 * Ids and answers follow from the person's seed alone (through a generator of their own, so the
 * check-ins and journal entries are the same as without answers): seeding twice is idempotent.
 */
public final class Gad7Answers {

    static final int MIN_GAP_DAYS = 7;
    static final int MAX_GAP_DAYS = 14;

    private static final LocalTime ANSWERED_AT = LocalTime.of(8, 30);

    private Gad7Answers() {}

    /** The answers of the {@code historyDays} local days up to today, oldest first, none after {@code now}. */
    public static List<Measure> history(SimulatedUser user, int historyDays, Instant now) {
        Random random = new Random(user.seed() ^ 0x47414437L);
        LocalDate today = now.atOffset(user.offset()).toLocalDate();
        LocalDate first = today.minusDays(historyDays - 1L);
        List<LocalDate> days = new ArrayList<>();
        LocalDate day = today.minusDays(random.nextInt(3));
        if (OffsetDateTime.of(day, ANSWERED_AT, user.offset()).toInstant().isAfter(now)) {
            day = day.minusDays(1);
        }
        while (!day.isBefore(first)) {
            days.add(day);
            day = day.minusDays(MIN_GAP_DAYS + random.nextInt(MAX_GAP_DAYS - MIN_GAP_DAYS + 1));
        }
        Collections.reverse(days);
        int[] path = trajectory(user.persona(), days.size(), random);
        List<Measure> answers = new ArrayList<>(days.size());
        for (int i = 0; i < days.size(); i++) {
            UUID eventId = new UUID(random.nextLong(), random.nextLong());
            answers.add(new Measure(
                    eventId,
                    OffsetDateTime.of(days.get(i), ANSWERED_AT, user.offset()),
                    Instrument.GAD7,
                    items(path[i], random),
                    null,
                    null));
        }
        return List.copyOf(answers);
    }

    /** Scores for {@code count} answers, oldest first. */
    static int[] trajectory(Persona persona, int count, Random random) {
        int[] scores = new int[count];
        int start;
        int end;
        switch (persona) {
            case IMPROVING -> {
                start = 11 + random.nextInt(4);
                end = start - 6 - random.nextInt(3);
            }
            case REASSURANCE_DOUBLING, DEVICE_CHECKING -> {
                start = 10 + random.nextInt(3);
                end = start - 4 - random.nextInt(2);
            }
            case CONTROLLING -> {
                start = 7;
                end = 16;
            }
            default -> {
                start = 5 + random.nextInt(4);
                end = start;
            }
        }
        for (int i = 0; i < count; i++) {
            double progress = count == 1 ? 1.0 : i / (double) (count - 1);
            int score = (int) Math.round(start + (end - start) * progress);
            if (persona == Persona.STEADY && i > 0) {
                score += random.nextInt(3) - 1;
            }
            scores[i] = score;
        }
        return scores;
    }

    /** Seven answers 0..3 adding up to {@code score}, spread over the questions at random. */
    static List<Integer> items(int score, Random random) {
        int[] answers = new int[Instrument.GAD7.items()];
        int left = Math.max(0, Math.min(score, Instrument.GAD7.maxScore()));
        while (left > 0) {
            int item = random.nextInt(answers.length);
            if (answers[item] < Instrument.GAD7.maxAnswer()) {
                answers[item]++;
                left--;
            }
        }
        List<Integer> items = new ArrayList<>(answers.length);
        for (int answer : answers) {
            items.add(answer);
        }
        return items;
    }
}
