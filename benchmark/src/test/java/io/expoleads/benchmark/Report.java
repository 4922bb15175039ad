package io.expoleads.benchmark;

import java.util.Map;
import java.util.Optional;

import org.HdrHistogram.Histogram;

/**
 * The run's figures as text: the ceilings, each arrival rate's latencies from scan to receipt,
 * lead stored, webhook received and email in the inbox (beside the ceiling each is bounded by),
 * offline ingest, exports, resident memory, cold start, and issue 14's objectives, each printed as
 * met or missed (never asserted: a benchmark reports, it does not pass or fail).
 */
record Report(Settings settings, double loadBefore, Latencies latencies, Ceilings.Figures ceilings, double offlineIngest,
              Map<String, Long> exportMillis, Map<String, Map<String, Long>> memory, Optional<Double> coldStart,
              boolean processesFound, long webhooksRefused, OfflineQueues offlineQueues) {

    private static final double RECEIPT_P99_MS = 100;
    private static final double WEBHOOK_P99_MS = 1_000;
    private static final int OBJECTIVE_RATE = 200;

    String text() {
        StringBuilder out = new StringBuilder("\n=== Expo Leads benchmark: " + Runtime.getRuntime().availableProcessors()
                + " cores, load average " + loadBefore + " at the start, " + loadAverage() + " at the end"
                + " (1 minute; the machine's other work is in it) ===\n");
        out.append(String.format("Ceilings (same run, one core each where a core is said):%n"
                + "  Ed25519 badge verification, 1 core: %,.0f /s%n"
                + "  RS256 access-token verification, 1 core: %,.0f /s%n"
                + "  raw Kafka producer, %d-byte records (a scan record's size), idempotent, acks=all: %,.0f records/s%n"
                + "  raw store bulk insert, batches of 1,000 documents of %d bytes: %,.0f documents/s%n",
                ceilings.ed25519PerSecond(), ceilings.rs256PerSecond(), ceilings.recordBytes(), ceilings.kafkaRecordsPerSecond(),
                ceilings.recordBytes(), ceilings.storeDocumentsPerSecond()));
        out.append(String.format("Offline ingest (queues of %d, to leads stored): %,.0f scans/s = %.1f %% of the Ed25519 ceiling%n",
                settings.batchSize(), offlineIngest, 100 * offlineIngest / ceilings.ed25519PerSecond()));
        out.append(String.format("Single scans, open loop, %d s per rate (each scan a new lead); the receipt is bounded by "
                + "RS256 (%,.0f /s) and Ed25519 (%,.0f /s) on one core:%n", settings.seconds(), ceilings.rs256PerSecond(),
                ceilings.ed25519PerSecond()));
        Integer capacity = null;
        for (int rate : settings.rates()) {
            Histogram receipt = latencies.at(Latencies.Stage.RECEIPT, rate);
            Histogram webhook = latencies.at(Latencies.Stage.WEBHOOK, rate);
            out.append(String.format("  %d scans/s (%d new leads sent)%n", rate, latencies.sentAt(rate)));
            for (Latencies.Stage stage : Latencies.Stage.values()) {
                out.append(String.format("    %-8s %s%n", stage.name().toLowerCase(), Latencies.percentiles(latencies.at(stage, rate))));
            }
            if (held(receipt, RECEIPT_P99_MS, latencies.sentAt(rate)) && held(webhook, WEBHOOK_P99_MS, latencies.sentAt(rate))) {
                capacity = capacity == null ? rate : Math.max(capacity, rate);
            }
        }
        out.append(offlineQueues.text());
        out.append("Exports of ").append(settings.exportLeads()).append(" leads: ");
        exportMillis.forEach((format, millis) -> out.append(format).append(' ').append(millis).append(" ms  "));
        out.append('\n');
        out.append(processesFound ? "Resident memory, highest per phase (MiB, VmRSS):\n"
                : "Resident memory: the launcher's processes were not found on this machine (compose or another host)\n");
        memory.forEach((phase, figures) -> {
            if (!figures.isEmpty()) {
                out.append("  ").append(phase).append(": ").append(figures).append('\n');
            }
        });
        out.append("Cold start (launcher start to the last service ready): ")
                .append(coldStart.map(seconds -> String.format("%.1f s", seconds)).orElse("not known")).append('\n');
        if (webhooksRefused > 0) {
            out.append("Webhook calls refused by the receiver (bad signature): ").append(webhooksRefused).append('\n');
        }

        out.append("Objectives (issue 14):\n");
        Histogram receipt = latencies.at(Latencies.Stage.RECEIPT, OBJECTIVE_RATE);
        Histogram webhook = latencies.at(Latencies.Stage.WEBHOOK, OBJECTIVE_RATE);
        long sent = latencies.sentAt(OBJECTIVE_RATE);
        objective(out, "single-scan receipt p99 <= 100 ms at 200 scans/s", sent == 0 ? null : held(receipt, RECEIPT_P99_MS, sent),
                p99(receipt));
        objective(out, "scan to webhook p99 <= 1 s at 200 scans/s", sent == 0 ? null : held(webhook, WEBHOOK_P99_MS, sent),
                p99(webhook) + " (" + webhook.getTotalCount() + " of " + sent + " seen)");
        objective(out, "offline ingest >= 50 % of the Ed25519 ceiling", offlineIngest >= 0.5 * ceilings.ed25519PerSecond(),
                String.format("%.1f %%", 100 * offlineIngest / ceilings.ed25519PerSecond()));
        objective(out, "CSV export of 100,000 leads <= 3 s", exportObjective("csv", 3_000), exportFigure("csv"));
        objective(out, "XLSX export of 100,000 leads <= 10 s", exportObjective("xlsx", 10_000), exportFigure("xlsx"));
        Map<String, Long> atObjective = memory.getOrDefault(OBJECTIVE_RATE + " scans/s", Map.of());
        objective(out, "every service <= 400 MB resident at 200 scans/s", atObjective.isEmpty() ? null
                : atObjective.entrySet().stream().filter(entry -> !entry.getKey().startsWith("launcher") && !entry.getKey().startsWith("kafka"))
                        .allMatch(entry -> entry.getValue() * 1024 * 1024 <= 400_000_000L), String.valueOf(atObjective));
        objective(out, "stack started in <= 30 s", coldStart.map(seconds -> seconds <= 30).orElse(null),
                coldStart.map(seconds -> String.format("%.1f s", seconds)).orElse("not known"));
        out.append("Capacity at objective (highest rate with receipt p99 <= 100 ms and webhook p99 <= 1 s): ")
                .append(capacity == null ? "none of the rates run" : capacity + " scans/s").append('\n');
        return out.toString();
    }

    /** The p99 holds the bound and every lead sent was seen (a lost one is no latency at all). */
    private static boolean held(Histogram histogram, double boundMillis, long sent) {
        return histogram.getTotalCount() > 0 && histogram.getTotalCount() >= sent
                && histogram.getValueAtPercentile(99) / 1000.0 <= boundMillis;
    }

    private Boolean exportObjective(String format, long boundMillis) {
        Long millis = exportMillis.get(format);
        return millis == null || settings.exportLeads() < 100_000 ? null : millis <= boundMillis;
    }

    private String exportFigure(String format) {
        Long millis = exportMillis.get(format);
        return (millis == null ? "not measured" : millis + " ms") + " for " + settings.exportLeads() + " leads";
    }

    private static String p99(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? "none seen" : String.format("p99 %.1f ms", histogram.getValueAtPercentile(99) / 1000.0);
    }

    /** Met, missed, or not measured in this run (null). */
    private static void objective(StringBuilder out, String objective, Boolean met, String figure) {
        out.append(String.format("  %-7s %s: %s%n", met == null ? "NOT RUN" : met ? "MET" : "MISSED", objective, figure));
    }

    /** The machine's 1-minute load average (-1 where /proc/loadavg is not). */
    static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ", 4)[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
