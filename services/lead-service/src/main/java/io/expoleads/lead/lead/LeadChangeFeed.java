package io.expoleads.lead.lead;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * Brings this service's own lead events back to it for the live streams. Every instance reads the
 * whole of {@code expo.leads.v1} in a consumer group of its own, from the end (a stream shows what
 * happens while it is open; a dashboard reads the leads themselves when it connects), and commits
 * nothing: there is nothing to resume, and the broker forgets a group without offsets once its
 * member has left.
 *
 * <p>Why the topic rather than an in-process event from {@link LeadCapture}: a dashboard's stream
 * is held by one instance while its scans may be captured by another (the scan topic's
 * partitions are shared among instances), and every way a lead changes (a scan, a qualification,
 * an attendee's new data, the organizer's choice of visible fields) already ends in one place, this
 * topic, only once the change is stored. The cost is one Kafka hop, a few milliseconds.
 */
@Configuration(proxyBeanMethods = false)
class LeadChangeFeed {

    // The group is the one placeholder every @KafkaListener's groupId names (an annotation attribute
    // takes a placeholder, not a properties record): this container, built by hand, names its group
    // the same way, so the service's last @Value is that convention, not a setting of its own.
    @Bean
    KafkaMessageListenerContainer<String, String> leadChangeListener(ConsumerFactory<?, ?> consumers, LeadWatchers watchers,
            @Value("${expo.kafka.consumer-group:${spring.application.name}}") String group, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-live-" + UUID.randomUUID());
        // One such consumer per process: a client id without the group's random part keeps the Kafka
        // client's meters (tagged with it) the same series across restarts.
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-live");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Records are read as text; only those of an exhibitor with a stream open are parsed.
        DefaultKafkaConsumerFactory<String, String> factory = new DefaultKafkaConsumerFactory<>(config,
                new StringDeserializer(), new StringDeserializer());
        // Built here, not by Boot, so Boot's customizer does not attach the Kafka client's meters: done by hand.
        factory.addListener(new MicrometerConsumerListener<>(meters));

        ContainerProperties properties = new ContainerProperties(Topics.LEADS);
        // Never acknowledged, so never committed; nor is the starting position committed on assignment.
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
        properties.setMessageListener((AcknowledgingMessageListener<String, String>) (record, acknowledgment) ->
                watchers.onLeadEvent(record.key(), record.value()));
        properties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                // The end is looked up now, so an event published from here on is not skipped.
                partitions.forEach(consumer::position);
                watchers.listening(!partitions.isEmpty());
            }

            @Override
            public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                watchers.listening(false);
            }
        });
        KafkaMessageListenerContainer<String, String> container = new KafkaMessageListenerContainer<>(factory, properties);
        // A record the streams cannot use is skipped: it is the topic's other consumers that must not miss it.
        container.setCommonErrorHandler(new CommonLoggingErrorHandler());
        container.setBeanName("leadChangeListener");
        return container;
    }

    /** The dashboards' live streams open on this instance, {@code expo.leads.streams.open}. */
    @Bean
    MeterBinder leadStreamMeters(LeadWatchers watchers) {
        return registry -> Gauge.builder("expo.leads.streams.open", watchers, LeadWatchers::open)
                .description("Live lead streams (dashboards) open on this instance")
                .register(registry);
    }
}
