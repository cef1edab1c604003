package dev.reflect.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable interpolation in a value: {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?message}}, {@code ${VAR?message}}, {@code $VAR}, and
 * {@code $$} for a literal dollar. Enough of the compose specification to judge a file as it
 * would run on a machine where none of the variables is set.
 */
final class Interpolation {

    /** One {@code ${...}} or {@code $VAR} in a value. */
    record Reference(String variable, String operator, String argument) {

        /** {@code :?} or {@code ?}: compose refuses to start while the variable is unset. */
        boolean required() {
            return operator.equals(":?") || operator.equals("?");
        }

        /** {@code :-} or {@code -}: the value used when the variable is unset. */
        boolean hasDefault() {
            return operator.equals(":-") || operator.equals("-");
        }
    }

    // $$ first, so that an escaped dollar is never read as the start of a reference.
    private static final Pattern TOKEN =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private Interpolation() {}

    /** Every reference in {@code value}, escaped dollars left out. */
    static List<Reference> references(String value) {
        List<Reference> found = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(value);
        while (matcher.find()) {
            if (matcher.group().equals("$$")) {
                continue;
            }
            if (matcher.group(4) != null) {
                found.add(new Reference(matcher.group(4), "", ""));
            } else {
                String operator = matcher.group(2) == null ? "" : matcher.group(2);
                String argument = matcher.group(3) == null ? "" : matcher.group(3);
                found.add(new Reference(matcher.group(1), operator, argument));
            }
        }
        return found;
    }

    /**
     * {@code value} as compose would pass it on with {@code environment} set: defaults where a
     * variable is unset, and {@code <VAR>} for a required variable that is unset (where compose
     * itself would stop), so that checks can still see where it goes.
     */
    static String resolve(String value, Map<String, String> environment) {
        Matcher matcher = TOKEN.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else if (matcher.group(4) != null) {
                replacement = environment.getOrDefault(matcher.group(4), "");
            } else {
                String name = matcher.group(1);
                String operator = matcher.group(2) == null ? "" : matcher.group(2);
                String argument = matcher.group(3) == null ? "" : matcher.group(3);
                String set = environment.get(name);
                boolean blankCounts = operator.startsWith(":");
                boolean unset = set == null || (blankCounts && set.isEmpty());
                replacement = switch (operator) {
                    case ":-", "-" -> unset ? argument : set;
                    case ":?", "?" -> unset ? "<" + name + ">" : set;
                    case ":+", "+" -> unset ? "" : argument;
                    default -> set == null ? "" : set;
                };
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** {@link #resolve} on a machine where none of the variables is set. */
    static String withDefaults(String value) {
        return resolve(value, Map.of());
    }
}
