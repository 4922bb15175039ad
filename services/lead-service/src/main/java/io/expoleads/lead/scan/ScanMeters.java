package io.expoleads.lead.scan;

import java.util.Locale;
import java.util.function.Supplier;

import io.expoleads.platform.metrics.TagValues;
import io.expoleads.platform.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Scans as an operator counts them: {@code expo.scans} by mode (single or batch), outcome
 * (accepted, duplicate, rejected, failed) and reason code, and {@code expo.scans.receipt}, the
 * time a scanner waits for its answer. Tags hold codes only, never a scan, badge or visitor.
 */
@Component
class ScanMeters {

    static final String SINGLE = "single";
    static final String BATCH = "batch";

    private final MeterRegistry registry;

    ScanMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    ScanReceipt single(Supplier<ScanReceipt> taking) {
        return timed(SINGLE, 1, () -> {
            ScanReceipt receipt = taking.get();
            count(SINGLE, receipt.status().name(), null, 1);
            return receipt;
        });
    }

    /** @param scans how many scans the batch holds: each counts, also when the batch is refused or fails whole */
    BatchReceipt batch(int scans, Supplier<BatchReceipt> taking) {
        return timed(BATCH, scans, () -> {
            BatchReceipt receipt = taking.get();
            receipt.results().forEach(result -> count(BATCH, result.status().name(), result.reason(), 1));
            return receipt;
        });
    }

    private <T> T timed(String mode, int scans, Supplier<T> taking) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "answered";
        try {
            return taking.get();
        } catch (ApiException refused) {
            // Refused as a whole (a bad badge, a scanner off the team): every scan it held is rejected; not
            // confirmed on Kafka (503): every scan failed, and the scanner sends them again.
            boolean failed = refused.status().is5xxServerError();
            outcome = failed ? "failed" : "refused";
            Object reason = refused.properties().getOrDefault("reason", refused.status().name());
            count(mode, failed ? "FAILED" : ScanStatus.REJECTED.name(), reason, scans);
            throw refused;
        } finally {
            sample.stop(Timer.builder("expo.scans.receipt")
                    .description("Time from a scan (or an offline batch) received to its answer, the scanner's wait")
                    .tag("mode", mode).tag("outcome", outcome)
                    .register(registry));
        }
    }

    private void count(String mode, String status, Object reason, int scans) {
        Counter.builder("expo.scans")
                .description("Badge scans received, by single or batch, outcome and reason code")
                .tag("mode", mode)
                .tag("outcome", status.toLowerCase(Locale.ROOT))
                .tag("reason", TagValues.code(reason))
                .register(registry).increment(scans);
    }
}
