package io.expoleads.benchmark;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end latencies Gatling cannot see, per arrival rate: from the moment a scan that makes
 * a new lead was sent to the moment its lead was seen stored (the exhibitor's live lead stream),
 * its webhook call arrived at the benchmark's receiver, and its email was in the sales team's
 * mailbox. A lead is known by its exhibitor and its visitor's last name (one lead per pair).
 */
final class Latencies {

    /** What is measured for each scan. */
    enum Stage { RECEIPT, STORED, WEBHOOK, EMAIL }

    private record Sent(int rate, long nanos) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<Stage, Set<String>> seen = new ConcurrentHashMap<>();
    private final Map<Stage, Map<Integer, Histogram>> histograms = new ConcurrentHashMap<>();

    /** A scan of this visitor at this booth, which makes their lead, leaves now. */
    void sent(int rate, String exhibitorId, String lastName) {
        sent.putIfAbsent(exhibitorId + "/" + lastName, new Sent(rate, System.nanoTime()));
    }

    /** The scan's receipt took that long, as Gatling timed it. */
    void receipt(int rate, long millis) {
        histogram(Stage.RECEIPT, rate).recordValue(Math.max(0, millis) * 1_000);
    }

    /** The lead of this visitor at this booth was seen at this stage now; later sightings are ignored. */
    void arrived(Stage stage, String exhibitorId, String lastName) {
        long now = System.nanoTime();
        String key = exhibitorId + "/" + lastName;
        Sent scan = sent.get(key);
        if (scan == null || !seen.computeIfAbsent(stage, s -> ConcurrentHashMap.newKeySet()).add(key)) {
            return;
        }
        histogram(stage, scan.rate()).recordValue(Math.max(0, now - scan.nanos()) / 1_000);
    }

    /** How many leads were sent at that rate, and how many were seen at the stage. */
    long sentAt(int rate) {
        return sent.values().stream().filter(scan -> scan.rate() == rate).count();
    }

    /** The histogram of a stage at a rate, in microseconds (a copy; empty when nothing was seen). */
    Histogram at(Stage stage, int rate) {
        Histogram histogram = histograms.getOrDefault(stage, Map.of()).get(rate);
        return histogram == null ? new Histogram(3) : histogram.copy();
    }

    Map<Integer, Histogram> all(Stage stage) {
        return new TreeMap<>(histograms.getOrDefault(stage, Map.of()));
    }

    private Histogram histogram(Stage stage, int rate) {
        return histograms.computeIfAbsent(stage, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(rate, r -> new ConcurrentHistogram(3));
    }

    /** p50, p99, p99.9 and max of a histogram in microseconds, in milliseconds, with its count. */
    static String percentiles(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return "none seen";
        }
        return String.format("p50 %s, p99 %s, p99.9 %s, max %s ms (%d)", ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()),
                histogram.getTotalCount());
    }

    private static String ms(long micros) {
        return micros >= 100_000 ? Long.toString(Math.round(micros / 1000.0)) : String.format("%.1f", micros / 1000.0);
    }
}
