package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The meters read by the dashboard's and the alerts' queries, as EndToEndIT looks for them in a running stack. */
class ObservabilityQueriesTest {

    @Test
    void aQueryReadsTheMetersItNamesAndNothingElse() {
        assertThat(ObservabilityQueries.metricNames(List.of(
                "histogram_quantile(0.99, sum by (le, mode) (rate(expo_scans_receipt_seconds_bucket{mode=\"single\"}[$__rate_interval])))",
                "increase(expo_kafka_dead_letters_total[10m]) > 0 or (expo_kafka_dead_letters_total unless expo_kafka_dead_letters_total offset 10m)",
                "max by (application, group) (label_replace(kafka_consumer_fetch_manager_records_lag_max{topic=~\"expo\\\\..+\"}, \"group\", \"$1$2\", \"client_id\", \"consumer-(.+)-[0-9]+|(.+)\"))",
                "up == 0 and on (profile) (max by (profile) (up) == 1)",
                "expo:kafka_consumer_records_lag:max > 1000 and deriv(expo:kafka_consumer_records_lag:max[5m]) > 0",
                "sum(increase(expo_deliveries_total{outcome=\"dead\"}[1h])) or vector(0)")))
                .containsExactly("expo_deliveries_total", "expo_kafka_dead_letters_total", "expo_scans_receipt_seconds_bucket",
                        "kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void theDashboardAndTheAlertsReadTheProductsMeters() throws Exception {
        assertThat(ObservabilityQueries.metricNames(ObservabilityQueries.expressions())).contains(
                "expo_scans_total", "expo_scans_receipt_seconds_bucket", "expo_leads_capture_lag_seconds_bucket",
                "expo_deliveries_total", "expo_kafka_dead_letters_total", "kafka_consumer_fetch_manager_records_lag_max",
                "expo_outbox_oldest_age_seconds", "expo_deliveries_queue_depth");
    }
}
