package io.expoleads.lead.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.expoleads.platform.web.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ScanMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScanMeters meters = new ScanMeters(registry);

    @Test
    void a_single_scan_counts_by_its_outcome_and_its_wait_is_timed() {
        meters.single(() -> new ScanReceipt("s1", ScanStatus.ACCEPTED, "lead", null, List.of(), null));
        meters.single(() -> new ScanReceipt("s2", ScanStatus.DUPLICATE, "lead", null, List.of(), null));

        assertThat(scans("single", "accepted", "NONE")).isEqualTo(1);
        assertThat(scans("single", "duplicate", "NONE")).isEqualTo(1);
        assertThat(registry.get("expo.scans.receipt").tags("mode", "single", "outcome", "answered").timer().count()).isEqualTo(2);
    }

    @Test
    void a_refused_scan_counts_as_rejected_with_its_reason_code_and_an_unconfirmed_one_as_failed() {
        assertThatThrownBy(() -> meters.single(() -> {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Badge rejected", "forged").withProperty("reason", "BAD_SIGNATURE");
        })).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> meters.single(() -> {
            throw ApiException.unavailable("not confirmed");
        })).isInstanceOf(ApiException.class);

        assertThat(scans("single", "rejected", "BAD_SIGNATURE")).isEqualTo(1);
        assertThat(scans("single", "failed", "SERVICE_UNAVAILABLE")).isEqualTo(1);
        assertThat(registry.get("expo.scans.receipt").tags("outcome", "refused").timer().count()).isEqualTo(1);
        assertThat(registry.get("expo.scans.receipt").tags("outcome", "failed").timer().count()).isEqualTo(1);
    }

    @Test
    void a_batch_counts_each_of_its_scans_and_a_batch_failed_whole_counts_them_all() {
        meters.batch(3, () -> BatchReceipt.of(List.of(
                new BatchReceipt.Result("a", ScanStatus.ACCEPTED, "l1", List.of(), null, null),
                new BatchReceipt.Result("b", ScanStatus.DUPLICATE, "l1", List.of(), null, null),
                new BatchReceipt.Result("c", ScanStatus.REJECTED, null, List.of(), "UNKNOWN_ATTENDEE", "not in the directory"))));
        assertThatThrownBy(() -> meters.batch(4, () -> {
            throw ApiException.unavailable("not confirmed");
        })).isInstanceOf(ApiException.class);

        assertThat(scans("batch", "accepted", "NONE")).isEqualTo(1);
        assertThat(scans("batch", "duplicate", "NONE")).isEqualTo(1);
        assertThat(scans("batch", "rejected", "UNKNOWN_ATTENDEE")).isEqualTo(1);
        assertThat(scans("batch", "failed", "SERVICE_UNAVAILABLE")).isEqualTo(4);
    }

    @Test
    void a_reason_that_is_no_code_never_becomes_a_tag() {
        assertThatThrownBy(() -> meters.single(() -> {
            throw ApiException.conflict("x").withProperty("reason", "visitor leila@casa-tram.ma");
        })).isInstanceOf(ApiException.class);

        assertThat(scans("single", "rejected", "OTHER")).isEqualTo(1);
    }

    private double scans(String mode, String outcome, String reason) {
        return registry.get("expo.scans").tags("mode", mode, "outcome", outcome, "reason", reason).counter().count();
    }
}
