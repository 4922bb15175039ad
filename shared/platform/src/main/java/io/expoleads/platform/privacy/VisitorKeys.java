package io.expoleads.platform.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.InsertManyOptions;
import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.events.VisitorKey;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Each visitor's own data key (a Tink AES-256-GCM keyset), stored wrapped under the
 * key-encryption key in the {@value #COLLECTION} collection. Erasure destroys the key, which makes
 * every sealed copy of the visitor's data unreadable wherever it lies.
 * <p>
 * Opened keys are cached for a short time only ({@link PrivacyProperties#keyCacheTtl()}), so an
 * instance that did not run the erasure stops using a destroyed key within that time.
 */
public class VisitorKeys {

    public static final String COLLECTION = "visitor_keys";
    private static final String WRAPPED = "wrapped";
    private static final String DESTROYED_AT = "destroyedAt";

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MongoTemplate mongo;
    private final Aead keyEncryptionKey;
    private final Clock clock;
    private final Cache<String, Aead> opened;
    private final EventWriter publisher;
    private final Consumer<String> issuedHook;

    /** The consumer side: keys arrive from the topic ({@link #keep}) and are never issued here. */
    public VisitorKeys(MongoTemplate mongo, Aead keyEncryptionKey, Duration cacheTtl, Clock clock) {
        this(mongo, keyEncryptionKey, cacheTtl, clock, null, id -> { });
    }

    /**
     * The issuing side (lead-service): a new key is written with a {@code VisitorKeyIssued} event in
     * its document's outbox, for a relay of {@value #COLLECTION} to publish; {@code issuedHook}
     * hears the attendeeId of each new key (to wake that relay).
     */
    public VisitorKeys(MongoTemplate mongo, Aead keyEncryptionKey, Duration cacheTtl, Clock clock,
                       EventWriter publisher, Consumer<String> issuedHook) {
        this.mongo = mongo;
        this.keyEncryptionKey = keyEncryptionKey;
        this.clock = clock;
        this.opened = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(100_000).build();
        this.publisher = publisher;
        this.issuedHook = issuedHook;
    }

    /**
     * The visitor's key, made now if they have none; a concurrent caller that lost the race reads
     * the winner's key, so a visitor has one key only.
     *
     * @throws VisitorErasedException when the visitor's key was destroyed
     */
    public VisitorKey issue(String attendeeId, String editionId) {
        Optional<Document> stored = stored(attendeeId);
        if (stored.isPresent()) {
            return fromDocument(attendeeId, stored.get());
        }
        VisitorKey key = new VisitorKey(attendeeId, editionId, wrap(attendeeId, newKeyset()),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        Document document = document(key);
        try {
            mongo.insert(document, COLLECTION);
        } catch (DuplicateKeyException lostRace) {
            return fromDocument(attendeeId, stored(attendeeId).orElseThrow(() -> lostRace));
        }
        issuedHook.accept(attendeeId);
        return key;
    }

    /**
     * {@link #issue} for many visitors at once (an import): the keys held already are read in one
     * query, the missing ones inserted in one unordered bulk write, and every key is kept opened, so
     * sealing the visitors' events right after costs no further read. Visitors erased are skipped.
     *
     * @param editionByAttendee each visitor's edition, by attendeeId
     */
    public void issueAll(Map<String, String> editionByAttendee) {
        if (editionByAttendee.isEmpty()) {
            return;
        }
        Query query = Query.query(Criteria.where("_id").in(editionByAttendee.keySet()));
        query.fields().exclude("outbox");
        Map<String, Document> stored = new HashMap<>();
        mongo.find(query, Document.class, COLLECTION).forEach(document -> stored.put(document.getString("_id"), document));
        List<Document> inserts = new ArrayList<>();
        Map<String, String> wrappedById = new HashMap<>();
        Map<String, Aead> made = new HashMap<>();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        editionByAttendee.forEach((attendeeId, editionId) -> {
            Document held = stored.get(attendeeId);
            if (held != null) {
                if (held.getString(WRAPPED) != null) {
                    wrappedById.put(attendeeId, held.getString(WRAPPED));
                }
                return;
            }
            KeysetHandle keyset = newKeyset();
            VisitorKey key = new VisitorKey(attendeeId, editionId, wrap(attendeeId, keyset), now);
            inserts.add(document(key));
            made.put(attendeeId, primitive(attendeeId, keyset));
        });
        Set<String> lost = new HashSet<>();
        if (!inserts.isEmpty()) {
            try {
                mongo.getCollection(COLLECTION).insertMany(inserts, new InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException raced) {
                // Another writer issued some of these keys first: theirs are read below.
                raced.getWriteErrors().forEach(error -> lost.add(inserts.get(error.getIndex()).getString("_id")));
            }
            inserts.stream().map(document -> document.getString("_id")).filter(id -> !lost.contains(id)).forEach(issuedHook);
        }
        wrappedById.forEach((attendeeId, wrapped) -> opened.put(attendeeId, unwrap(attendeeId, wrapped)));
        made.forEach((attendeeId, aead) -> {
            if (lost.contains(attendeeId)) {
                find(attendeeId).ifPresent(winner -> opened.put(attendeeId, unwrap(attendeeId, winner.wrapped())));
            } else {
                opened.put(attendeeId, aead);
            }
        });
    }

    /** The visitor's wrapped key, empty when they have none or it was destroyed. */
    public Optional<VisitorKey> find(String attendeeId) {
        return stored(attendeeId).filter(document -> document.getString(WRAPPED) != null)
                .map(document -> fromDocument(attendeeId, document));
    }

    /** Whether the visitor's key was destroyed by their erasure (issuing side). */
    public boolean destroyed(String attendeeId) {
        return stored(attendeeId).map(document -> document.get(DESTROYED_AT) != null).orElse(false);
    }

    /**
     * Keeps a key read from the topic (consumer side); a redelivered key is harmless.
     *
     * @throws SealRefusedException when the key does not unwrap under this service's KEK
     */
    public void keep(VisitorKey key) {
        unwrap(key.attendeeId(), key.wrapped());
        mongo.upsert(Query.query(Criteria.where("_id").is(key.attendeeId())),
                new Update().set("editionId", key.editionId()).set(WRAPPED, key.wrapped())
                        .set("createdAt", key.createdAt() == null ? null : Date.from(key.createdAt())),
                COLLECTION);
        opened.invalidate(key.attendeeId());
    }

    /** Forgets a key whose tombstone arrived (consumer side). @return whether one was held */
    public boolean forget(String attendeeId) {
        opened.invalidate(attendeeId);
        return mongo.remove(Query.query(Criteria.where("_id").is(attendeeId)), COLLECTION).getDeletedCount() > 0;
    }

    /**
     * Destroys the visitor's key (issuing side): the wrapped keyset is deleted and a marker with
     * the id and time only stays, so no new key is ever issued for an erased visitor. Idempotent.
     *
     * @return whether a key was destroyed now
     */
    public boolean destroy(String attendeeId) {
        opened.invalidate(attendeeId);
        Instant now = clock.instant();
        boolean destroyedNow = mongo.updateFirst(Query.query(Criteria.where("_id").is(attendeeId).and(WRAPPED).exists(true)),
                new Update().unset(WRAPPED).unset("outbox").set(DESTROYED_AT, Date.from(now)), COLLECTION)
                .getModifiedCount() > 0;
        if (!destroyedNow) {
            mongo.upsert(Query.query(Criteria.where("_id").is(attendeeId)),
                    new Update().setOnInsert(DESTROYED_AT, Date.from(now)), COLLECTION);
        }
        opened.invalidate(attendeeId);
        return destroyedNow;
    }

    /** The visitor's opened key, empty when they have none (never issued here, or destroyed). */
    Optional<Aead> aead(String attendeeId) {
        Aead cached = opened.getIfPresent(attendeeId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Aead> aead = find(attendeeId).map(key -> unwrap(attendeeId, key.wrapped()));
        aead.ifPresent(primitive -> opened.put(attendeeId, primitive));
        return aead;
    }

    /** The visitor's opened key, issued now if they have none. */
    Aead aeadIssuing(String attendeeId, String editionId) {
        Aead cached = opened.getIfPresent(attendeeId);
        if (cached != null) {
            return cached;
        }
        VisitorKey key = issue(attendeeId, editionId);
        Aead aead = unwrap(attendeeId, key.wrapped());
        opened.put(attendeeId, aead);
        return aead;
    }

    /** A new key's document, with its {@code VisitorKeyIssued} event in the outbox on the issuing side. */
    private Document document(VisitorKey key) {
        Document document = new Document("_id", key.attendeeId()).append("editionId", key.editionId())
                .append(WRAPPED, key.wrapped()).append("createdAt", Date.from(key.createdAt()));
        if (publisher != null) {
            EventEnvelope<VisitorKey> event = EventEnvelope.of(Contract.deterministicId(Topics.VISITOR_KEYS, key.attendeeId()),
                    EventTypes.VISITOR_KEY_ISSUED, key.createdAt(), key.editionId(), key.attendeeId(), key);
            // Written as the outbox relay reads it; built by hand, as an import writes thousands at once.
            OutboxEntry entry = publisher.entry(Topics.VISITOR_KEYS, key.attendeeId(), event);
            document.append("outbox", List.of(new Document("eventId", entry.eventId()).append("topic", entry.topic())
                    .append("key", entry.key()).append("json", entry.json())));
        }
        return document;
    }

    private Optional<Document> stored(String attendeeId) {
        Query query = Query.query(Criteria.where("_id").is(attendeeId));
        query.fields().exclude("outbox");
        return Optional.ofNullable(mongo.findOne(query, Document.class, COLLECTION));
    }

    private static VisitorKey fromDocument(String attendeeId, Document document) {
        if (document.getString(WRAPPED) == null) {
            throw new VisitorErasedException(attendeeId);
        }
        Date created = document.getDate("createdAt");
        return new VisitorKey(attendeeId, document.getString("editionId"), document.getString(WRAPPED),
                created == null ? null : created.toInstant());
    }

    private static KeysetHandle newKeyset() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a visitor key", e);
        }
    }

    private String wrap(String attendeeId, KeysetHandle keyset) {
        try {
            return Base64.getEncoder().encodeToString(TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset,
                    keyEncryptionKey, attendeeId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the key of visitor " + attendeeId, e);
        }
    }

    private static Aead primitive(String attendeeId, KeysetHandle keyset) {
        try {
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the new key of visitor " + attendeeId, e);
        }
    }

    private Aead unwrap(String attendeeId, String wrapped) {
        try {
            KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(Base64.getDecoder().decode(wrapped),
                    keyEncryptionKey, attendeeId.getBytes(StandardCharsets.UTF_8));
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SealRefusedException("the key of visitor " + attendeeId
                    + " does not unwrap under this service's key-encryption key (another KEK, or tampered)");
        }
    }
}
