package io.expoleads.exhibitor.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.Leases;
import io.expoleads.platform.work.RunsInBackground;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Limits failed sign-ins per account and per client address, so passwords cannot be guessed at
 * speed, across every instance of the service: the counts live in MongoDB
 * ({@code login_failures}), one document per key and window, changed only by atomic
 * find-and-modify increments. A try reserves a failure in both counts before the password is
 * checked, so simultaneous tries (on one instance or several) never get past the limit together;
 * a successful sign-in gives its reservation back.
 * <p>
 * The limit holds over a sliding window, estimated from the current fixed window's count and the
 * previous one's, weighted by how much of it still overlaps the sliding window; so a burst at a
 * window's boundary does not get twice the attempts. Bucket4j, used before, has no MongoDB backend
 * on Maven Central.
 */
@Component
class LoginThrottle implements RunsInBackground {

    static final String COLLECTION = "login_failures";
    private static final int ADDRESS_FACTOR = 10;

    private final MongoTemplate mongo;
    private final int attempts;
    private final Duration window;
    private final Clock clock;
    private final BackgroundWork sweeper;

    LoginThrottle(MongoTemplate mongo, IdentityProperties properties, Leases leases, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.attempts = properties.loginAttempts();
        this.window = properties.loginWindow();
        // MongoDB removes lapsed counts by its TTL index; mongo-java-server ignores TTL indexes, so one
        // instance a window also removes them.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO));
        this.sweeper = new BackgroundWork("login-throttle-sweep", window,
                () -> leases.runOncePerPeriod("login-throttle-sweep", window, this::removeLapsed));
    }

    /** A try that passed the limits: its failure is counted unless {@link #succeeded} gives it back. */
    record Attempt(List<String> counts) {
    }

    /** The outcome of asking for a try: an {@link Attempt}, or how long to wait before trying again. */
    record Decision(Attempt attempt, Duration retryAfter) {

        boolean allowed() {
            return attempt != null;
        }
    }

    /** Reserves a failed try of {@code account} from {@code clientAddress}, if both limits allow one now. */
    Decision tryAttempt(String account, String clientAddress) {
        Instant now = clock.instant();
        long index = now.toEpochMilli() / window.toMillis();
        String accountKey = key("account", account);
        Reservation byAccount = reserve(accountKey, attempts, index, now);
        if (!byAccount.allowed()) {
            return new Decision(null, byAccount.retryAfter());
        }
        // A booth's Wi-Fi puts many staff behind one address: it gets ten accounts' worth of failures.
        Reservation byAddress = reserve(key("address", clientAddress), attempts * ADDRESS_FACTOR, index, now);
        if (!byAddress.allowed()) {
            giveBack(byAccount.count());
            return new Decision(null, byAddress.retryAfter());
        }
        return new Decision(new Attempt(List.of(byAccount.count(), byAddress.count())), Duration.ZERO);
    }

    /** The try signed in: it was no failure. */
    void succeeded(Attempt attempt) {
        attempt.counts().forEach(this::giveBack);
    }

    private record Reservation(String count, Duration retryAfter) {

        boolean allowed() {
            return retryAfter.isZero();
        }
    }

    private Reservation reserve(String key, int limit, long index, Instant now) {
        String current = key + ":" + index;
        Instant windowStart = Instant.ofEpochMilli(index * window.toMillis());
        Document counted = mongo.findAndModify(Query.query(Criteria.where("_id").is(current)),
                new Update().inc("failures", 1).setOnInsert("expiresAt", windowStart.plus(window.multipliedBy(2))),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
        int failures = counted.getInteger("failures", 0);
        Document previous = mongo.findById(key + ":" + (index - 1), Document.class, COLLECTION);
        int before = previous == null ? 0 : previous.getInteger("failures", 0);
        double elapsed = (double) Duration.between(windowStart, now).toMillis() / window.toMillis();
        // The previous window's failures still inside the sliding window, assumed evenly spread.
        double estimate = before * (1 - elapsed) + failures;
        if (estimate <= limit) {
            return new Reservation(current, Duration.ZERO);
        }
        giveBack(current);
        Duration untilNextWindow = Duration.between(now, windowStart.plus(window));
        if (failures > limit || before == 0) {
            return new Reservation(null, untilNextWindow);
        }
        // When enough of the previous window has slid out for one more try.
        double freeAt = 1 - (limit - failures) / (double) before;
        Duration wait = Duration.ofMillis((long) Math.ceil((freeAt - elapsed) * window.toMillis()));
        return new Reservation(null, wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    private void giveBack(String count) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(count)), new Update().inc("failures", -1), COLLECTION);
    }

    /** Removes the counts no window looks at any more; answers how many. */
    long removeLapsed() {
        return mongo.remove(Query.query(Criteria.where("expiresAt").lt(Date.from(clock.instant()))), COLLECTION).getDeletedCount();
    }

    /** Accounts and addresses are kept as digests: the counts need no personal data. */
    private static String key(String kind, String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
            return kind + ":" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public BackgroundWork backgroundWork() {
        return sweeper;
    }
}
