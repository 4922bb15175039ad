package io.expoleads.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.crypto.tink.Aead;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.expoleads.embeddedstore.EmbeddedStore;
import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadView;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;
import io.expoleads.events.Sealed;
import io.expoleads.events.Topics;
import io.expoleads.events.VisitorKey;
import io.expoleads.platform.outbox.EventWriter;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

class PersonalSealTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final AttendeeView SALMA = new AttendeeView("at-1", "ed-1", "REG-77", "Salma", "Idrissi",
            "Atlas Mobility", "Chief Technology Officer", "salma@atlas.example", "+212600112233", "MA", true);

    private final JsonMapper json = JsonMapper.builder().build();
    private EmbeddedStore store;
    private MongoClient client;
    private MongoTemplate mongo;
    private VisitorKeys keys;
    private PersonalSeal seal;

    @BeforeEach
    void start() {
        store = EmbeddedStore.inMemory();
        client = MongoClients.create("mongodb://localhost:" + store.port());
        mongo = new MongoTemplate(client, "privacy");
        keys = new VisitorKeys(mongo, KeyEncryptionKey.parse(randomKek()), Duration.ofSeconds(30), Clock.systemUTC(),
                new EventWriter(json, java.time.Clock.systemUTC()), id -> { });
        seal = new PersonalSeal(keys, json);
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void an_attendee_view_survives_sealing_and_its_sealed_json_holds_none_of_the_personal_values() {
        AttendeeView sealed = seal.seal(SALMA);

        assertThat(sealed.sealed()).isNotNull();
        assertThat(sealed.sealed().keyId()).isEqualTo("at-1");
        assertThat(sealed.withoutPersonalData()).isEqualTo(SALMA.withoutPersonalData());
        String wire = json.writeValueAsString(sealed);
        for (String value : List.of("REG-77", "Salma", "Idrissi", "Atlas", "Chief", "salma@", "+212600112233", "\"MA\"")) {
            assertThat(wire).doesNotContain(value);
        }
        assertThat(seal.open(json.readValue(wire, AttendeeView.class))).contains(SALMA);
    }

    @Test
    void a_lead_keeps_its_counts_clear_and_seals_the_visitor_answers_tags_and_notes() {
        LeadView lead = new LeadView("lead-1", "ex-1", "ed-1", 4, SALMA, 2, NOW, NOW.plusSeconds(60), "staff-2",
                List.of("staff-1", "staff-2"), 5, 3, Map.of("budget", "over 1M MAD", "size", 250), List.of("hot", "mobility"),
                true, List.of(new LeadNote("staff-1", "Wants a demo of the parking sensors", NOW)),
                List.of(ScanFlag.FUTURE_SCAN_TIME));

        LeadView sealed = seal.seal(lead);

        assertThat(sealed.answers()).isEmpty();
        assertThat(sealed.tags()).isEmpty();
        assertThat(sealed.notes()).isEmpty();
        assertThat(sealed.attendee()).isEqualTo(SALMA.withoutPersonalData());
        assertThat(sealed.scanCount()).isEqualTo(2);
        assertThat(sealed.rating()).isEqualTo(5);
        assertThat(sealed.scannedBy()).containsExactly("staff-1", "staff-2");
        String wire = json.writeValueAsString(sealed);
        for (String value : List.of("Salma", "salma@", "over 1M", "mobility", "parking sensors", "budget")) {
            assertThat(wire).doesNotContain(value);
        }
        assertThat(seal.open(json.readValue(wire, LeadView.class))).contains(lead);
    }

    @Test
    void a_scan_seals_its_answers_tags_and_note() {
        ScanAccepted scan = new ScanAccepted("scan-1", "ex-1", "ed-1", "at-1", "staff-1", null, NOW, NOW.plusSeconds(1),
                4, 2, Map.of("interest", "fleet"), List.of("fleet"), "Call back on Monday", List.of());

        ScanAccepted sealed = seal.seal(scan);

        assertThat(sealed.answers()).isEmpty();
        assertThat(sealed.note()).isNull();
        assertThat(sealed.rating()).isEqualTo(4);
        assertThat(json.writeValueAsString(sealed)).doesNotContain("fleet").doesNotContain("Monday");
        assertThat(seal.open(json.readValue(json.writeValueAsString(sealed), ScanAccepted.class))).contains(scan);
    }

    @Test
    void once_the_key_is_destroyed_nothing_opens_and_nothing_is_sealed_again() {
        AttendeeView sealed = seal.seal(SALMA);

        assertThat(keys.destroy("at-1")).isTrue();

        assertThat(seal.open(sealed)).isEmpty();
        assertThat(keys.find("at-1")).isEmpty();
        assertThat(keys.destroyed("at-1")).isTrue();
        assertThatThrownBy(() -> seal.seal(SALMA)).isInstanceOf(VisitorErasedException.class);
        assertThat(keys.destroy("at-1")).isFalse();
        Document marker = mongo.findById("at-1", Document.class, VisitorKeys.COLLECTION);
        assertThat(marker).doesNotContainKey("wrapped").doesNotContainKey("outbox");
    }

    @Test
    void a_tampered_ciphertext_or_a_part_moved_to_another_visitor_is_refused() {
        AttendeeView sealed = seal.seal(SALMA);
        byte[] bytes = Base64.getDecoder().decode(sealed.sealed().ciphertext());
        bytes[bytes.length - 1] ^= 1;
        AttendeeView tampered = withSealed(sealed, "at-1", new Sealed("at-1", Base64.getEncoder().encodeToString(bytes)));
        seal.seal(new AttendeeView("at-2", "ed-1", null, "Omar", null, null, null, null, null, null, false));
        AttendeeView moved = withSealed(sealed, "at-2", new Sealed("at-2", sealed.sealed().ciphertext()));
        AttendeeView misnamed = withSealed(sealed, "at-2", sealed.sealed());

        assertThatThrownBy(() -> seal.open(tampered)).isInstanceOf(SealRefusedException.class);
        assertThatThrownBy(() -> seal.open(moved)).isInstanceOf(SealRefusedException.class);
        assertThatThrownBy(() -> seal.open(misnamed)).isInstanceOf(SealRefusedException.class);
    }

    @Test
    void a_consumer_opens_with_a_key_it_kept_from_the_topic_and_forgets_it_on_the_tombstone() {
        String kek = randomKek();
        VisitorKeys issuer = new VisitorKeys(mongo, KeyEncryptionKey.parse(kek), Duration.ofSeconds(30), Clock.systemUTC(),
                new EventWriter(json, java.time.Clock.systemUTC()), id -> { });
        AttendeeView sealed = new PersonalSeal(issuer, json).seal(SALMA);
        VisitorKey published = issuer.find("at-1").orElseThrow();
        MongoTemplate consumerStore = new MongoTemplate(client, "consumer");
        VisitorKeys consumer = new VisitorKeys(consumerStore, KeyEncryptionKey.parse(kek), Duration.ofSeconds(30), Clock.systemUTC());
        PersonalSeal consumerSeal = new PersonalSeal(consumer, json);

        assertThat(consumerSeal.open(sealed)).isEmpty();
        consumer.keep(published);
        assertThat(consumerSeal.open(sealed)).contains(SALMA);
        assertThat(consumer.forget("at-1")).isTrue();
        assertThat(consumerSeal.open(sealed)).isEmpty();
    }

    @Test
    void a_key_wrapped_under_another_kek_is_refused_and_the_stored_key_is_wrapped() {
        VisitorKey key = keys.issue("at-1", "ed-1");
        VisitorKeys other = new VisitorKeys(new MongoTemplate(client, "other"), KeyEncryptionKey.parse(randomKek()),
                Duration.ofSeconds(30), Clock.systemUTC());

        assertThatThrownBy(() -> other.keep(key)).isInstanceOf(SealRefusedException.class);
        Document stored = mongo.findById("at-1", Document.class, VisitorKeys.COLLECTION);
        assertThat(stored.getString("wrapped")).isEqualTo(key.wrapped());
        assertThat(stored.getList("outbox", Document.class)).singleElement()
                .satisfies(entry -> assertThat(entry.getString("topic")).isEqualTo(Topics.VISITOR_KEYS));
        assertThat(keys.issue("at-1", "ed-1")).isEqualTo(key);
    }

    @Test
    void keys_issued_together_are_the_same_as_one_by_one_and_an_erased_visitor_gets_none() {
        VisitorKey held = keys.issue("at-1", "ed-1");
        keys.destroy("at-3");
        List<String> issued = new java.util.ArrayList<>();
        VisitorKeys batch = new VisitorKeys(mongo, KeyEncryptionKey.parse(randomKek()), Duration.ofSeconds(30), Clock.systemUTC(),
                new EventWriter(json, java.time.Clock.systemUTC()), issued::add);

        keys.issueAll(Map.of("at-1", "ed-1", "at-2", "ed-1", "at-3", "ed-1"));

        assertThat(keys.find("at-1")).contains(held);
        assertThat(keys.find("at-2")).isPresent();
        assertThat(keys.find("at-3")).as("erased: no new key").isEmpty();
        assertThat(seal.open(seal.seal(new AttendeeView("at-2", "ed-1", null, "Omar", null, null, null, null, null, null, false)))
                .orElseThrow().firstName()).isEqualTo("Omar");
        assertThat(mongo.findById("at-2", Document.class, VisitorKeys.COLLECTION).getList("outbox", Document.class)).hasSize(1);
        batch.issueAll(Map.of("at-4", "ed-1"));
        assertThat(issued).containsExactly("at-4");
    }

    @Test
    void a_missing_or_malformed_kek_stops_the_service_naming_the_property() {
        assertThatThrownBy(() -> KeyEncryptionKey.parse(null)).hasMessageContaining("expo.privacy.key-encryption-key")
                .hasMessageContaining("EXPO_PRIVACY_KEY_ENCRYPTION_KEY");
        assertThatThrownBy(() -> KeyEncryptionKey.parse("not base64!")).hasMessageContaining("expo.privacy.key-encryption-key");
        assertThatThrownBy(() -> KeyEncryptionKey.parse(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        Aead kek = KeyEncryptionKey.parse(randomKek());
        assertThat(kek).isNotNull();
    }

    private static AttendeeView withSealed(AttendeeView view, String attendeeId, Sealed sealed) {
        return new AttendeeView(attendeeId, view.editionId(), null, null, null, null, null, null, null, null,
                view.shareContact(), sealed);
    }

    private static String randomKek() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
