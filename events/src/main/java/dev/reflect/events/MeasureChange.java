package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a person's latest score compares with their first in the window (contract section 10): a
 * difference of {@link #RELIABLE_POINTS} or more is reliable (the criterion NHS Talking Therapies,
 * formerly IAPT, use for the GAD-7). Lower scores are better, so a reliable rise is a
 * deterioration. On the wire the lower-case name ({@code "reliable_deterioration"}).
 */
public enum MeasureChange {
    RELIABLE_IMPROVEMENT,
    NO_RELIABLE_CHANGE,
    RELIABLE_DETERIORATION;

    /** The smallest difference in points that counts as reliable change. */
    public static final int RELIABLE_POINTS = 4;

    /** The change from {@code first} to {@code latest}. */
    public static MeasureChange between(int first, int latest) {
        int points = latest - first;
        if (points >= RELIABLE_POINTS) {
            return RELIABLE_DETERIORATION;
        }
        return points <= -RELIABLE_POINTS ? RELIABLE_IMPROVEMENT : NO_RELIABLE_CHANGE;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
