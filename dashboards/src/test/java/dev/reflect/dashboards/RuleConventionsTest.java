package dev.reflect.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.dashboards.support.ObservabilityFiles;
import dev.reflect.dashboards.support.PrometheusDurations;
import dev.reflect.dashboards.support.RuleFiles;
import dev.reflect.dashboards.support.RuleFiles.Rule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The habits every alert rule keeps (STYLE.md, "Observability as code"): {@code for}, a
 * severity, a summary, a templated description, a runbook section; a promtool test file per
 * group with cases just before and exactly at {@code for}; selectors and thresholds in one place.
 */
class RuleConventionsTest {

    private static final Set<String> SEVERITIES = Set.of("page", "ticket", "info", "none");
    private static final Set<String> TEAMS = Set.of("clinical", "operations");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

    @Test
    void everyAlertHasForSeveritySummaryTemplatedDescriptionAndRunbook() {
        List<Rule> alerts = RuleFiles.alerts();
        assertThat(alerts)
                .extracting(Rule::alert)
                .contains(
                        "ReflectUserEscalationSevere",
                        "ReflectUserEscalationHigh",
                        "ReflectUserEscalationElevated",
                        "ReflectEscalationSurge",
                        "ReflectServiceDown",
                        "ReflectConsumerLagHigh",
                        "ReflectDeadLettersGrowing",
                        "ReflectIngestErrors",
                        "Watchdog");
        Set<String> anchors = runbookAnchors();
        for (Rule alert : alerts) {
            String where = alert.alert() + " (" + alert.file().getFileName() + ")";
            assertThat(alert.forDuration()).as(where + " for").isNotBlank();
            assertThat(PrometheusDurations.parse(alert.forDuration()))
                    .as(where + " for")
                    .isPositive();
            assertThat(alert.labels()).as(where + " labels").containsKeys("severity", "team");
            assertThat(alert.labels().get("severity")).as(where + " severity").isIn(SEVERITIES);
            assertThat(alert.labels().get("team")).as(where + " team").isIn(TEAMS);
            assertThat(alert.annotations().get("summary"))
                    .as(where + " summary")
                    .isNotBlank()
                    .doesNotContain("{{");
            assertThat(alert.annotations().get("description"))
                    .as(where + " description")
                    .contains("{{");
            String runbook = alert.annotations().get("runbook_url");
            assertThat(runbook)
                    .as(where + " runbook_url")
                    .isEqualTo("docs/runbook.md#" + alert.alert().toLowerCase(Locale.ROOT));
            assertThat(anchors)
                    .as(where + ": docs/runbook.md has a section for it")
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    @Test
    void escalationAlertsNameTheirLevelAndThePseudonymOnly() {
        Map<String, String> levels = Map.of(
                "ReflectUserEscalationSevere",
                "SEVERE",
                "ReflectUserEscalationHigh",
                "HIGH",
                "ReflectUserEscalationElevated",
                "ELEVATED");
        for (Rule alert : RuleFiles.alerts()) {
            if (levels.containsKey(alert.alert())) {
                assertThat(alert.labels().get("level")).isEqualTo(levels.get(alert.alert()));
                assertThat(alert.labels().get("team")).isEqualTo("clinical");
                assertThat(alert.labels().get("severity"))
                        .isEqualTo(alert.alert().endsWith("Elevated") ? "info" : "page");
                assertThat(alert.annotations().get("description")).contains("{{ $labels.user }}");
            }
        }
    }

    @Test
    void jobSelectorsAreOnlyInTheRecordingRules() {
        for (Rule rule : RuleFiles.all()) {
            if (!rule.file().getFileName().toString().equals("recording.yml")) {
                assertThat(rule.expr()).as(rule.name()).doesNotContainPattern("\\bjob\\s*=");
            }
        }
    }

    @Test
    void alertsCompareAgainstTheThresholdSeriesNotLiterals() {
        for (Rule alert : RuleFiles.alerts()) {
            if (alert.file().getFileName().toString().equals("escalation.yml")
                    || alert.alert().equals("Watchdog")) {
                continue; // escalation levels are the contract's values, not thresholds of the alerting
            }
            if (alert.alert().equals("ReflectServiceDown")) {
                assertThat(alert.expr()).isEqualTo("reflect:up == 0");
                continue;
            }
            assertThat(alert.expr())
                    .as(alert.alert())
                    .contains("reflect:threshold:")
                    .doesNotContainPattern("[<>]=?\\s*[0-9]");
        }
        assertThat(RuleFiles.read(ObservabilityFiles.moduleDir().resolve("prometheus/rules/thresholds.yml")))
                .allSatisfy(rule -> assertThat(rule.record()).startsWith("reflect:threshold:"));
    }

    @Test
    void everyRuleFileHasOnePromtoolTestFileNamedAfterIt() {
        Set<String> ruleFiles = ObservabilityFiles.ruleFiles().stream()
                .map(path -> path.getFileName().toString().replace(".yml", ""))
                .collect(Collectors.toSet());
        Set<String> testFiles = ObservabilityFiles.ruleTestFiles().stream()
                .map(path -> path.getFileName().toString().replace("_test.yml", ""))
                .collect(Collectors.toSet());
        assertThat(testFiles).isEqualTo(ruleFiles);
        for (Path file : ObservabilityFiles.ruleFiles()) {
            assertThat(RuleFiles.readYaml(file).path("groups"))
                    .as(file + " holds one group")
                    .hasSize(1);
        }
    }

    @Test
    void everyAlertIsTestedJustBeforeAndExactlyAtItsFiring() {
        for (Rule alert : RuleFiles.alerts()) {
            String base = alert.file().getFileName().toString().replace(".yml", "");
            Path testFile = ObservabilityFiles.moduleDir().resolve("prometheus/tests/" + base + "_test.yml");
            JsonNode tests = RuleFiles.readYaml(testFile);
            assertThat(tests.path("rule_files").toString()).contains("../rules/" + base + ".yml");
            Duration interval =
                    PrometheusDurations.parse(tests.path("evaluation_interval").asText("1m"));
            String severity = alert.labels().get("severity");
            Set<Duration> firingAt = new TreeSet<>();
            List<String> caseNames = new ArrayList<>();
            for (JsonNode test : tests.path("tests")) {
                assertThat(test.path("name").asText())
                        .as(testFile + ": every case is named")
                        .isNotBlank();
                caseNames.add(test.path("name").asText());
                // eval_time -> whether this alert, at this rule's severity, is expected to fire then
                Map<Duration, Boolean> inThisCase = new TreeMap<>();
                for (JsonNode check : test.path("alert_rule_test")) {
                    if (!check.path("alertname").asText().equals(alert.alert())) {
                        continue;
                    }
                    boolean firing = false;
                    for (JsonNode expected : check.path("exp_alerts")) {
                        assertThat(expected.path("exp_annotations")
                                        .path("description")
                                        .asText())
                                .isNotBlank();
                        assertThat(expected.path("exp_annotations")
                                        .path("runbook_url")
                                        .asText())
                                .isNotBlank();
                        firing |= severity.equals(
                                expected.path("exp_labels").path("severity").asText());
                    }
                    inThisCase.put(
                            PrometheusDurations.parse(check.path("eval_time").asText()), firing);
                }
                inThisCase.forEach((time, firing) -> {
                    if (firing && Boolean.FALSE.equals(inThisCase.get(time.minus(interval)))) {
                        firingAt.add(time);
                        assertThat(time)
                                .as(alert.alert() + " (" + severity + ") fires no earlier than its for")
                                .isGreaterThanOrEqualTo(PrometheusDurations.parse(alert.forDuration()));
                    }
                });
            }
            assertThat(firingAt)
                    .as(alert.alert() + " (" + severity
                            + "): a case evaluating one interval before and at the firing, in " + testFile.getFileName()
                            + " " + caseNames)
                    .isNotEmpty();
        }
    }

    private static Set<String> runbookAnchors() {
        Matcher heading = HEADING.matcher(ObservabilityFiles.read(ObservabilityFiles.runbook()));
        Set<String> anchors = new HashSet<>();
        while (heading.find()) {
            anchors.add(slug(heading.group(1)));
        }
        return anchors;
    }

    /** The anchor GitHub and most Markdown renderers give a heading. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
