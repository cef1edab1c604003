package dev.reflect.dashboards.support;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query, with its {@code $variables}) reads.
 * Not a parser: it removes what cannot be a metric name - string literals, label matchers,
 * range and subquery brackets, grouping label lists, numbers and durations, variables - and keeps
 * the identifiers that are not functions, aggregations or keywords. Good enough for the
 * expressions of this repository, and its tests say where it stops.
 */
public final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![A-Za-z0-9_:])(?:0[xX][0-9a-fA-F]+|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?(?:ms|[smhdwy])?)+");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan",
            "atan2",
            "start",
            "end");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);

    private PromQl() {}

    /** The metric names {@code expression} reads, in order of appearance. */
    public static Set<String> metricNames(String expression) {
        String text = STRING.matcher(expression).replaceAll(" ");
        text = VARIABLE.matcher(text).replaceAll(" 1 ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = BRACKETS.matcher(text).replaceAll(" ");
        text = LABEL_LIST.matcher(text).replaceAll(" ");
        text = NUMBER.matcher(text).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String name = identifier.group();
            if (KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) || followedByParenthesis(text, identifier.end())) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    /**
     * The metric names a Grafana Prometheus variable query reads: {@code label_values(metric, label)}
     * reads {@code metric}; {@code label_values(label)} reads none; anything else is PromQL.
     */
    public static Set<String> variableMetricNames(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            String arguments = labelValues.group(1);
            int lastComma = lastTopLevelComma(arguments);
            return lastComma < 0 ? Set.of() : metricNames(arguments.substring(0, lastComma));
        }
        return metricNames(query);
    }

    private static boolean followedByParenthesis(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '(';
            }
        }
        return false;
    }

    private static int lastTopLevelComma(String arguments) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                last = i;
            }
        }
        return last;
    }
}
