package io.expoleads.lead.badge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import io.expoleads.platform.security.Sha256Key;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;

/**
 * What the badge signature cache saves on a scan's badge check, on one thread: each round, new
 * visitors each scanned at several booths in random order, checked with no signature remembered
 * (a cache that keeps nothing: every scan makes the Ed25519 check, as before the cache) and with
 * the service's default cache. Prints scans per second; asserts nothing.
 * Run after {@code -DskipTests package} of lead-service with its test class path
 * ({@code dependency:build-classpath -Dmdep.includeScope=test}):
 * {@code java -cp "target/test-classes:target/classes:<class path>" io.expoleads.lead.badge.BadgeScanBenchmark [visitors] [booths] [rounds]}
 */
public final class BadgeScanBenchmark {

    private static final String EDITION = "edition-benchmark";

    private BadgeScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int visitors = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int booths = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        OctetKeyPair pair = new OctetKeyPairGenerator(Curve.Ed25519).keyID("benchKey0001").generate();
        VerificationKey key = VerificationKey.of(pair.getKeyID(), EDITION, 1, Instant.now(), pair.getX());
        SigningKey signing = SigningKey.of(pair.getKeyID(), EDITION, pair);
        BadgeSignatureCacheProperties defaults = new BadgeSignatureCacheProperties(50_000, Duration.ofHours(8));
        for (int round = 1; round <= rounds; round++) {
            List<String> scans = scans(signing, round, visitors, booths);
            Cache<Sha256Key, Base64URL> none = Caffeine.newBuilder().maximumSize(0).executor(Runnable::run).build();
            Cache<Sha256Key, Base64URL> remembered = Caffeine.newBuilder().maximumSize(defaults.maximumSize())
                    .expireAfterWrite(defaults.timeToLive()).build();
            double every = measure(new BadgeVerifier(id -> Optional.of(key), attendee -> 1L, none), scans);
            double once = measure(new BadgeVerifier(id -> Optional.of(key), attendee -> 1L, remembered), scans);
            System.out.printf("round %d: %,d scans (%,d visitors x %d booths): every signature checked %,.0f scans/s;"
                    + " each badge's once %,.0f scans/s%n", round, scans.size(), visitors, booths, every, once);
        }
    }

    /** Every visitor's badge once per booth, shuffled; new visitors each round, so nothing carries over. */
    private static List<String> scans(SigningKey signing, int round, int visitors, int booths) {
        List<String> scans = new ArrayList<>(visitors * booths);
        for (int visitor = 0; visitor < visitors; visitor++) {
            String payload = signing.sign(new BadgeClaims(EDITION, "attendee-" + round + "-" + visitor, 1));
            for (int booth = 0; booth < booths; booth++) {
                scans.add(payload);
            }
        }
        Collections.shuffle(scans, new Random(round));
        return scans;
    }

    private static double measure(BadgeVerifier verifier, List<String> scans) {
        long start = System.nanoTime();
        for (String scan : scans) {
            verifier.verify(scan, EDITION);
        }
        return scans.size() / ((System.nanoTime() - start) / 1e9);
    }
}
