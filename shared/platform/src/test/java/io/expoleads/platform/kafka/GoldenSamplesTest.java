package io.expoleads.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.Contract;
import io.expoleads.events.DeliveryOutcome;
import io.expoleads.events.EditionView;
import io.expoleads.events.ErasureProgress;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.LeadView;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;
import io.expoleads.events.Sealed;
import io.expoleads.events.Topics;
import io.expoleads.events.VisitorKey;
import io.expoleads.events.WebhookEndpoints;

/**
 * The golden samples of the topic contract (docs/samples/events/&lt;topic&gt;/&lt;type&gt;.v&lt;version&gt;.json):
 * one per event type and version, written once by this test through the producers' serializer, then
 * kept as history. Every sample, old ones included, must still be read by the consumers' deserializer
 * (the one every service's listeners use, {@link ExpoKafkaAutoConfiguration#envelopeDeserializer}) with
 * every field it holds kept: a rename, a removal or a changed type of a v1 field fails here.
 * <p>
 * A new event type or version gets its sample with
 * {@code ./mvnw -q -pl shared/platform -am verify -Dtest=GoldenSamplesTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dexpo.samples.write=true};
 * an existing sample is never rewritten.
 */
class GoldenSamplesTest {

    static final Path SAMPLES = Path.of("../../docs/samples/events");
    static final String WRITE = "./mvnw -q -pl shared/platform -am verify -Dtest=GoldenSamplesTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dexpo.samples.write=true";

    static JsonMapper json;

    @BeforeAll
    static void theServicesJsonMapper() {
        // The JsonMapper every service's producers and consumers are built with: Boot's.
        AtomicReference<JsonMapper> mapper = new AtomicReference<>();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> mapper.set(context.getBean(JsonMapper.class)));
        json = mapper.get();
    }

    @Test
    void every_event_type_has_its_sample_at_its_current_version() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Sample sample : samples()) {
            EventEnvelope<?> event = sample.event();
            Path file = file(sample.topic(), event);
            if (Files.exists(file)) {
                continue;
            }
            if (Boolean.getBoolean("expo.samples.write")) {
                Files.createDirectories(file.getParent());
                byte[] produced = ExpoKafkaAutoConfiguration.valueSerializer(json).serialize(sample.topic(), event);
                Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(produced)) + "\n",
                        StandardCharsets.UTF_8);
            } else {
                missing.add(SAMPLES.relativize(file).toString());
            }
        }
        assertThat(missing).as("event types without a sample at their version; write them with%n  %s%nand commit them", WRITE)
                .isEmpty();
    }

    @Test
    void every_sample_ever_written_is_still_read_whole_by_the_consumers() throws IOException {
        var consumers = ExpoKafkaAutoConfiguration.envelopeDeserializer(json);
        List<Path> files;
        try (Stream<Path> all = Files.walk(SAMPLES)) {
            files = all.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(samples().size());
        for (Path file : files) {
            String topic = file.getParent().getFileName().toString();
            byte[] sample = Files.readAllBytes(file);
            Object read;
            try {
                read = consumers.deserialize(topic, new RecordHeaders(), sample);
            } catch (RuntimeException e) {
                throw new AssertionError(file + " can no longer be read by the consumers: a v1 change must keep every "
                        + "older record readable (README, \"The topic contract\")", e);
            }
            assertThat(read).as(file.toString()).isInstanceOf(EventEnvelope.class);
            EventEnvelope<?> event = (EventEnvelope<?>) read;
            assertThat(event.payload()).as(file.toString()).isInstanceOf(Topics.payloadType(topic));
            assertThat(file.getFileName().toString()).isEqualTo(event.type() + ".v" + event.version() + ".json");
            // What was read, written again, still says everything the sample said.
            JsonNode again = json.readTree(ExpoKafkaAutoConfiguration.valueSerializer(json).serialize(topic, event));
            assertKept(json.readTree(sample), again, file + ": ");
        }
    }

    /** Every value of {@code sample} is in {@code read}, at the same place; {@code read} may hold more. */
    private static void assertKept(JsonNode sample, JsonNode read, String where) {
        if (sample.isObject()) {
            assertThat(read.isObject()).as(where + "an object").isTrue();
            for (String name : sample.propertyNames()) {
                if (sample.get(name).isNull()) {
                    continue;
                }
                assertThat(read.has(name)).as(where + name + " was lost in reading").isTrue();
                assertKept(sample.get(name), read.get(name), where + name + ".");
            }
        } else if (sample.isArray()) {
            assertThat(read.size()).as(where + "items").isEqualTo(sample.size());
            for (int i = 0; i < sample.size(); i++) {
                assertKept(sample.get(i), read.get(i), where + i + ".");
            }
        } else {
            assertThat(read).as(where + "value").isEqualTo(sample);
        }
    }

    private static Path file(String topic, EventEnvelope<?> event) {
        return SAMPLES.resolve(topic).resolve(event.type() + ".v" + event.version() + ".json");
    }

    /** An event as it travels on its topic. */
    record Sample(String topic, EventEnvelope<?> event) {
    }

    /** One event of every type, with the fields the contract fills in on a topic. */
    static List<Sample> samples() {
        Instant at = Instant.parse("2026-11-24T09:15:00Z");
        String edition = "7f1e0c1a-3b2d-4c5e-8f90-1a2b3c4d5e6f";
        String exhibitor = "0b6c2d4e-5f60-4a7b-9c8d-e1f203040506";
        String attendee = "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b";
        String lead = Contract.deterministicId("lead", exhibitor, attendee).toString();
        Sealed sealed = new Sealed(attendee, "AZ3kP0q8m4c1V2Zq9yJt7w1u5Xl0bS4nE8rT6yU2iO0pA==");

        EditionView editionView = new EditionView(edition, 2, "Salon Tech Casablanca 2026", LocalDate.parse("2026-11-24"),
                LocalDate.parse("2026-11-26"), "Africa/Casablanca", Instant.parse("2027-11-26T23:00:00Z"));
        QualificationForm form = new QualificationForm(2, List.of(
                new QualificationForm.Question("budget", "Budget", QualificationForm.QuestionType.SINGLE_CHOICE,
                        List.of("<10k", "10-50k", ">50k"), true),
                new QualificationForm.Question("interest", "Interest", QualificationForm.QuestionType.FREE_TEXT, List.of(), false)));
        NotificationSettings settings = new NotificationSettings(List.of("sales@atlas.example"), "HOT",
                new NotificationSettings.HotLeadRule(4, List.of("priority"), "budget", ">50k"), "DAILY", "18:30", "XLSX");
        ExhibitorView exhibitorView = new ExhibitorView(exhibitor, edition, 7, ExhibitorStatus.APPROVED, "Atlas Mobility", "MA",
                "fr", "B-12", 4, List.of("sales@atlas.example"), List.of("staff-1"), List.of("device-1"), form, settings,
                "admin@atlas.example", Map.of("staff-1", "Amine", "device-1", "Booth tablet"));
        AttendeeView sealedAttendee = new AttendeeView(attendee, edition, null, null, null, null, null, null, null, null, true,
                sealed);
        Map<String, Object> answers = new LinkedHashMap<>();

        List<EventEnvelope<?>> events = new ArrayList<>();
        events.add(event(EventTypes.EDITION_OPENED, at, edition, edition, editionView));
        events.add(event(EventTypes.EDITION_CHANGED, at, edition, edition, editionView));
        for (String type : List.of(EventTypes.EXHIBITOR_APPLIED, EventTypes.EXHIBITOR_UPDATED, EventTypes.EXHIBITOR_SUBMITTED,
                EventTypes.EXHIBITOR_APPROVED, EventTypes.EXHIBITOR_REJECTED, EventTypes.EXHIBITOR_WITHDRAWN)) {
            events.add(event(type, at, edition, exhibitor, exhibitorView));
        }
        events.add(event(EventTypes.WEBHOOKS_CHANGED, at, edition, exhibitor, new WebhookEndpoints(exhibitor, 7, List.of(
                new WebhookEndpoints.Endpoint("wh-1", "https://crm.atlas.example/hooks/expo", List.of(
                        new WebhookEndpoints.Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null),
                        new WebhookEndpoints.Secret("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", Instant.parse("2026-11-25T09:15:00Z"))))))));
        events.add(event(EventTypes.ATTENDEE_REGISTERED, at, edition, attendee, sealedAttendee));
        events.add(event(EventTypes.ATTENDEE_UPDATED, at, edition, attendee, sealedAttendee));
        events.add(event(EventTypes.ATTENDEE_ERASED, at, edition, attendee, sealedAttendee.withoutPersonalData()));
        events.add(event(EventTypes.VISITOR_KEY_ISSUED, at, edition, attendee, new VisitorKey(attendee, edition,
                "CMqT1dUEEmQKWAowdHlwZS5nb29nbGVhcGlzLmNvbS9nb29nbGUuY3J5cHRvLnRpbmsuQWVzR2NtS2V5", at)));
        ErasureProgress requested = ErasureProgress.requested("er-1", attendee, edition, "VISITOR", at, List.of(lead));
        events.add(event(EventTypes.ERASURE_REQUESTED, at, edition, attendee, requested));
        events.add(event(EventTypes.ERASURE_COMPLETED, at, edition, attendee, requested.completedBy("notification-service",
                at.plusSeconds(3), Map.of("leads", 1L, "deliveries", 2L))));
        events.add(event(EventTypes.SCAN_ACCEPTED, at, edition, exhibitor, new ScanAccepted("scan-1", exhibitor, edition, attendee,
                "staff-1", null, at.minusSeconds(2), at, 5, 2, answers, List.of(), null,
                List.of(ScanFlag.OUTSIDE_EDITION_DATES), sealed)));
        LeadView leadView = new LeadView(lead, exhibitor, edition, 3, sealedAttendee, 2, at.minusSeconds(600), at, "staff-1",
                List.of("staff-2", "staff-1"), 5, 2, answers, List.of(), true, List.of(), List.of(ScanFlag.FUTURE_SCAN_TIME), sealed);
        for (String type : List.of(EventTypes.LEAD_CAPTURED, EventTypes.LEAD_QUALIFIED, EventTypes.LEAD_UPDATED,
                EventTypes.LEAD_CONTACT_WITHDRAWN)) {
            events.add(event(type, at, edition, exhibitor, leadView));
        }
        events.add(event(EventTypes.LEAD_ERASED, at, edition, exhibitor, new LeadView(lead, exhibitor, edition, 4,
                sealedAttendee.withoutPersonalData(), 2, at.minusSeconds(600), at, "staff-1", List.of("staff-2", "staff-1"), 5, 2,
                Map.of(), List.of(), true, List.of(), List.of())));
        events.add(event(EventTypes.DELIVERY_SUCCEEDED, at, edition, exhibitor, new DeliveryOutcome("dl-1", exhibitor, "DIGEST",
                "EMAIL", "sales@atlas.example", null, 1, at, "SUCCEEDED", 250, "250 2.0.0 OK", 412, null, 12)));
        events.add(event(EventTypes.DELIVERY_FAILED, at, edition, exhibitor, new DeliveryOutcome("dl-2", exhibitor, "ALERT",
                "WEBHOOK", "wh-1", lead, 2, at, "RETRYING", 503, "503 Service Unavailable", 95, at.plusSeconds(60), null)));
        events.add(event(EventTypes.DELIVERY_DEAD, at, edition, exhibitor, new DeliveryOutcome("dl-3", exhibitor, "ALERT",
                "WEBHOOK", "wh-1", lead, 1, at, "DEAD", 410, "410 Gone", 88, null, null)));
        return events.stream().map(event -> new Sample(topicOf(event.type()), event)).toList();
    }

    private static String topicOf(String type) {
        return AsyncApiDocument.CHANNELS.stream().filter(channel -> channel.types().contains(type)).findFirst()
                .orElseThrow().topic();
    }

    private static <P> EventEnvelope<P> event(String type, Instant at, String edition, String aggregate, P payload) {
        return EventEnvelope.of(Contract.deterministicId("sample", type), type, at, edition, aggregate, payload);
    }
}
