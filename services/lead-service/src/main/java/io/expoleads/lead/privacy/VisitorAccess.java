package io.expoleads.lead.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.RunsInBackground;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;

/**
 * How a visitor signs in to their own page: a one-time link sent to the address they registered
 * with, traded once for a short session. Links and sessions are kept only as the SHA-256 of their
 * 32 random bytes (a copy of the database cannot use them), and hold attendee ids, never the
 * address. Link requests are counted in MongoDB, per address and per client, so the limit holds
 * across instances; the counters hold hashes, not the address itself. A request is stored
 * ({@value #REQUESTS}: the address and language, no code) before the answer and taken by a background
 * pass of any instance, which looks the address up, makes the code, stores its hash and emails it,
 * then deletes the request: a crash before the email is sent leaves the request for the next pass
 * (the claim of the instance that died runs out), so an answered request is not lost. The code itself
 * exists only in the email: a pass that cannot send makes a new code when it tries again.
 */
@Service
public class VisitorAccess implements RunsInBackground {

    static final String LINKS = "visitor_links";
    static final String SESSIONS = "visitor_sessions";
    static final String THROTTLE = "visitor_link_throttle";
    static final String REQUESTS = "visitor_link_requests";
    private static final String ATTENDEES = "attendees";
    private static final int SECRET_BYTES = 32;
    /** A used or expired link is kept this long after it expires, so its reuse is told apart from an unknown link. */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);
    /** How long a pass holds a request it took; another pass (of any instance) takes it up after that. */
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(VisitorAccess.class);

    private final MongoTemplate mongo;
    private final VisitorLinkEmails emails;
    private final Clock clock;
    private final Duration linkLifetime;
    private final Duration sessionLifetime;
    private final int perAddress;
    private final int perClient;
    private final Duration window;
    private final SecureRandom random = new SecureRandom();
    private final Duration mailRetry;
    private final BackgroundWork issuing;

    @Autowired
    VisitorAccess(MongoTemplate mongo, VisitorLinkEmails emails, ObjectProvider<Clock> clock, VisitorPrivacyProperties settings,
                  ExpoMailProperties mail) {
        this(mongo, emails, clock, settings.visitorLink().lifetime(), settings.visitorSession().lifetime(),
                settings.visitorLink().perAddress(), settings.visitorLink().perClient(), settings.visitorLink().window(),
                mail.retryInterval());
    }

    VisitorAccess(MongoTemplate mongo, VisitorLinkEmails emails, ObjectProvider<Clock> clock, Duration linkLifetime,
                  Duration sessionLifetime, int perAddress, int perClient, Duration window, Duration mailRetry) {
        this.mongo = mongo;
        this.emails = emails;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.linkLifetime = linkLifetime;
        this.sessionLifetime = sessionLifetime;
        this.perAddress = perAddress;
        this.perClient = perClient;
        this.window = window;
        this.mailRetry = mailRetry;
        this.issuing = new BackgroundWork("visitor-link-issue", Duration.ofSeconds(5), this::issueRequested);
        for (String collection : List.of(LINKS, SESSIONS, THROTTLE, REQUESTS)) {
            mongo.indexOps(collection).createIndex(new Index().on("purgeAt", Sort.Direction.ASC).expire(Duration.ZERO)
                    .named("purge"));
        }
        mongo.indexOps(ATTENDEES).createIndex(new Index().on("email", Sort.Direction.ASC).named("email"));
    }

    /** A visitor's session: the registrations it may read and act on, until when. */
    public record Session(String id, List<String> attendeeIds, Instant expiresAt) {
    }

    /**
     * Counts the request against the limits (429 past them), then stores it for the background,
     * which looks the address up after the answer, so neither the answer nor its time can tell
     * whether the address is registered. The stored request goes when its email is sent, when the
     * address turns out unknown, or, unsent, when the link it asked for would have expired.
     */
    void requestLink(String email, String language, String clientAddress) {
        String address = email.strip();
        Instant now = clock.instant();
        throttle("address", address.toLowerCase(Locale.ROOT), perAddress, now);
        throttle("client", clientAddress == null ? "unknown" : clientAddress, perClient, now);
        mongo.insert(new Document("_id", UUID.randomUUID().toString()).append("address", address).append("language", language)
                .append("requestedAt", now).append("claimedUntil", now).append("purgeAt", now.plus(linkLifetime)), REQUESTS);
        issuing.wake();
    }

    /** Takes the stored requests one at a time (each claimed, so no two passes send it) until none is due or mail fails. */
    void issueRequested() {
        while (true) {
            Instant now = clock.instant();
            Document request = mongo.findAndModify(Query.query(Criteria.where("claimedUntil").lte(now).and("purgeAt").gt(now))
                            .with(Sort.by("requestedAt")), new Update().set("claimedUntil", now.plus(CLAIM)),
                    FindAndModifyOptions.options().returnNew(true), Document.class, REQUESTS);
            if (request == null) {
                return;
            }
            if (!issue(request.getString("address"), request.getString("language"))) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(request.getString("_id"))),
                        new Update().set("claimedUntil", now.plus(mailRetry)), REQUESTS);
                return;
            }
            mongo.remove(Query.query(Criteria.where("_id").is(request.getString("_id"))), REQUESTS);
        }
    }

    /**
     * Emails a sign-in link to the address when registrations (not erased) hold it.
     *
     * @return false when the mail server did not take the email (the link made for it is dropped)
     */
    private boolean issue(String address, String language) {
        Instant now = clock.instant();
        Query registered = Query.query(Criteria.where("email").in(address, address.toLowerCase(Locale.ROOT))
                .and("erased").ne(true));
        registered.fields().include("_id");
        List<String> attendeeIds = mongo.find(registered, Document.class, ATTENDEES).stream()
                .map(found -> found.getString("_id")).toList();
        if (attendeeIds.isEmpty()) {
            return true;
        }
        String code = secret();
        String hash = sha256(code);
        Instant expiresAt = now.plus(linkLifetime);
        mongo.insert(new Document("_id", hash).append("attendeeIds", attendeeIds).append("createdAt", now)
                .append("expiresAt", expiresAt).append("usedAt", null).append("purgeAt", expiresAt.plus(KEPT_AFTER_EXPIRY)), LINKS);
        try {
            emails.send(address, language, code, expiresAt);
            return true;
        } catch (MailException e) {
            mongo.remove(Query.query(Criteria.where("_id").is(hash)), LINKS);
            log.warn("The mail server did not take a visitor's sign-in link; the request is tried again in {}: {}", mailRetry,
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** Trades a link's code, once and in time, for a session over the registrations it covered that are not erased. */
    Session redeem(String code) {
        Instant now = clock.instant();
        String hash = sha256(code);
        Document link = mongo.findAndModify(Query.query(Criteria.where("_id").is(hash).and("usedAt").is(null)
                        .and("expiresAt").gt(now)), new Update().set("usedAt", now), FindAndModifyOptions.options().returnNew(false),
                Document.class, LINKS);
        if (link == null) {
            Document known = mongo.findById(hash, Document.class, LINKS);
            if (known == null) {
                throw new ApiException(HttpStatus.NOT_FOUND, "Unknown link", "This sign-in link is not known; ask for a new one")
                        .withProperty("reason", "LINK_UNKNOWN");
            }
            if (known.get("usedAt") != null) {
                throw new ApiException(HttpStatus.GONE, "Link used", "This sign-in link was used already; ask for a new one")
                        .withProperty("reason", "LINK_USED");
            }
            throw new ApiException(HttpStatus.GONE, "Link expired", "This sign-in link has expired; ask for a new one")
                    .withProperty("reason", "LINK_EXPIRED");
        }
        List<String> living = living(link.getList("attendeeIds", String.class, List.of()));
        if (living.isEmpty()) {
            throw new ApiException(HttpStatus.GONE, "Visitor erased", "Nothing is kept of this visitor any more")
                    .withProperty("reason", "ATTENDEE_ERASED");
        }
        String token = secret();
        Instant expiresAt = now.plus(sessionLifetime);
        mongo.insert(new Document("_id", sha256(token)).append("attendeeIds", living).append("createdAt", now)
                .append("expiresAt", expiresAt).append("purgeAt", expiresAt), SESSIONS);
        return new Session(token, living, expiresAt);
    }

    /** The session this token opens: 401 with a reason when there is none, or no more. */
    Session session(String token) {
        if (token == null || token.isBlank()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Visitor session needed", "Sign in with the link sent by email")
                    .withProperty("reason", "SESSION_MISSING");
        }
        Document found = mongo.findById(sha256(token.strip()), Document.class, SESSIONS);
        if (found == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Session ended", "This session ended; ask for a new link")
                    .withProperty("reason", "SESSION_ENDED");
        }
        Instant expiresAt = found.getDate("expiresAt").toInstant();
        if (!expiresAt.isAfter(clock.instant())) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Session expired", "This session expired; ask for a new link")
                    .withProperty("reason", "SESSION_EXPIRED");
        }
        return new Session(found.getString("_id"), found.getList("attendeeIds", String.class, List.of()), expiresAt);
    }

    /** Ends the session at once. */
    void end(Session session) {
        mongo.remove(Query.query(Criteria.where("_id").is(session.id())), SESSIONS);
    }

    /** Ends every session over this visitor: after their erasure nothing is left to show. */
    void endSessionsOf(String attendeeId) {
        mongo.remove(Query.query(Criteria.where("attendeeIds").is(attendeeId)), SESSIONS);
    }

    private List<String> living(List<String> attendeeIds) {
        Query query = Query.query(Criteria.where("_id").in(attendeeIds).and("erased").ne(true));
        query.fields().include("_id");
        Set<String> found = new LinkedHashSet<>();
        mongo.find(query, Document.class, ATTENDEES).forEach(attendee -> found.add(attendee.getString("_id")));
        return attendeeIds.stream().filter(found::contains).toList();
    }

    /** Counts one request in the current window of this key (one atomic upsert); 429 past the limit. */
    private void throttle(String kind, String value, int limit, Instant now) {
        long windowIndex = now.getEpochSecond() / window.toSeconds();
        Instant windowEnd = Instant.ofEpochSecond((windowIndex + 1) * window.toSeconds());
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is(kind + ":" + sha256(value) + ":" + windowIndex)),
                new Update().inc("count", 1).setOnInsert("purgeAt", windowEnd.plus(window)),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, THROTTLE);
        if (counter != null && counter.get("count", Number.class).intValue() > limit) {
            long seconds = Math.max(1, Duration.between(now, windowEnd).toSeconds());
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many links asked",
                    "Too many sign-in links were asked for; try again in " + seconds + " s")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).withProperty("reason", "TOO_MANY_LINKS");
        }
    }

    private String secret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    @Override
    public BackgroundWork backgroundWork() {
        return issuing;
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
