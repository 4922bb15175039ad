package io.expoleads.lead.lead;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Leads as an operator watches them: {@code expo.leads.capture.lag}, from a scan received to its
 * lead stored (what "leads reach sales in seconds" starts with), and the exports: how many, how
 * long ({@code expo.exports}), rows and bytes written, by format and whether the client took it all.
 */
@Component
class LeadMeters {

    private final MeterRegistry registry;
    private final Timer captureLag;

    LeadMeters(MeterRegistry registry) {
        this.registry = registry;
        this.captureLag = Timer.builder("expo.leads.capture.lag")
                .description("Time from a scan received by lead-service to its lead stored")
                .register(registry);
    }

    void captured(Instant scanReceivedAt, Instant storedAt) {
        if (scanReceivedAt != null) {
            // A replay of old scans (a new consumer group, a reset) is lag too: that is what it was.
            captureLag.record(Duration.between(scanReceivedAt, storedAt).isNegative() ? Duration.ZERO
                    : Duration.between(scanReceivedAt, storedAt));
        }
    }

    void exported(String format, boolean complete, long rows, long bytes, Duration took) {
        String outcome = complete ? "complete" : "incomplete";
        String tagFormat = format.toLowerCase(Locale.ROOT);
        Timer.builder("expo.exports")
                .description("Lead exports written, by format and whether the client took them whole, and how long each took")
                .tag("format", tagFormat).tag("outcome", outcome)
                .register(registry).record(took);
        Counter.builder("expo.exports.rows")
                .description("Lead rows written into exports")
                .tag("format", tagFormat)
                .register(registry).increment(rows);
        Counter.builder("expo.exports.size")
                .description("Bytes of lead exports written to clients")
                .baseUnit("bytes").tag("format", tagFormat)
                .register(registry).increment(bytes);
    }
}
