package io.expoleads.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the stack has finished what it was given before: no consumer group behind on any topic,
 * no event waiting in a service's outbox, no delivery waiting in notification-service's queue. The
 * load starts only then, so its figures are not those of the set-up's or the ingest's backlog (a
 * hundred thousand leads' events, which notification-service was still reading in a first full run).
 */
final class Pipeline {

    private Pipeline() {
    }

    /** What is still to do, counted: consumer lag (records), outbox backlog (events), delivery queue (deliveries). */
    record Work(long consumerLag, long outboxBacklog, long deliveriesQueued) {
        boolean none() {
            return consumerLag == 0 && outboxBacklog == 0 && deliveriesQueued == 0;
        }
    }

    /** Waits until two looks a second apart find nothing left, at most {@code timeout}; prints how long it took. */
    static Work awaitIdle(Settings settings, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Work first = look(settings);
        Work last = first;
        int idleLooks = 0;
        while (System.nanoTime() < deadline) {
            last = look(settings);
            idleLooks = last.none() ? idleLooks + 1 : 0;
            if (idleLooks == 2) {
                break;
            }
            Fair.sleep(1_000);
        }
        System.out.printf("Before the load: %s at first, %s after %.1f s%s%n", describe(first), describe(last),
                (System.nanoTime() - start) / 1e9, last.none() ? " (idle)" : " (NOT IDLE: the load starts on a backlog)");
        return last;
    }

    private static String describe(Work work) {
        return String.format("consumer lag %,d records, outbox backlog %,d events, %,d deliveries queued", work.consumerLag(),
                work.outboxBacklog(), work.deliveriesQueued());
    }

    static Work look(Settings settings) throws Exception {
        return new Work(consumerLag(settings.kafka()),
                sum(settings.exhibitorUrl(), "expo_outbox_backlog") + sum(settings.leadUrl(), "expo_outbox_backlog")
                        + sum(settings.notificationUrl(), "expo_outbox_backlog"),
                sum(settings.notificationUrl(), "expo_deliveries_queue_depth"));
    }

    private static long consumerLag(String kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            long lag = 0;
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                        lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                    }
                }
            }
            return lag;
        }
    }

    /** The sum of every sample of {@code metric} (all its tags) in a service's Prometheus exposition; 0 when it has none. */
    private static long sum(String serviceUrl, String metric) throws InterruptedException {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serviceUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            double total = 0;
            for (String line : List.of(answer.body().split("\n"))) {
                if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                    String[] parts = line.split(" ");
                    total += Double.parseDouble(parts[parts.length - 1]);
                }
            }
            return Math.round(total);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
