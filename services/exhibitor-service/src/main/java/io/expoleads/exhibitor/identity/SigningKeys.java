package io.expoleads.exhibitor.identity;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The RS256 keys that sign access tokens. The first start generates one and stores it; a rotation
 * adds a newer one that signs from then on, while the older keys stay published in the JWKS until
 * the last token they signed has expired. Each key has a generation, unique in the store: instances
 * starting together on an empty database each try to store generation 1, one wins, and the others
 * read the winner's key, so every instance signs with, and publishes, the same keys.
 */
@Component
public class SigningKeys {

    static final String COLLECTION = "signing_keys";

    private final MongoTemplate mongo;
    private final Duration tokenLifetime;
    private final Clock clock;
    private static final Duration CACHE_TIME = Duration.ofSeconds(30);

    private volatile List<StoredKey> cached;
    private volatile Instant loadedAt;

    SigningKeys(MongoTemplate mongo, IdentityProperties properties, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.tokenLifetime = properties.tokenLifetime();
        // Sparse: keys stored before generations existed have none, and stay valid.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("generation", Sort.Direction.ASC).unique().sparse());
        if (load().isEmpty()) {
            try {
                mongo.insert(generate(1), COLLECTION);
            } catch (DuplicateKeyException anotherInstanceWasFirst) {
                // Its key is the one: read below.
            }
        }
        refresh();
    }

    /**
     * A signing key as stored: the private part only ever leaves MongoDB to sign. {@code generation}
     * counts from 1 (null for keys stored before it was kept).
     */
    record StoredKey(String id, Instant createdAt, String publicKey, String privateKey, Long generation) {
    }

    /** The key that signs new tokens: the newest. */
    public RSAKey activeKey() {
        List<StoredKey> keys = keys();
        return toJwk(keys.get(keys.size() - 1), true);
    }

    /** The public keys a token may still carry: the active one and those retired within a token lifetime. */
    public JWKSet publicKeys() {
        List<StoredKey> keys = keys();
        List<JWK> published = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            boolean active = i == keys.size() - 1;
            if (active || keys.get(i + 1).createdAt().plus(tokenLifetime).isAfter(clock.instant())) {
                published.add(toJwk(keys.get(i), false));
            }
        }
        return new JWKSet(published);
    }

    /** Adds a new signing key; tokens signed by the older ones stay valid until they expire. */
    public String rotate() {
        while (true) {
            List<StoredKey> keys = load();
            long newest = keys.stream().map(StoredKey::generation).filter(Objects::nonNull)
                    .mapToLong(Long::longValue).max().orElse(0);
            StoredKey key = generate(Math.max(newest, keys.size()) + 1);
            try {
                mongo.insert(key, COLLECTION);
                refresh();
                return key.id();
            } catch (DuplicateKeyException rotatedElsewhereMeanwhile) {
                // Another instance's rotation took that generation: this one adds the next.
            }
        }
    }

    /** Re-reads the keys, so a rotation on another instance is seen. */
    public void refresh() {
        cached = load();
        loadedAt = clock.instant();
    }

    private List<StoredKey> keys() {
        if (loadedAt.plus(CACHE_TIME).isBefore(clock.instant())) {
            refresh();
        }
        return cached;
    }

    private List<StoredKey> load() {
        return mongo.find(new Query().with(Sort.by("createdAt", "_id")), StoredKey.class, COLLECTION);
    }

    private StoredKey generate(long generation) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            return new StoredKey(UUID.randomUUID().toString(), clock.instant(),
                    base64.encodeToString(pair.getPublic().getEncoded()), base64.encodeToString(pair.getPrivate().getEncoded()),
                    generation);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    private static RSAKey toJwk(StoredKey key, boolean withPrivate) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            Base64.Decoder base64 = Base64.getDecoder();
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(base64.decode(key.publicKey())));
            RSAKey.Builder jwk = new RSAKey.Builder(publicKey).keyID(key.id()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256);
            if (withPrivate) {
                jwk.privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(key.privateKey()))));
            }
            return jwk.build();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("stored signing key " + key.id() + " is unreadable", e);
        }
    }
}
