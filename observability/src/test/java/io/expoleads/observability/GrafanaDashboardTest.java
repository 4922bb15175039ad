package io.expoleads.observability;

import static io.expoleads.observability.ObservabilityFiles.DASHBOARD;
import static io.expoleads.observability.ObservabilityFiles.DATASOURCES;
import static io.expoleads.observability.ObservabilityFiles.MODULE;
import static io.expoleads.observability.ObservabilityFiles.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provisioned Grafana dashboard: every panel queries the provisioned Prometheus data source
 * with PromQL that promtool parses, over the meters an operator needs.
 */
class GrafanaDashboardTest {

    private static final Pattern RECORDED = Pattern.compile("\\b[a-z_]+:[a-z_]+:[a-z_]+\\b");

    private final JsonNode dashboard = JsonMapper.builder().build().readTree(read(DASHBOARD));

    @Test
    @SuppressWarnings("unchecked")
    void everyPanelQueriesTheProvisionedPrometheus() throws Exception {
        List<Map<String, Object>> datasources = (List<Map<String, Object>>) ObservabilityFiles.yaml(DATASOURCES).get("datasources");
        Object prometheusUid = datasources.stream().filter(source -> "prometheus".equals(source.get("type")))
                .findFirst().orElseThrow().get("uid");
        assertThat(dashboard.get("uid").asString()).isEqualTo("expo-leads");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels()) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique").isTrue();
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            String title = panel.get("title").asString();
            assertThat(panel.path("description").asString()).as(title + " says what it shows").isNotBlank();
            assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo(prometheusUid);
            assertThat(panel.get("targets")).as(title + " has queries").isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("datasource").get("uid").asString()).as(title).isEqualTo(prometheusUid);
            }
        }
    }

    /** Grafana lays panels out on 24 columns: one that overlaps another or passes the edge is drawn elsewhere than meant. */
    @Test
    void thePanelsTileTheGridWithoutOverlapping() {
        List<int[]> placed = new ArrayList<>();
        for (JsonNode panel : panels()) {
            JsonNode at = panel.get("gridPos");
            int[] box = {at.get("x").asInt(), at.get("y").asInt(), at.get("w").asInt(), at.get("h").asInt()};
            String title = panel.get("title").asString();
            assertThat(box[0] + box[2]).as(title + " within the 24 columns").isLessThanOrEqualTo(24);
            for (int[] other : placed) {
                boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
                        || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
                assertThat(apart).as(title + " overlaps a panel at x " + other[0] + ", y " + other[1]).isTrue();
            }
            placed.add(box);
        }
    }

    /** promtool parses each query as the expression of a recording rule; Grafana's interval macros become a duration. */
    @Test
    void everyQueryIsPromqlThatPromtoolParses() throws Exception {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String expression : expressions()) {
            rules.add(Map.of("record", "dashboard:query_" + rules.size() + ":check",
                    "expr", expression.replace("$__rate_interval", "1m").replace("$__interval", "15s")));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = Files.createDirectories(MODULE.resolve("target")).resolve("dashboard-queries.yml");
        Files.writeString(file, new Yaml(options).dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        Tool.Run check = Tool.require("promtool", Tool.PROMTOOL).run(MODULE, "check", "rules", file.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + rules.size() + " rules found");
    }

    @Test
    void itShowsScansLeadsKafkaAndDeliveries() {
        String queries = String.join("\n", expressions());
        assertThat(queries).as("scan rate").contains("rate(expo_scans_total[");
        assertThat(queries).as("receipt p99").contains("histogram_quantile(0.99, sum by (le, mode) (rate(expo_scans_receipt_seconds_bucket[");
        assertThat(queries).as("scan-to-lead lag p99").contains("histogram_quantile(0.99, sum by (le) (rate(expo_leads_capture_lag_seconds_bucket[");
        assertThat(queries).as("delivery outcomes").contains("sum by (channel, outcome) (rate(expo_deliveries_total[");
        assertThat(queries).as("DLT records").contains("increase(expo_kafka_dead_letters_total[");
        assertThat(queries).as("consumer lag").contains("expo:kafka_consumer_records_lag:max");
        assertThat(queries).as("outbox backlog and age").contains("expo_outbox_backlog").contains("expo_outbox_oldest_age_seconds");
        assertThat(queries).as("delivery queue").contains("expo_deliveries_queue_depth").contains("expo_deliveries_queue_overdue_seconds");
    }

    @Test
    void theSeriesItReadsFromRecordingRulesAreRecorded() throws Exception {
        Set<String> recorded = new HashSet<>();
        for (Map<String, Object> rule : ObservabilityFiles.rules(RULES)) {
            if (rule.containsKey("record")) {
                recorded.add((String) rule.get("record"));
            }
        }
        for (String expression : expressions()) {
            Matcher matcher = RECORDED.matcher(expression);
            while (matcher.find()) {
                assertThat(recorded).as(expression).contains(matcher.group());
            }
        }
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            panels.add(panel);
            // A collapsed row keeps its panels inside it.
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> expressions.add(target.get("expr").asString()));
        }
        return expressions;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
