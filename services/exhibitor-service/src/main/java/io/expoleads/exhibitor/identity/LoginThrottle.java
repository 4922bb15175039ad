package io.expoleads.exhibitor.identity;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.stereotype.Component;

/**
 * Limits failed sign-ins per account and per client address, so passwords cannot be guessed at
 * speed. Each failure takes a token from both buckets; an empty bucket refuses until it refills.
 */
@Component
class LoginThrottle {

    private static final int ADDRESS_FACTOR = 10;

    private final Cache<String, Bucket> buckets;
    private final int attempts;
    private final Duration window;

    LoginThrottle(IdentityProperties properties) {
        this.attempts = properties.loginAttempts();
        this.window = properties.loginWindow();
        this.buckets = Caffeine.newBuilder().expireAfterAccess(window.multipliedBy(2)).maximumSize(100_000).build();
    }

    /** @return how long to wait before trying again, or {@link Duration#ZERO} if a try is allowed now */
    Duration waitBeforeTrying(String account, String clientAddress) {
        long nanos = Math.max(accountBucket(account).estimateAbilityToConsume(1).getNanosToWaitForRefill(),
                addressBucket(clientAddress).estimateAbilityToConsume(1).getNanosToWaitForRefill());
        return Duration.ofNanos(nanos);
    }

    void failed(String account, String clientAddress) {
        accountBucket(account).tryConsume(1);
        addressBucket(clientAddress).tryConsume(1);
    }

    private Bucket accountBucket(String account) {
        return bucket("account:" + account, attempts);
    }

    /** A booth's Wi-Fi puts many staff behind one address: it gets ten accounts' worth of failures. */
    private Bucket addressBucket(String address) {
        return bucket("address:" + address, attempts * ADDRESS_FACTOR);
    }

    private Bucket bucket(String key, int capacity) {
        return buckets.get(key, ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
                .build());
    }
}
