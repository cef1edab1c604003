package dev.reflect.dashboards.support;

import java.util.Set;
import java.util.TreeSet;

/** The Prometheus text exposition format a {@code /metrics} endpoint answers, read for its sample names. */
public final class Exposition {

    private Exposition() {}

    /** Every sample name in {@code scrape}: {@code foo_bucket}, {@code foo_sum}, {@code foo_count} as written. */
    public static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
