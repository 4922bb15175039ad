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
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The RS256 keys that sign access tokens. The first start generates one and stores it; a rotation
 * adds a newer one that signs from then on, while the older keys stay published in the JWKS until
 * the last token they signed has expired.
 */
@Component
public class SigningKeys {

    static final String COLLECTION = "signing_keys";

    private final MongoTemplate mongo;
    private final Duration tokenLifetime;
    private final Clock clock = Clock.systemUTC();
    private static final Duration CACHE_TIME = Duration.ofSeconds(30);

    private volatile List<StoredKey> cached;
    private volatile Instant loadedAt;

    SigningKeys(MongoTemplate mongo, IdentityProperties properties) {
        this.mongo = mongo;
        this.tokenLifetime = properties.tokenLifetime();
        if (load().isEmpty()) {
            store(generate());
        }
        refresh();
    }

    /** A signing key as stored: the private part only ever leaves MongoDB to sign. */
    record StoredKey(String id, Instant createdAt, String publicKey, String privateKey) {
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
        StoredKey key = generate();
        store(key);
        refresh();
        return key.id();
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

    private void store(StoredKey key) {
        mongo.insert(key, COLLECTION);
    }

    private StoredKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            return new StoredKey(UUID.randomUUID().toString(), clock.instant(),
                    base64.encodeToString(pair.getPublic().getEncoded()), base64.encodeToString(pair.getPrivate().getEncoded()));
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
