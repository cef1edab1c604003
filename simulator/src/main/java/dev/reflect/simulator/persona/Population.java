package dev.reflect.simulator.persona;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Who is simulated: {@code count} users, most {@link Persona#STEADY} or {@link Persona#IMPROVING},
 * a few escalating. Of 50: three reassurance doubling, two device checking and exactly one
 * controlling. Small populations keep one of each escalating kind first (one user is the
 * controlling one, two add device checking, three add reassurance doubling), so even a test with
 * a handful of users sees every level. Deterministic for a seed.
 */
public final class Population {

    /** Offsets people really live in, so local days differ from UTC days as they do in production. */
    private static final List<ZoneOffset> OFFSETS = List.of(
            ZoneOffset.ofHours(1),
            ZoneOffset.UTC,
            ZoneOffset.ofHours(-5),
            ZoneOffset.ofHours(2),
            ZoneOffset.ofHoursMinutes(5, 30),
            ZoneOffset.ofHours(-8),
            ZoneOffset.ofHours(9),
            ZoneOffset.ofHours(-3),
            ZoneOffset.ofHours(10),
            ZoneOffset.ofHours(-6));

    private Population() {}

    public static List<SimulatedUser> create(int count, long seed, String idPrefix) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        Random random = new Random(seed);
        List<Persona> personas = personas(count, random);
        int width = Math.max(2, Integer.toString(count).length());
        List<SimulatedUser> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = idPrefix + String.format("%0" + width + "d", i + 1);
            users.add(new SimulatedUser(
                    id, personas.get(i), OFFSETS.get(random.nextInt(OFFSETS.size())), random.nextLong()));
        }
        return List.copyOf(users);
    }

    private static List<Persona> personas(int count, Random random) {
        List<Persona> personas = new ArrayList<>(count);
        personas.add(Persona.CONTROLLING);
        int deviceChecking = count >= 2 ? Math.max(1, Math.round(count * 0.04f)) : 0;
        int reassurance = count >= 3 ? Math.max(1, Math.round(count * 0.06f)) : 0;
        for (int i = 0; i < deviceChecking && personas.size() < count; i++) {
            personas.add(Persona.DEVICE_CHECKING);
        }
        for (int i = 0; i < reassurance && personas.size() < count; i++) {
            personas.add(Persona.REASSURANCE_DOUBLING);
        }
        int calm = 0;
        while (personas.size() < count) {
            // A little over half improve: the demo is about progress.
            personas.add(calm++ % 9 < 5 ? Persona.IMPROVING : Persona.STEADY);
        }
        Collections.shuffle(personas, random);
        return personas;
    }
}
