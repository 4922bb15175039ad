package io.expoleads.observability;

import static io.expoleads.observability.ObservabilityFiles.PROMETHEUS;
import static io.expoleads.observability.ObservabilityFiles.PROMETHEUS_CONFIG;
import static io.expoleads.observability.ObservabilityFiles.README;
import static io.expoleads.observability.ObservabilityFiles.RULES;
import static io.expoleads.observability.ObservabilityFiles.RULE_TESTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The alerting rules and Prometheus' configuration as Prometheus reads them: checked and
 * unit-tested by promtool (Debian's prometheus package), each alert tested firing and silent,
 * labelled for routing and explained in the README.
 */
class PrometheusRulesTest {

    private final Tool promtool = Tool.require("promtool", Tool.PROMTOOL);

    @Test
    void promtoolChecksTheRules() throws Exception {
        Tool.Run check = promtool.run(PROMETHEUS, "check", "rules", PROMETHEUS.relativize(RULES).toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        Tool.Run test = promtool.run(PROMETHEUS, "test", "rules", PROMETHEUS.relativize(RULE_TESTS).toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void promtoolChecksTheConfigurationAndTheRulesItLoads() throws Exception {
        Tool.Run check = promtool.run(PROMETHEUS, "check", "config", PROMETHEUS.relativize(PROMETHEUS_CONFIG).toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("1 rule files found").contains("SUCCESS: " + ruleCount() + " rules found");
    }

    /** A rule tested only firing could be one that always fires; one tested only silent, one that never does. */
    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsTestedFiringAndSilent() throws Exception {
        Set<String> firing = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) ObservabilityFiles.yaml(RULE_TESTS).get("tests")) {
            for (Map<String, Object> expectation : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
                List<?> expected = (List<?>) expectation.get("exp_alerts");
                (expected == null || expected.isEmpty() ? silent : firing).add((String) expectation.get("alertname"));
            }
        }
        assertThat(firing).as("alerts tested firing").containsExactlyInAnyOrderElementsOf(alertNames());
        assertThat(silent).as("alerts tested silent").containsExactlyInAnyOrderElementsOf(alertNames());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertSaysHowUrgentItIsWhatHappenedAndWhatToDo() throws Exception {
        String readme = Files.readString(README);
        for (Map<String, Object> rule : ObservabilityFiles.rules(RULES)) {
            if (!rule.containsKey("alert")) {
                continue;
            }
            String alert = (String) rule.get("alert");
            assertThat((Map<String, Object>) rule.get("labels")).as(alert).containsKey("severity");
            assertThat(((Map<String, Object>) rule.get("labels")).get("severity")).as(alert).isIn("page", "ticket");
            assertThat((Map<String, Object>) rule.get("annotations")).as(alert).containsKeys("summary", "runbook");
            assertThat(readme.contains("`" + alert + "`")).as("the README's Operating section explains " + alert).isTrue();
        }
    }

    private static long ruleCount() throws Exception {
        return ObservabilityFiles.rules(RULES).size();
    }

    private static List<String> alertNames() throws Exception {
        return ObservabilityFiles.rules(RULES).stream().filter(rule -> rule.containsKey("alert"))
                .map(rule -> (String) rule.get("alert")).toList();
    }
}
