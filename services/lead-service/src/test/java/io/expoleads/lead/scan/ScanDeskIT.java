package io.expoleads.lead.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadCapture;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestTokens;
import io.expoleads.testsupport.TopicWriter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.json.JsonMapper;

/** A scan is answered 202 only once Kafka has it; when Kafka cannot take it, the scanner is told to resend. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"expo.kafka.retry-attempts=1", "expo.kafka.retry-interval=100ms", "expo.web.max-request-size=64KB"})
@Import(ExpoTestInfrastructure.class)
class ScanDeskIT {

    @LocalServerPort
    int port;
    @Autowired
    TestInfrastructure infrastructure;
    @Autowired
    BoothExhibitors exhibitors;
    @Autowired
    AttendeeDirectory attendees;
    @Autowired
    LeadCapture leads;
    @Autowired
    JsonMapper json;

    @Test
    void when_kafka_cannot_take_the_scan_the_answer_is_503_and_nothing_is_captured() {
        String edition = UUID.randomUUID().toString();
        String exhibitor = UUID.randomUUID().toString();
        try (TopicWriter writer = new TopicWriter(infrastructure.kafkaBootstrapServers())) {
            ExhibitorView view = new ExhibitorView(exhibitor, edition, 1, ExhibitorStatus.APPROVED, "Atlas Mobility", "MA", "fr",
                    null, 2, List.of(), List.of("amine"), List.of(), null, null);
            writer.send(Topics.EXHIBITORS, exhibitor, json.writeValueAsString(
                    EventEnvelope.of(UUID.randomUUID(), EventTypes.EXHIBITOR_APPROVED, Instant.now(), edition, exhibitor, view)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> exhibitors.find(exhibitor).isPresent());
        String attendee = new HttpJson("http://localhost:" + port).bearer(TestTokens.get().organizer()).post("/api/editions/" + edition + "/attendees/import",
                HttpJson.json(List.of(Map.of("registrationId", "R-1", "lastName", "Amrani")))).json()
                .get("attendees").get(0).get("attendeeId").asString();

        @SuppressWarnings({"unchecked", "rawtypes"})
        KafkaTemplate<Object, Object> unreachable = new KafkaTemplate<>(new DefaultKafkaProducerFactory<Object, Object>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000),
                (Serializer) new StringSerializer(), new JacksonJsonSerializer<>(json)));
        ScanDesk desk = new ScanDesk(exhibitors, attendees, leads, unreachable);
        ScanController.ScanRequest scan = new ScanController.ScanRequest(UUID.randomUUID(), attendee, Instant.now());
        Tenant amine = new Tenant("amine@atlas.example", List.of("STAFF"), exhibitor, "amine");

        assertThatThrownBy(() -> desk.accept(scan, amine))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThat(leads.find(Lead.idOf(exhibitor, attendee))).isEmpty();
    }
}
