package dev.reflect.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.dashboards.support.Exposition;
import dev.reflect.dashboards.support.PromQl;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void aSelectorIsItsName() {
        assertThat(PromQl.metricNames("up")).containsExactly("up");
        assertThat(PromQl.metricNames("reflect_user_triggers_7d{user=\"$user\", category=~\"A|B\"}"))
                .containsExactly("reflect_user_triggers_7d");
    }

    @Test
    void functionsAggregationsAndGroupingLabelsAreNotNames() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (job, le) (rate(http_server_requests_seconds_bucket{job=~\"$job\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(a_total[5m])) by (le) / ignoring(code) group_left(instance) b"))
                .containsExactly("a_total", "b");
    }

    @Test
    void recordingRuleNamesKeepTheirColons() {
        assertThat(
                        PromQl.metricNames(
                                "job:reflect_consumer_lag_records:max > on() group_left() reflect:threshold:consumer_lag_records"))
                .containsExactly("job:reflect_consumer_lag_records:max", "reflect:threshold:consumer_lag_records");
    }

    @Test
    void numbersDurationsOffsetsAndKeywordsAreNotNames() {
        assertThat(PromQl.metricNames(
                        "clamp_min(2 * max(avg_over_time(reflect_user_reassurance_asks_7d{user=\"$user\"}[21d] offset 7d)), 5)"
                                + " and on() vector(1e3) or bool 0.5 unless x_7d"))
                .containsExactly("reflect_user_reassurance_asks_7d", "x_7d");
    }

    @Test
    void stringsAndVariablesAreNotNames() {
        assertThat(PromQl.metricNames("label_replace(up, \"dst\", \"$1 fake_name\", \"src\", \"(.*)\") * $factor"))
                .containsExactly("up");
    }

    @Test
    void labelValuesReadsItsMetricArgument() {
        assertThat(PromQl.variableMetricNames("label_values(reflect_user_escalation_level, user)"))
                .containsExactly("reflect_user_escalation_level");
        assertThat(PromQl.variableMetricNames("label_values(reflect:up{job=~\"a,b\"}, job)"))
                .containsExactly("reflect:up");
        assertThat(PromQl.variableMetricNames("label_values(user)")).isEmpty();
    }

    @Test
    void expositionSampleNamesIncludeHistogramSuffixes() {
        String scrape = """
                # HELP foo_seconds Foo
                # TYPE foo_seconds histogram
                foo_seconds_bucket{le="0.1"} 1
                foo_seconds_count 1
                foo_seconds_sum 0.05
                bar_total 3.0
                """;
        assertThat(Exposition.sampleNames(scrape))
                .containsExactlyInAnyOrder("foo_seconds_bucket", "foo_seconds_count", "foo_seconds_sum", "bar_total");
    }
}
