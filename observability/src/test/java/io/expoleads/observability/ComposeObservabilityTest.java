package io.expoleads.observability;

import static io.expoleads.observability.ObservabilityFiles.DASHBOARD_PROVIDERS;
import static io.expoleads.observability.ObservabilityFiles.MODULE;
import static io.expoleads.observability.ObservabilityFiles.PROMETHEUS_CONFIG;
import static io.expoleads.observability.ObservabilityFiles.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker compose's observability profile, as Debian's docker-compose (1.29, the Compose file
 * format's validator; the docker compose plugin is not packaged) reads the file: valid beside
 * either profile, Prometheus scraping every service instance compose runs, Grafana given its
 * provisioning and dashboard, every service sending its spans to Jaeger.
 */
class ComposeObservabilityTest {

    private static final String OTLP_ENDPOINT = "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT";
    private static Tool compose;
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readTheWholeFile() throws Exception {
        compose = Tool.require("docker-compose", Tool.DOCKER_COMPOSE);
        Tool.Run config = compose.run(REPOSITORY, environment(), "--profile", "single", "--profile", "cluster",
                "--profile", "observability", "config");
        assertThat(config.exitCode()).as(config.output()).isZero();
        services = (Map<String, Object>) ObservabilityFiles.yaml(config.output()).get("services");
    }

    /** The file's own variables: the key is required by its interpolation, the trace endpoint left to its default. */
    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("EXPO_PRIVACY_KEY_ENCRYPTION_KEY", "not-a-key-only-validating");
        environment.put("EXPO_OTLP_TRACES_ENDPOINT", "");
        return environment;
    }

    @Test
    void theObservabilityProfileIsValidAloneAndBesideEitherProfile() throws Exception {
        for (List<String> profiles : List.of(List.of("observability"), List.of("single", "observability"),
                List.of("cluster", "observability"))) {
            String[] arguments = profiles.stream().flatMap(profile -> java.util.stream.Stream.of("--profile", profile))
                    .toList().toArray(new String[0]);
            String[] command = java.util.stream.Stream.concat(java.util.Arrays.stream(arguments), java.util.stream.Stream.of("config", "-q"))
                    .toArray(String[]::new);
            Tool.Run config = compose.run(REPOSITORY, environment(), command);
            assertThat(config.exitCode()).as("docker-compose " + String.join(" ", command) + ":\n" + config.output()).isZero();
        }
    }

    @Test
    void prometheusGrafanaAndJaegerRunInTheProfileFromPinnedImages() {
        for (String name : List.of("prometheus", "grafana", "jaeger")) {
            Map<String, Object> service = service(name);
            assertThat(service.get("profiles")).as(name).isEqualTo(List.of("observability"));
            assertThat((String) service.get("image")).as(name + "'s image, pinned by version").matches("[a-z/]+:v?[0-9]+\\.[0-9]+\\.[0-9]+");
        }
    }

    /** Every service instance of either profile is a target of its own job, under its own profile, and nothing else is. */
    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceInstanceOfEitherProfile() throws Exception {
        Set<String> expected = new HashSet<>();
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            Map<String, Object> environment = (Map<String, Object>) service.getOrDefault("environment", Map.of());
            if (!environment.containsKey("SERVER_PORT")) {
                continue;
            }
            String application = (String) ((Map<String, Object>) ((Map<String, Object>) service.get("build")).get("args")).get("SERVICE");
            String profile = ((List<String>) service.get("profiles")).get(0);
            expected.add(application + " " + entry.getKey() + ":" + environment.get("SERVER_PORT") + " " + profile);
        }
        Set<String> scraped = new HashSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) ObservabilityFiles.yaml(PROMETHEUS_CONFIG).get("scrape_configs")) {
            if (job.get("job_name").equals("prometheus")) {
                continue;
            }
            assertThat(job.get("metrics_path")).as((String) job.get("job_name")).isEqualTo("/actuator/prometheus");
            for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
                String profile = (String) ((Map<String, Object>) group.get("labels")).get("profile");
                for (String target : (List<String>) group.get("targets")) {
                    scraped.add(job.get("job_name") + " " + target + " " + profile);
                }
            }
        }
        assertThat(expected).as("the services' instances in docker-compose.yml").hasSize(11);
        assertThat(scraped).as("Prometheus' targets (job, address, profile)").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusReadsThisModulesConfigurationAndRules() {
        Map<String, Object> prometheus = service("prometheus");
        assertThat((List<String>) prometheus.get("volumes")).contains(MODULE.resolve("prometheus") + ":/etc/prometheus:ro");
        assertThat((List<String>) prometheus.get("command")).contains("--config.file=/etc/prometheus/prometheus.yml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsProvisionedWithTheDataSourcesAndTheDashboard() throws Exception {
        Map<String, Object> grafana = service("grafana");
        List<Map<String, Object>> providers = (List<Map<String, Object>>) ObservabilityFiles.yaml(DASHBOARD_PROVIDERS).get("providers");
        String dashboards = (String) ((Map<String, Object>) providers.get(0).get("options")).get("path");
        assertThat((List<String>) grafana.get("volumes")).contains(
                MODULE.resolve("grafana/provisioning") + ":/etc/grafana/provisioning:ro",
                MODULE.resolve("grafana/dashboards") + ":" + dashboards + ":ro");
        assertThat((Map<String, Object>) grafana.get("environment"))
                .containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", dashboards + "/expo-leads.json");
        assertThat((Map<String, Object>) service("grafana").get("depends_on")).containsKey("prometheus");
    }

    /** Every Spring Boot process exports its spans to Jaeger's OTLP receiver (HTTP), which listens beyond its loopback. */
    @Test
    @SuppressWarnings("unchecked")
    void everyServiceSendsItsSpansToJaeger() {
        int processes = 0;
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) entry.getValue())
                    .getOrDefault("environment", Map.of());
            if (environment.containsKey("SERVER_PORT")) {
                processes++;
                assertThat(environment).as(entry.getKey()).containsEntry(OTLP_ENDPOINT, "http://jaeger:4318/v1/traces");
            }
        }
        assertThat(processes).isEqualTo(11);
        assertThat((List<String>) service("jaeger").get("command")).contains("--set=receivers.otlp.protocols.http.endpoint=0.0.0.0:4318");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        assertThat(services).as("docker-compose.yml's services").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }
}
