package io.expoleads.lead.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import io.expoleads.platform.web.ApiException;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Counts each account's directory searches in fixed windows, one counter document per account and
 * window in {@code directory_search_throttle} (an atomic upsert, so the limit holds across
 * instances, as the visitor page's link throttle does); counters go once their window is long past.
 */
@Component
class DirectorySearchThrottle {

    static final String COLLECTION = "directory_search_throttle";

    private final MongoTemplate mongo;
    private final DirectorySearchProperties limits;
    private final Clock clock;

    DirectorySearchThrottle(MongoTemplate mongo, DirectorySearchProperties limits, Clock clock) {
        this.mongo = mongo;
        this.limits = limits;
        this.clock = clock;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("purgeAt", Sort.Direction.ASC).expire(Duration.ZERO).named("purge"));
    }

    /** Counts one search of the account; 429 with reason {@code TOO_MANY_SEARCHES} past the limit. */
    void count(String account) {
        Instant now = clock.instant();
        long windowSeconds = limits.window().toSeconds();
        long windowIndex = now.getEpochSecond() / windowSeconds;
        Instant windowEnd = Instant.ofEpochSecond((windowIndex + 1) * windowSeconds);
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is(sha256(account) + ":" + windowIndex)),
                new Update().inc("count", 1).setOnInsert("purgeAt", windowEnd.plus(limits.window())),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
        if (counter != null && counter.get("count", Number.class).intValue() > limits.perAccount()) {
            long seconds = Math.max(1, Duration.between(now, windowEnd).toSeconds());
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many searches",
                    "This account searched the directory " + limits.perAccount() + " times within " + limits.window().toMinutes()
                            + " minutes; try again in " + seconds + " s")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).withProperty("reason", "TOO_MANY_SEARCHES");
        }
    }

    /** Account ids (an admin's is their email) are kept as hashes only. */
    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
