package dev.reflect.events.validation;

import dev.reflect.events.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects the problems of one event: at most one per field, the most basic one winning, so a
 * value like {@code 150.5} for a count reads "must be an integer" rather than two overlapping
 * complaints; then orders them by field, in the schema's field order with array indexes numeric,
 * so the same input always yields the same list whatever order the validator found them in.
 */
final class Problems {

    /** Lower wins when one field breaks several rules. */
    static final int PRESENCE = 0;

    static final int TYPE = 10;
    static final int ENUM = 20;
    static final int FORMAT = 30;
    static final int RANGE = 40;
    static final int WINDOW = 45;
    static final int ITEMS = 50;
    static final int UNIQUE = 60;
    static final int OWNERSHIP = 70;
    static final int OTHER = 90;

    /**
     * Unknown field names come from the client and are echoed in {@link FieldError#field()}; only
     * names that look like identifiers are, so a key cannot smuggle user text into an error.
     */
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

    static final String UNPRINTABLE_NAME = "*";

    private record Problem(List<Object> path, int priority, String message) {}

    private final Map<String, Integer> fieldOrder;
    private final Map<List<Object>, Problem> byPath = new HashMap<>();

    Problems(Map<String, Integer> fieldOrder) {
        this.fieldOrder = fieldOrder;
    }

    /** A path is a list of property names (String) and array indexes (Integer); empty is the whole body. */
    void add(List<Object> path, int priority, String message) {
        Problem candidate = new Problem(List.copyOf(path), priority, message);
        byPath.merge(candidate.path(), candidate, (old, now) -> now.priority() < old.priority() ? now : old);
    }

    boolean isEmpty() {
        return byPath.isEmpty();
    }

    List<FieldError> toFieldErrors() {
        List<Problem> sorted = new ArrayList<>(byPath.values());
        sorted.sort(Comparator.comparing(Problem::path, this::comparePaths));
        List<FieldError> errors = new ArrayList<>(sorted.size());
        for (Problem p : sorted) {
            errors.add(new FieldError(render(p.path()), p.message()));
        }
        return errors;
    }

    static String printableName(String name) {
        return name != null && PRINTABLE_NAME.matcher(name).matches() ? name : UNPRINTABLE_NAME;
    }

    static String render(List<Object> path) {
        StringBuilder s = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                s.append('[').append(index).append(']');
            } else {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(segment);
            }
        }
        return s.toString();
    }

    private int comparePaths(List<Object> a, List<Object> b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            int c = compareSegments(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private int compareSegments(Object a, Object b) {
        if (a instanceof Integer x && b instanceof Integer y) {
            return Integer.compare(x, y);
        }
        if (a instanceof Integer) {
            return -1;
        }
        if (b instanceof Integer) {
            return 1;
        }
        String x = (String) a;
        String y = (String) b;
        int c = Integer.compare(
                fieldOrder.getOrDefault(x, Integer.MAX_VALUE), fieldOrder.getOrDefault(y, Integer.MAX_VALUE));
        return c != 0 ? c : x.compareTo(y);
    }
}
