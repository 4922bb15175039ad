package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RestartBackOffTest {

    @Test
    void waits_double_up_to_the_cap_while_the_service_keeps_crashing_and_start_over_after_a_stable_run() {
        RestartBackOff backOff = new RestartBackOff();
        Duration quickCrash = Duration.ofSeconds(5);
        assertThat(backOff.after(quickCrash)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backOff.after(quickCrash)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backOff.after(quickCrash)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backOff.after(quickCrash)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backOff.after(quickCrash)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backOff.after(quickCrash)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backOff.after(quickCrash)).as("capped").isEqualTo(Duration.ofSeconds(30));
        assertThat(backOff.after(Duration.ofMinutes(2))).as("after a stable run").isEqualTo(Duration.ofSeconds(1));
        assertThat(backOff.after(quickCrash)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backOff.restarts()).isEqualTo(9);
    }
}
