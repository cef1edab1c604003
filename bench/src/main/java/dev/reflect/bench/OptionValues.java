package dev.reflect.bench;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Reading the values of the benchmarks' command-line options, with one message per rule. */
final class OptionValues {

    private OptionValues() {}

    static int number(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // the one message below
        }
        throw new IllegalArgumentException(name + " must be a whole number between " + min + " and " + max);
    }

    /**
     * A comma-separated list of constant names, in any case.
     *
     * @param what  the word for one constant in the message, e.g. "scenario"
     * @param usage appended to the message of an unknown name
     */
    static <E extends Enum<E>> Set<E> enumList(Class<E> type, String list, String what, String usage) {
        Set<E> chosen = EnumSet.noneOf(type);
        for (String name : list.split(",")) {
            try {
                chosen.add(Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown " + what + " " + name.trim() + "\n" + usage, e);
            }
        }
        return chosen;
    }
}
