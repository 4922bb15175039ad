package io.expoleads.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes raw records, well-formed or not, as another service or a faulty client would. */
public final class TopicWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public TopicWriter(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    /**
     * Sends the records (key to value, in this order) all at once, as a service relaying a burst
     * from its outbox does, and waits for every acknowledgement.
     */
    public void sendAll(String topic, List<Map.Entry<String, String>> records) {
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(records.size());
        records.forEach(record -> acknowledgements.add(producer.send(new ProducerRecord<>(topic, record.getKey(),
                record.getValue().getBytes(StandardCharsets.UTF_8)))));
        try {
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
