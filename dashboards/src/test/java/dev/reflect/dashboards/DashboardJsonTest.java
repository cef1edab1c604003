package dev.reflect.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.dashboards.support.Dashboards;
import dev.reflect.dashboards.support.ObservabilityFiles;
import dev.reflect.dashboards.support.RuleFiles;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboards are well-formed Grafana JSON and read only the provisioned datasource. */
class DashboardJsonTest {

    /** Panels that show text and query nothing. */
    private static final Set<String> NON_QUERY_PANELS = Set.of("text", "row");

    private static String provisionedUid() {
        JsonNode datasources =
                RuleFiles.readYaml(ObservabilityFiles.datasourceProvisioning()).path("datasources");
        assertThat(datasources).hasSize(1);
        assertThat(datasources.get(0).path("type").asText()).isEqualTo("prometheus");
        return datasources.get(0).path("uid").asText();
    }

    @Test
    void theThreeDashboardsExist() {
        assertThat(ObservabilityFiles.dashboards())
                .extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder("progress-person.json", "progress-population.json", "pipeline-health.json");
    }

    @Test
    void everyDashboardIsAGrafanaModelWithUniqueUidAndPanelIds() {
        Set<String> uids = new HashSet<>();
        for (Path file : ObservabilityFiles.dashboards()) {
            JsonNode dashboard = Dashboards.read(file);
            assertThat(dashboard.path("uid").asText())
                    .as(file + " uid")
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(40);
            assertThat(uids.add(dashboard.path("uid").asText()))
                    .as(file + " uid is unique")
                    .isTrue();
            assertThat(dashboard.path("title").asText()).as(file + " title").isNotBlank();
            assertThat(dashboard.path("schemaVersion").asInt())
                    .as(file + " schemaVersion")
                    .isBetween(36, 41);
            // Provisioned dashboards must not carry an instance-specific numeric id.
            assertThat(dashboard.path("id").isMissingNode()
                            || dashboard.path("id").isNull())
                    .as(file + " id")
                    .isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : Dashboards.panels(dashboard)) {
                String where =
                        file.getFileName() + " panel '" + panel.path("title").asText() + "'";
                assertThat(ids.add(panel.path("id").asInt()))
                        .as(where + " id is unique")
                        .isTrue();
                assertThat(panel.path("type").asText()).as(where + " type").isNotBlank();
                assertThat(panel.path("title").asText()).as(where + " title").isNotBlank();
                assertThat(panel.path("description").asText())
                        .as(where + " description")
                        .isNotBlank();
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("w").asInt()).as(where + " width").isBetween(1, 24);
                assertThat(grid.path("x").asInt() + grid.path("w").asInt())
                        .as(where + " fits the grid")
                        .isLessThanOrEqualTo(24);
                assertThat(grid.path("h").asInt()).as(where + " height").isPositive();
            }
        }
    }

    @Test
    void everyPanelQueryAndVariableUsesTheProvisionedDatasource() {
        String uid = provisionedUid();
        for (Path file : ObservabilityFiles.dashboards()) {
            for (JsonNode panel : Dashboards.panels(Dashboards.read(file))) {
                String where =
                        file.getFileName() + " panel '" + panel.path("title").asText() + "'";
                if (NON_QUERY_PANELS.contains(panel.path("type").asText())) {
                    assertThat(panel.path("targets"))
                            .as(where + " queries nothing")
                            .isEmpty();
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asText())
                        .as(where + " datasource")
                        .isEqualTo(uid);
                assertThat(panel.path("targets")).as(where + " has queries").isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText())
                            .as(where + " query " + target.path("refId").asText())
                            .isEqualTo(uid);
                    assertThat(target.path("expr").asText()).as(where + " expr").isNotBlank();
                }
            }
        }
        for (Dashboards.Variable variable : Dashboards.allVariables()) {
            if (variable.type().equals("query")) {
                assertThat(variable.datasource().path("uid").asText())
                        .as(variable.dashboard() + " variable " + variable.name())
                        .isEqualTo(uid);
            }
        }
    }

    @Test
    void theDashboardProviderLoadsFiles() {
        JsonNode providers =
                RuleFiles.readYaml(ObservabilityFiles.dashboardProvisioning()).path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.get(0).path("options").path("path").asText()).isNotBlank();
    }

    @Test
    void theOnePersonDashboardChoosesAPseudonymFromAPerUserMetric() {
        Path person = ObservabilityFiles.moduleDir().resolve("grafana/dashboards/progress-person.json");
        List<Dashboards.Variable> variables = Dashboards.variables(person);
        assertThat(variables).singleElement().satisfies(variable -> {
            assertThat(variable.name()).isEqualTo("user");
            assertThat(variable.query()).matches("label_values\\(reflect_user_[a-z0-9_]+, user\\)");
        });
        assertThat(Dashboards.queries(person))
                .allSatisfy(query -> assertThat(query.expr()).as(query.panel()).contains("user=\"$user\""));
    }

    @Test
    void jobSelectorsInPanelsGoThroughTheJobVariable() {
        for (Dashboards.Query query : Dashboards.allQueries()) {
            assertThat(query.expr())
                    .as(query.dashboard() + " / " + query.panel())
                    .doesNotContainPattern("job\\s*=~?\\s*\"reflect-");
        }
    }
}
