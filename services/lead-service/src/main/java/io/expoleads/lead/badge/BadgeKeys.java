package io.expoleads.lead.badge;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Each edition's Ed25519 badge keys in {@code badge_keys}. The first is made on first need; a
 * unique index on (edition, generation) lets only one of several concurrent makers, on any
 * instance, win each generation. The newest key signs; every key verifies, and since keys never
 * change once made, their verifiers are kept in memory for good.
 */
@Component
class BadgeKeys {

    static final String COLLECTION = "badge_keys";
    /** Key ids as made here: 12 base64url characters (72 random bits). */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{12}");
    private static final String PRIVATE_KEY = "privateKey";

    private final MongoTemplate mongo;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, VerificationKey> verifying = new ConcurrentHashMap<>();
    private final Map<String, SigningKey> signing = new ConcurrentHashMap<>();

    BadgeKeys(MongoTemplate mongo, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC)
                .on("generation", Sort.Direction.DESC).unique());
    }

    /** The key new badges of the edition are signed with: its newest, made now if it has none. */
    SigningKey signingKey(String editionId) {
        while (true) {
            StoredKey newest = newest(editionId);
            if (newest == null) {
                newest = create(editionId, 1).orElse(null);
            }
            if (newest != null) {
                StoredKey key = newest;
                return signing.computeIfAbsent(key.id(), id -> SigningKey.of(key));
            }
        }
    }

    /**
     * Makes the edition's next signing key. When another rotation wins the race for the same
     * generation, its key is the answer: either way the edition signs with a key made after the call began.
     */
    VerificationKey rotate(String editionId) {
        while (true) {
            StoredKey newest = newest(editionId);
            Optional<StoredKey> made = create(editionId, newest == null ? 1 : newest.generation() + 1);
            StoredKey current = made.orElseGet(() -> newest(editionId));
            if (current != null && (newest == null || current.generation() > newest.generation())) {
                return verifying.computeIfAbsent(current.id(), id -> VerificationKey.of(current));
            }
        }
    }

    /** A key by id, from memory once seen; empty for ids that were never made here. */
    Optional<VerificationKey> find(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        VerificationKey known = verifying.get(keyId);
        if (known != null) {
            return Optional.of(known);
        }
        if (!KEY_ID.matcher(keyId).matches()) {
            return Optional.empty();
        }
        Query byId = Query.query(Criteria.where("_id").is(keyId));
        byId.fields().exclude(PRIVATE_KEY);
        StoredKey stored = mongo.findOne(byId, StoredKey.class, COLLECTION);
        return stored == null ? Optional.empty()
                : Optional.of(verifying.computeIfAbsent(stored.id(), id -> VerificationKey.of(stored)));
    }

    /** The edition's public keys, newest first; none until its first badge or rotation. */
    List<VerificationKey> publicKeys(String editionId) {
        Query ofEdition = Query.query(Criteria.where("editionId").is(editionId))
                .with(Sort.by(Sort.Direction.DESC, "generation"));
        ofEdition.fields().exclude(PRIVATE_KEY);
        return mongo.find(ofEdition, StoredKey.class, COLLECTION).stream()
                .map(stored -> verifying.computeIfAbsent(stored.id(), id -> VerificationKey.of(stored)))
                .toList();
    }

    private StoredKey newest(String editionId) {
        return mongo.findOne(Query.query(Criteria.where("editionId").is(editionId))
                .with(Sort.by(Sort.Direction.DESC, "generation")).limit(1), StoredKey.class, COLLECTION);
    }

    /** Inserts the key of this generation, or nothing when another maker stored that generation first. */
    private Optional<StoredKey> create(String editionId, long generation) {
        OctetKeyPair pair;
        try {
            pair = new OctetKeyPairGenerator(Curve.Ed25519).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Ed25519 key generation failed", e);
        }
        StoredKey key = new StoredKey(newKeyId(), editionId, generation, pair.getX().toString(), pair.getD().toString(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        try {
            mongo.insert(key, COLLECTION);
            return Optional.of(key);
        } catch (DuplicateKeyException takenByAnotherMaker) {
            return Optional.empty();
        }
    }

    private String newKeyId() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
