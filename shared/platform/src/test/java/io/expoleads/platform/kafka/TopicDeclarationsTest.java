package io.expoleads.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.ExpoKafkaProperties.TopicSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TopicDeclarationsTest {

    private static TopicDeclarations declarations(Map<String, TopicSettings> topics) {
        return new TopicDeclarations(new ExpoKafkaProperties(topics, true, 4, Duration.ofMillis(500), Duration.ofSeconds(15)), Map::of);
    }

    @Test
    void productionDefaultsGiveTheBusyTopicsMorePartitionsAndEveryTopicThreeReplicasTwoInSync() {
        TopicDeclarations defaults = declarations(Map.of());
        assertThat(defaults.configured(Topics.SCANS)).isEqualTo(new TopicSettings(24, (short) 3, 2, Duration.ofDays(30)));
        assertThat(defaults.configured(Topics.LEADS).partitions()).isEqualTo(24);
        assertThat(defaults.configured(Topics.EXHIBITORS)).isEqualTo(new TopicSettings(6, (short) 3, 2, Duration.ofDays(30)));
        assertThat(defaults.configured(Topics.DELIVERIES).retention()).isEqualTo(Duration.ofDays(14));
        assertThat(defaults.configured(Topics.deadLetter(Topics.SCANS))).isEqualTo(new TopicSettings(3, (short) 3, 2, Duration.ofDays(30)));
    }

    @Test
    void settingsBindFromPropertiesWithATopicsNameInBrackets() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(Map.of(
                "expo.kafka.topics[expo.scans.v1].partitions", "48",
                "expo.kafka.topics.defaults.replicas", "2",
                "expo.kafka.topics.defaults.min-insync-replicas", "1",
                "expo.kafka.topics.dead-letters.retention", "90d",
                "expo.kafka.single-broker-fallback", "false"));
        ExpoKafkaProperties bound = new Binder(source).bind("expo.kafka", ExpoKafkaProperties.class).get();
        assertThat(bound.singleBrokerFallback()).isFalse();
        TopicDeclarations declarations = new TopicDeclarations(bound, Map::of);
        assertThat(declarations.configured(Topics.SCANS)).isEqualTo(new TopicSettings(48, (short) 2, 1, Duration.ofDays(30)));
        assertThat(declarations.configured(Topics.deadLetter(Topics.SCANS))).isEqualTo(new TopicSettings(3, (short) 2, 1, Duration.ofDays(90)));
    }

    @Test
    void aTopicsOwnSettingsWinOverTheDefaultsWhichWinOverTheBuiltInOnes() {
        TopicDeclarations configured = declarations(Map.of(
                "defaults", new TopicSettings(8, (short) 5, 3, Duration.ofDays(3)),
                Topics.SCANS, new TopicSettings(48, null, null, null),
                "dead-letters", new TopicSettings(null, null, null, Duration.ofDays(90)),
                Topics.deadLetter(Topics.LEADS), new TopicSettings(1, null, null, null)));
        assertThat(configured.configured(Topics.SCANS)).isEqualTo(new TopicSettings(48, (short) 5, 3, Duration.ofDays(3)));
        assertThat(configured.configured(Topics.LEADS)).as("the built-in per-topic count is more specific than defaults")
                .isEqualTo(new TopicSettings(24, (short) 5, 3, Duration.ofDays(3)));
        assertThat(configured.configured(Topics.EXHIBITORS)).isEqualTo(new TopicSettings(8, (short) 5, 3, Duration.ofDays(3)));
        assertThat(configured.configured(Topics.deadLetter(Topics.LEADS))).isEqualTo(new TopicSettings(1, (short) 5, 3, Duration.ofDays(90)));
        assertThat(configured.configured(Topics.deadLetter(Topics.SCANS))).isEqualTo(new TopicSettings(3, (short) 5, 3, Duration.ofDays(90)));
    }
}
