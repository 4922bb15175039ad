package io.expoleads.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The phones' catch-up figures: who refused a send, and what each phase of the load came to. */
class OfflineQueuesTest {

    private static final String GATE = "This instance is taking 2 offline queues already; nothing of this one was taken. "
            + "Send it again in 5 seconds.";
    private static final String WEB_TIER = "The service is taking as many requests as it can; try again shortly.";

    @Test
    void a_refusal_is_told_apart_by_who_made_it() {
        assertThat(OfflineQueues.cause(503, "SERVICE_BUSY", GATE)).isEqualTo("503 lead-service's queues at once");
        assertThat(OfflineQueues.cause(503, "SERVICE_BUSY", WEB_TIER)).isEqualTo("503 web tier's calls per instance");
        assertThat(OfflineQueues.cause(503, "SERVICE_UNAVAILABLE", null)).isEqualTo("503 SERVICE_UNAVAILABLE");
        assertThat(OfflineQueues.cause(0, null, null)).isEqualTo("no answer in 60 s");
        assertThat(OfflineQueues.cause(401, null, null)).isEqualTo("401");
    }

    @Test
    void each_phase_counts_its_queues_by_when_they_were_taken_and_the_phones_still_holding_one() {
        OfflineQueues queues = new OfflineQueues(0);
        queues.arrived("200 scans/s");
        queues.arrived("200 scans/s");
        queues.arrived("400 scans/s");
        queues.taken("200 scans/s", 1, 2_000);
        queues.notTaken("200 scans/s", 503, "SERVICE_BUSY", WEB_TIER);
        queues.notTaken("200 scans/s", 503, "SERVICE_BUSY", GATE);
        queues.notTaken("400 scans/s", 0, null, null);
        assertThat(queues.catchingUp()).isTrue();

        queues.ratesEnded();
        assertThat(queues.pastCatchUp()).isTrue();
        assertThat(queues.catchingUp()).as("no catch-up time left").isFalse();
        queues.taken("200 scans/s", 3, 40_000);
        queues.stillWaiting("400 scans/s");

        assertThat(queues.text())
                .contains("came back during 200 scans/s: 2; taken at the first send 1, after resends during the rates 0, after the rates 1, "
                        + "never 0; catch-up p50 2.0, p99 40.0, max 40.0 s; sends not taken: 503 lead-service's queues at once 1, "
                        + "503 web tier's calls per instance 1\n")
                .contains("came back during 400 scans/s: 1; taken at the first send 0, after resends during the rates 0, after the rates 0, "
                        + "never 1; catch-up none taken; sends not taken: no answer in 60 s 1\n")
                .contains("1 queues still on their phones 0 min after the last rate");
        assertThat(queues.text().indexOf("200 scans/s")).isLessThan(queues.text().indexOf("400 scans/s"));
    }

    @Test
    void with_every_queue_taken_it_says_how_long_after_the_last_rate() {
        OfflineQueues queues = new OfflineQueues(5);
        queues.arrived("800 scans/s");
        queues.ratesEnded();
        assertThat(queues.catchingUp()).isTrue();
        queues.taken("800 scans/s", 2, 30_000);
        assertThat(queues.catchingUp()).isFalse();
        assertThat(queues.text()).contains("after resends during the rates 0, after the rates 1").containsPattern("every queue taken \\d+\\.\\d s after the last rate ended");
    }

    @Test
    void no_queue_no_section() {
        assertThat(new OfflineQueues(5).text()).isEmpty();
    }
}
