package io.expoleads.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * What verifying each access token once saves, on one thread: each round, new tokens (one per
 * scanner) each sent with several requests in random order, decoded by the services' decoder
 * (NimbusJwtDecoder, RS256 with a 2048-bit key, AccessTokens' validator) alone and through
 * {@link VerifiedAccessTokens} with its defaults. Prints requests per second; asserts nothing.
 * Run after {@code -DskipTests package} of platform with its test class path
 * ({@code dependency:build-classpath -Dmdep.includeScope=test}):
 * {@code java -cp "target/test-classes:target/classes:<class path>" io.expoleads.platform.security.AccessTokenBenchmark [tokens] [requests each] [rounds]}
 */
public final class AccessTokenBenchmark {

    private static final String ISSUER = "urn:expo-leads:exhibitor-service";
    private static final String AUDIENCE = "expo-leads";

    private AccessTokenBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int scanners = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        OAuth2TokenValidator<Jwt> validator = AccessTokens.validator(ISSUER, AUDIENCE);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
        decoder.setJwtValidator(validator);
        AccessTokenCacheProperties defaults = new AccessTokenCacheProperties(5000, Duration.ofMinutes(15));
        for (int round = 1; round <= rounds; round++) {
            List<String> sent = requests(key, scanners, requests, round);
            double every = measure(decoder, sent);
            double once = measure(new VerifiedAccessTokens(decoder, validator, defaults, Clock.systemUTC()), sent);
            System.out.printf("round %d: %,d requests (%,d tokens x %d): every signature checked %,.0f requests/s;"
                    + " each token's once %,.0f requests/s%n", round, sent.size(), scanners, requests, every, once);
        }
    }

    private static List<String> requests(RSAKey key, int scanners, int requests, int round) throws Exception {
        List<String> sent = new ArrayList<>(scanners * requests);
        Instant now = Instant.now();
        for (int scanner = 0; scanner < scanners; scanner++) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                    .subject("staff-" + round + "-" + scanner + "@exhibitor").claim(AccessTokens.ROLES, List.of("STAFF"))
                    .claim(AccessTokens.EXHIBITOR, "exhibitor-" + scanner).claim(AccessTokens.STAFF, "staff-" + scanner)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                    .jwtID(UUID.randomUUID().toString()).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            String token = jwt.serialize();
            for (int request = 0; request < requests; request++) {
                sent.add(token);
            }
        }
        Collections.shuffle(sent, new Random(round));
        return sent;
    }

    private static double measure(JwtDecoder decoder, List<String> sent) {
        long start = System.nanoTime();
        for (String token : sent) {
            decoder.decode(token);
        }
        return sent.size() / ((System.nanoTime() - start) / 1e9);
    }
}
