package io.expoleads.localstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL of the Grafana dashboard and the alerting rules (observability/), and the meters it
 * reads: what a running stack must expose for the dashboard and the alerts to mean anything.
 */
final class ObservabilityQueries {

    static final Path OBSERVABILITY = Path.of("..", "..", "observability");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan");
    // What is not a metric: strings, label matchers, ranges, the label lists of by/on and the like.
    private static final Pattern NOT_A_NAME = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|\\{[^}]*}|\\[[^]]*]|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");

    private ObservabilityQueries() {
    }

    /** Every expression of the dashboard's panels and of the rules' groups. */
    @SuppressWarnings("unchecked")
    static List<String> expressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(OBSERVABILITY.resolve("grafana/dashboards/expo-leads.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.get("expr").asText()));
        }
        try (Reader reader = Files.newBufferedReader(OBSERVABILITY.resolve("prometheus/rules/expo-leads.yml"))) {
            Map<String, Object> rules = new Yaml().load(reader);
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    expressions.add((String) rule.get("expr"));
                }
            }
        }
        return expressions;
    }

    /**
     * The meters the expressions read, without those Prometheus makes itself ({@code up}) or records
     * from the others (names with colons).
     */
    static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher name = NAME.matcher(NOT_A_NAME.matcher(expression).replaceAll(" "));
            while (name.find()) {
                String candidate = name.group(1);
                if (!KEYWORDS.contains(candidate.toLowerCase()) && !candidate.contains(":") && !candidate.equals("up")) {
                    names.add(candidate);
                }
            }
        }
        return names;
    }
}
