package io.expoleads.observability;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/** Where the observability files are, read as the tools read them. */
final class ObservabilityFiles {

    /** This module's folder (Surefire runs tests in it), holding prometheus/ and grafana/. */
    static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path REPOSITORY = MODULE.getParent();
    static final Path PROMETHEUS = MODULE.resolve("prometheus");
    static final Path RULES = PROMETHEUS.resolve("rules/expo-leads.yml");
    static final Path RULE_TESTS = PROMETHEUS.resolve("tests/expo-leads-test.yml");
    static final Path PROMETHEUS_CONFIG = PROMETHEUS.resolve("prometheus.yml");
    static final Path GRAFANA = MODULE.resolve("grafana");
    static final Path DASHBOARD = GRAFANA.resolve("dashboards/expo-leads.json");
    static final Path DATASOURCES = GRAFANA.resolve("provisioning/datasources/datasources.yml");
    static final Path DASHBOARD_PROVIDERS = GRAFANA.resolve("provisioning/dashboards/dashboards.yml");
    static final Path README = REPOSITORY.resolve("README.md");

    private ObservabilityFiles() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return (Map<String, Object>) new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml().load(text);
    }

    /** The rules of every group of a Prometheus rules file. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(Path file) throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(file).get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }
}
