package io.expoleads.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The outbox seen from outside: how many events wait in one collection's outbox
 * ({@code expo.outbox.backlog}) and how long the oldest has waited ({@code expo.outbox.oldest.age}),
 * both tagged with the collection. One look at the store serves both gauges for a few seconds, so a
 * scrape costs one query per collection; while the store is away they read NaN.
 */
final class OutboxMeters {

    private static final Logger log = LoggerFactory.getLogger(OutboxMeters.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final String collection;
    private final MongoTemplate mongo;
    private final Clock clock;
    private Snapshot last;

    private record Snapshot(Instant at, double backlog, double oldestAgeSeconds) {
    }

    private OutboxMeters(String collection, MongoTemplate mongo, Clock clock) {
        this.collection = collection;
        this.mongo = mongo;
        this.clock = clock;
    }

    static void register(MeterRegistry registry, List<OutboxRelay> relays, Clock clock) {
        for (OutboxRelay relay : relays) {
            OutboxMeters meters = new OutboxMeters(relay.collection(), relay.mongo(), clock);
            Gauge.builder("expo.outbox.backlog", meters, m -> m.snapshot().backlog())
                    .description("Events written to the outbox and not yet acknowledged by Kafka")
                    .tag("collection", relay.collection()).strongReference(true).register(registry);
            Gauge.builder("expo.outbox.oldest.age", meters, m -> m.snapshot().oldestAgeSeconds())
                    .description("How long the oldest event waiting in the outbox has waited (0 when none waits)")
                    .baseUnit("seconds").tag("collection", relay.collection()).strongReference(true).register(registry);
        }
    }

    private synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        if (last == null || last.at().plus(FRESH_FOR).isBefore(now)) {
            last = look(now);
        }
        return last;
    }

    private Snapshot look(Instant now) {
        try {
            Query query = new Query(OutboxRelay.pending()).maxTime(Duration.ofSeconds(2));
            query.fields().include(OutboxRelay.FIELD + ".writtenAt");
            long events = 0;
            Instant oldest = null;
            for (Document document : mongo.find(query, Document.class, collection)) {
                for (Document entry : document.getList(OutboxRelay.FIELD, Document.class, List.of())) {
                    events++;
                    Date written = entry.getDate("writtenAt");
                    if (written != null && (oldest == null || written.toInstant().isBefore(oldest))) {
                        oldest = written.toInstant();
                    }
                }
            }
            double age = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis()) / (double) TimeUnit.SECONDS.toMillis(1);
            return new Snapshot(now, events, age);
        } catch (RuntimeException storeAway) {
            log.debug("Outbox of {} not measured: {}", collection, storeAway.toString());
            return new Snapshot(now, Double.NaN, Double.NaN);
        }
    }
}
