package io.expoleads.exhibitor.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.Leases;
import io.expoleads.platform.work.RunsInBackground;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Refresh tokens: opaque, single use, rotated at every refresh. A sign-in starts a family; each
 * refresh consumes its token (atomically: only one refresh can take it) and hands out the next of
 * the same family. A token presented again once consumed means two holders, one of them a thief:
 * the whole family ends. A token lapses when unused for {@code refresh-idle}, and a family when
 * {@code refresh-max} has passed since its sign-in, however often it was refreshed. Only the
 * SHA-256 of each token is stored. Every refresh stores a token, so lapsed ones are removed in the
 * background ({@code expo.auth.refresh-sweep}, hourly): a lapsed token can do nothing but be refused.
 */
@Component
public class RefreshTokens implements RunsInBackground {

    static final String COLLECTION = "refresh_tokens";
    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);
    private static final int TOKEN_BYTES = 32;

    private final MongoTemplate mongo;
    private final IdentityProperties properties;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    private final BackgroundWork sweeper;

    RefreshTokens(MongoTemplate mongo, IdentityProperties properties, Leases leases, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.properties = properties;
        // One instance's sweep removes every instance's lapsed tokens: the others skip the period.
        Duration sweepInterval = properties.refreshSweep();
        this.sweeper = new BackgroundWork("refresh-token-sweep", sweepInterval,
                () -> leases.runOncePerPeriod("refresh-token-sweep", sweepInterval, this::removeLapsed));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("family", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("account", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("expiresAt", Sort.Direction.ASC));
    }

    /** Removes the tokens past their expiry (used, revoked or never used alike); answers how many. */
    public long removeLapsed() {
        long removed = mongo.remove(Query.query(Criteria.where("expiresAt").lt(clock.instant())), COLLECTION).getDeletedCount();
        if (removed > 0) {
            log.debug("Removed {} lapsed refresh tokens", removed);
        }
        return removed;
    }

    @Override
    public BackgroundWork backgroundWork() {
        return sweeper;
    }

    /**
     * One refresh token as stored, under the SHA-256 of its value.
     *
     * @param expiresAt       when it lapses unused: {@code refresh-idle} after it was issued, never after its family's end
     * @param familyExpiresAt when its family ends: {@code refresh-max} after the sign-in that started it
     * @param usedAt          when a refresh consumed it; {@code replacedBy} names (by hash) the token it was traded for
     * @param revokedAt       when its family was ended (sign-out, reuse, the account closed)
     */
    record RefreshToken(String id, String account, String family, Instant issuedAt, Instant expiresAt, Instant familyExpiresAt,
                        Instant usedAt, String replacedBy, Instant revokedAt) {
    }

    /** A token handed out: its value (shown once, never stored) and when it lapses unused. */
    record Issued(String token, Instant expiresAt) {
    }

    /** What a refresh gives: the account, as it is now, and the next token of the family. */
    record Rotation(Account account, Issued next) {
    }

    /** A new family, for a sign-in. */
    Issued start(String account) {
        Instant now = clock.instant();
        String token = newToken();
        return store(token, account, UUID.randomUUID().toString(), now, now.plus(properties.refreshMax()));
    }

    /**
     * Trades a refresh token for the next one of its family. Refused (401, nothing changed) when the
     * token is unknown, lapsed, or its family ended, or when {@code allowed} no longer finds its
     * account; a token consumed already ends its family, then is refused.
     *
     * @param allowed the account of that id, if it may still be given tokens
     */
    Rotation rotate(String presented, Function<String, Optional<Account>> allowed) {
        Instant now = clock.instant();
        String hash = Secrets.sha256(presented);
        RefreshToken found = mongo.findById(hash, RefreshToken.class, COLLECTION);
        if (found == null) {
            throw refused("REFRESH_UNKNOWN", "This refresh token is not known; sign in again");
        }
        if (found.revokedAt() != null) {
            throw refused("SESSION_ENDED", "This session was ended; sign in again");
        }
        if (found.usedAt() != null) {
            throw reused(found, now);
        }
        if (!now.isBefore(found.expiresAt())) {
            throw refused("REFRESH_EXPIRED", "This session has expired; sign in again");
        }
        Account account = allowed.apply(found.account())
                .orElseThrow(() -> refused("ACCOUNT_CLOSED", "This account can no longer sign in"));
        String next = newToken();
        RefreshToken consumed = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(hash).and("usedAt").is(null).and("revokedAt").is(null)),
                new Update().set("usedAt", now).set("replacedBy", Secrets.sha256(next)),
                FindAndModifyOptions.options().returnNew(false), RefreshToken.class, COLLECTION);
        if (consumed == null) {
            // Another refresh took it between the read and now (or the family just ended).
            throw reused(found, now);
        }
        return new Rotation(account, store(next, found.account(), found.family(), now, found.familyExpiresAt()));
    }

    /** Ends the family of that token (a sign-out); an unknown token ends nothing. */
    void endFamilyOf(String presented) {
        RefreshToken found = mongo.findById(Secrets.sha256(presented), RefreshToken.class, COLLECTION);
        if (found != null) {
            endFamily(found.family(), clock.instant());
        }
    }

    /** Ends every family of the account: it was closed (a staff member or device revoked). */
    static void endAllOf(MongoTemplate mongo, String account, Instant at) {
        mongo.updateMulti(Query.query(Criteria.where("account").is(account).and("revokedAt").is(null)),
                Update.update("revokedAt", at), COLLECTION);
    }

    private ApiException reused(RefreshToken token, Instant now) {
        endFamily(token.family(), now);
        log.warn("Refresh token of account {} presented again after use: its session (family {}) is ended",
                token.account(), token.family());
        return refused("REFRESH_REUSED", "This refresh token was used already; the session is ended for safety; sign in again");
    }

    private void endFamily(String family, Instant at) {
        mongo.updateMulti(Query.query(Criteria.where("family").is(family).and("revokedAt").is(null)),
                Update.update("revokedAt", at), COLLECTION);
    }

    private Issued store(String token, String account, String family, Instant now, Instant familyExpiresAt) {
        Instant idle = now.plus(properties.refreshIdle());
        Instant expiresAt = idle.isBefore(familyExpiresAt) ? idle : familyExpiresAt;
        mongo.insert(new RefreshToken(Secrets.sha256(token), account, family, now, expiresAt, familyExpiresAt, null, null, null),
                COLLECTION);
        return new Issued(token, expiresAt);
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ApiException refused(String reason, String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Refresh refused", detail).withProperty("reason", reason);
    }
}
