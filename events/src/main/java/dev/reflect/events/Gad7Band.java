package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The severity bands of a GAD-7 score (contract section 10; Spitzer et al., 2006): minimal 0–4,
 * mild 5–9, moderate 10–14, severe 15–21. On the wire, in metric labels and in the JSON of the
 * query API a band is its lower-case name ({@code "moderate"}).
 */
public enum Gad7Band {
    MINIMAL(0, 4),
    MILD(5, 9),
    MODERATE(10, 14),
    SEVERE(15, 21);

    private final int lowest;
    private final int highest;

    Gad7Band(int lowest, int highest) {
        this.lowest = lowest;
        this.highest = highest;
    }

    /** The band of a score 0..21. */
    public static Gad7Band of(int score) {
        for (Gad7Band band : values()) {
            if (score >= band.lowest && score <= band.highest) {
                return band;
            }
        }
        throw new IllegalArgumentException("a GAD-7 score is 0 to " + Instrument.GAD7.maxScore());
    }

    public int lowest() {
        return lowest;
    }

    public int highest() {
        return highest;
    }

    /** Moderate or severe: the bands a reliable deterioration is alerted into. */
    public boolean isModerateOrAbove() {
        return compareTo(MODERATE) >= 0;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
