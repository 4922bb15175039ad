package io.expoleads.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Access tokens for services that only check them (lead-service, notification-service): an RSA
 * key of the test JVM, its JWKS served over real HTTP as exhibitor-service serves its own, and
 * tokens signed with it exactly as exhibitor-service signs them.
 */
public final class TestTokens {

    public static final String ISSUER = "urn:expo-leads:exhibitor-service";
    public static final String AUDIENCE = "expo-leads";

    private static TestTokens instance;

    private final RSAKey key;
    private final HttpServer server;

    private TestTokens(RSAKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    public static synchronized TestTokens get() {
        if (instance == null) {
            try {
                RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
                byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/.well-known/jwks.json", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(jwks);
                    }
                });
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "test-tokens-stop"));
                instance = new TestTokens(key, server);
            } catch (JOSEException | IOException e) {
                throw new IllegalStateException("could not start the test token keys", e);
            }
        }
        return instance;
    }

    /** The public key set as exhibitor-service publishes its own, for a test that serves it itself (and takes it away). */
    public String jwkSet() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    public String organizer() {
        return sign(claims("organizer", List.of("ORGANIZER")).build());
    }

    public String admin(String exhibitorId) {
        return sign(claims("admin@" + exhibitorId, List.of("EXHIBITOR_ADMIN")).claim("exhibitorId", exhibitorId).build());
    }

    public String staff(String exhibitorId, String staffId) {
        return sign(claims(staffId + "@" + exhibitorId, List.of("STAFF")).claim("exhibitorId", exhibitorId)
                .claim("staffId", staffId).build());
    }

    /** A shared booth device's token: its subject is the device id. */
    public String device(String exhibitorId, String deviceId) {
        return sign(claims(deviceId, List.of("DEVICE")).claim("exhibitorId", exhibitorId).build());
    }

    /** Claims as exhibitor-service writes them, valid for five minutes; adjust before {@link #sign}. */
    public JWTClaimsSet.Builder claims(String subject, List<String> roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .claim("roles", roles).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
