package io.expoleads.platform.kafka;

import java.time.Duration;
import java.util.Map;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.ExpoKafkaProperties.TopicSettings;

/**
 * The production settings of the contract's topics, sized for a fair of 100,000 visitors and 2,000
 * exhibitors on a three-broker cluster (the README's topic table says why each number). Configuration
 * overrides any of them.
 */
final class TopicDefaults {

    /** Every topic: three copies, two of which must hold a record before it is acknowledged. */
    static final TopicSettings ALL = new TopicSettings(6, (short) 3, 2, Duration.ofDays(30));

    /** Dead letters: little traffic, kept long enough to be looked at and replayed. */
    static final TopicSettings DEAD_LETTERS = new TopicSettings(3, null, null, Duration.ofDays(30));

    /** Topics that differ from {@link #ALL}. */
    static final Map<String, TopicSettings> BY_TOPIC = Map.of(
            // The busiest topics, keyed by exhibitor: up to 24 consumers in parallel, 2,000 keys spread ~83 a partition.
            Topics.SCANS, new TopicSettings(24, null, null, null),
            Topics.LEADS, new TopicSettings(24, null, null, null),
            // 100,000 attendee keys, imported in bursts of up to 30,000 rows.
            Topics.ATTENDEES, new TopicSettings(12, null, null, null),
            // One key per visitor, as on expo.attendees.v1.
            Topics.VISITOR_KEYS, new TopicSettings(12, null, null, null),
            // An erasure's request and each service's report: ids and times, a few a day.
            Topics.ERASURES, new TopicSettings(3, null, null, null),
            Topics.DELIVERIES, new TopicSettings(12, null, null, Duration.ofDays(14)),
            // A few editions a year: more partitions than keys would stay empty.
            Topics.EDITIONS, new TopicSettings(3, null, null, null));

    private TopicDefaults() {
    }
}
