package io.expoleads.exhibitor.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.expoleads.embeddedstore.EmbeddedStore;
import io.expoleads.events.Contract;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The edition store against a MongoDB wire server: guarded changes, and editions saved before editions were published. */
class EditionsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EmbeddedStore store;
    private MongoClient client;
    private MongoTemplate mongo;

    @BeforeEach
    void startMongo() {
        store = EmbeddedStore.inMemory();
        client = MongoClients.create("mongodb://localhost:" + store.port());
        mongo = new MongoTemplate(client, "editions-test");
    }

    @AfterEach
    void stopMongo() {
        client.close();
        store.close();
    }

    private Editions editions() {
        // Not started: nothing is relayed, so the outbox shows what each write queued.
        return new Editions(mongo, new EventWriter(JSON, java.time.Clock.systemUTC()), new OutboxRelays(List.of(), Duration.ofSeconds(5)), java.time.Clock.systemUTC());
    }

    private static Edition edition(String id) {
        return new Edition(id, 0, "Smart City Expo Casablanca 2026", "OFEC", LocalDate.parse("2026-11-24"),
                LocalDate.parse("2026-11-26"), "Africa/Casablanca", List.of("fr"), List.of("Hall 1"), null, null);
    }

    private static Edition withVenue(Edition edition, String venue) {
        return new Edition(edition.id(), edition.revision(), edition.name(), venue, edition.startDate(), edition.endDate(),
                edition.timeZone(), edition.languages(), edition.halls(), edition.retentionMonths(), edition.outbox());
    }

    private Edition stored(String id) {
        return mongo.findById(id, Edition.class, Editions.COLLECTION);
    }

    private static JsonNode envelope(OutboxEntry entry) {
        return JSON.readTree(entry.json());
    }

    @Test
    void an_edition_saved_before_editions_were_published_gets_revision_one_and_its_opening_event_once() {
        Document legacy = new Document();
        mongo.getConverter().write(edition("legacy"), legacy);
        legacy.remove("revision");
        legacy.remove("outbox");
        mongo.insert(legacy, Editions.COLLECTION);

        editions();
        editions();

        Edition upgraded = stored("legacy");
        assertThat(upgraded.revision()).isEqualTo(1);
        assertThat(upgraded.outbox()).as("once, however many starts").hasSize(1);
        OutboxEntry opened = upgraded.outbox().get(0);
        assertThat(opened.topic()).isEqualTo(Topics.EDITIONS);
        assertThat(opened.key()).isEqualTo("legacy");
        assertThat(opened.eventId()).isEqualTo(Contract.deterministicId(Topics.EDITIONS, "legacy", "1").toString());
        assertThat(envelope(opened).get("type").asString()).isEqualTo(EventTypes.EDITION_OPENED);
        assertThat(envelope(opened).get("payload").get("startDate").asString()).isEqualTo("2026-11-24");
        assertThat(upgraded.venue()).isEqualTo("OFEC");

        Edition changed = editions().change("legacy", current -> withVenue(current, "OFEC Casablanca"));
        assertThat(changed.revision()).isEqualTo(2);
        assertThat(stored("legacy").outbox()).hasSize(2);
    }

    @Test
    void a_change_that_loses_a_race_is_applied_again_to_the_newer_state() {
        Editions editions = editions();
        editions.open(edition("race"));
        AtomicBoolean raced = new AtomicBoolean();

        Edition changed = editions.change("race", current -> {
            if (raced.compareAndSet(false, true)) {
                // Another request changes the edition between this one's read and its write.
                editions.change("race", other -> new Edition(other.id(), other.revision(), "Renamed meanwhile", other.venue(),
                        other.startDate(), other.endDate(), other.timeZone(), other.languages(), other.halls(), other.retentionMonths(), other.outbox()));
            }
            return withVenue(current, "OFEC Casablanca");
        });

        assertThat(changed.revision()).isEqualTo(3);
        Edition stored = stored("race");
        assertThat(stored.name()).as("the other change is kept").isEqualTo("Renamed meanwhile");
        assertThat(stored.venue()).isEqualTo("OFEC Casablanca");
        assertThat(stored.outbox().stream().map(entry -> envelope(entry).get("payload").get("revision").asLong()).toList())
                .containsExactly(1L, 2L, 3L);
        assertThat(stored.outbox().stream().map(entry -> envelope(entry).get("type").asString()).toList())
                .containsExactly(EventTypes.EDITION_OPENED, EventTypes.EDITION_CHANGED, EventTypes.EDITION_CHANGED);
    }

    @Test
    void a_change_that_alters_nothing_writes_nothing() {
        Editions editions = editions();
        editions.open(edition("same"));
        assertThat(editions.change("same", current -> withVenue(current, "OFEC")).revision()).isEqualTo(1);
        assertThat(stored("same").outbox()).hasSize(1);
    }
}
