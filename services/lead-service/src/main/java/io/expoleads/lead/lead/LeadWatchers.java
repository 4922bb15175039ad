package io.expoleads.lead.lead;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.LeadView;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.work.BackgroundWork;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open live streams of lead changes, by exhibitor. Each lead event this service publishes on
 * {@code expo.leads.v1} comes back to every instance ({@link LeadChangeFeed}) and goes to the
 * streams of that event's exhibitor only, whichever instance captured the lead. A heartbeat keeps
 * idle streams open through proxies and, at each beat, ends a stream whose token expired or whose
 * staff member or device was taken off the team since it opened.
 */
@Component
class LeadWatchers implements SmartLifecycle {

    /** Streams one account may hold open at once; opening one more ends its oldest. */
    static final int MAX_PER_ACCOUNT = 5;
    private static final Logger log = LoggerFactory.getLogger(LeadWatchers.class);

    private final Map<String, Set<LeadWatch>> byExhibitor = new ConcurrentHashMap<>();
    private final BoothExhibitors exhibitors;
    private final JsonMapper json;
    private final PersonalSeal seal;
    private final JavaType leadEvent;
    private final Duration heartbeat;
    private final Clock clock;
    private final ExecutorService sender;
    private final BackgroundWork beats;
    private volatile boolean listening;

    LeadWatchers(BoothExhibitors exhibitors, JsonMapper json, PersonalSeal seal,
                 LeadStreamProperties stream, Clock clock) {
        this.clock = clock;
        this.seal = seal;
        this.exhibitors = exhibitors;
        // A newer producer's extra fields are ignored, as every consumer of the contract does.
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.leadEvent = this.json.getTypeFactory().constructParametricType(EventEnvelope.class, LeadView.class);
        this.heartbeat = stream.heartbeat();
        AtomicInteger threads = new AtomicInteger();
        this.sender = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lead-stream-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.beats = new BackgroundWork("lead-stream-heartbeat", this.heartbeat, this::beat);
    }

    @Override
    public void start() {
        beats.start();
    }

    /**
     * Ends every stream, saying so, before the web server's graceful shutdown: that waits for the
     * requests under way, and a stream would otherwise hold it for its whole timeout.
     */
    @Override
    public void stop() {
        beats.stop();
        byExhibitor.values().forEach(watches -> watches.forEach(watch -> watch.end(end("SHUTDOWN"))));
        byExhibitor.clear();
    }

    @Override
    public boolean isRunning() {
        return beats.isRunning();
    }

    /**
     * Opens a stream for a caller already checked to be of the exhibitor's team. It lasts until the
     * caller's token expires; the first event, {@code ready}, names the team, so the dashboard
     * shows who scanned what.
     */
    SseEmitter open(String exhibitorId, Tenant caller, Instant tokenExpiresAt) {
        Instant now = clock.instant();
        // The request ends a little after the token: the heartbeat ends the stream with its reason first.
        long timeout = Math.max(1, Duration.between(now, tokenExpiresAt).plus(heartbeat).plusSeconds(5).toMillis());
        SseEmitter emitter = new SseEmitter(timeout);
        LeadWatch[] self = new LeadWatch[1];
        LeadWatch watch = new LeadWatch(exhibitorId, caller, now, tokenExpiresAt, emitter, sender, () -> forget(self[0]));
        self[0] = watch;
        emitter.onCompletion(watch::ended);
        emitter.onTimeout(watch::ended);
        emitter.onError(failure -> watch.ended());
        // Adding a stream, and forgetting an exhibitor's last one, are each one step on the map:
        // a new stream never lands in a set that was just dropped.
        List<LeadWatch> beyondLimit = new ArrayList<>();
        byExhibitor.compute(exhibitorId, (id, watches) -> {
            Set<LeadWatch> open = watches != null ? watches : ConcurrentHashMap.newKeySet();
            beyondLimit.addAll(oldestBeyondLimit(open, caller.account()));
            open.removeAll(beyondLimit);
            open.add(watch);
            return open;
        });
        // Ended outside the map's step: ending a stream forgets it, which is a step on the map too.
        beyondLimit.forEach(oldest -> oldest.end(end("TOO_MANY_STREAMS")));
        Map<String, String> names = exhibitors.find(exhibitorId).map(BoothExhibitor::teamNames).orElse(Map.of());
        watch.send(new LeadWatch.Outgoing("ready", null, json.writeValueAsString(
                new Ready(exhibitorId, names, heartbeat.toSeconds()))));
        return emitter;
    }

    /** The first event of a stream. */
    record Ready(String exhibitorId, Map<String, String> names, long heartbeatSeconds) {
    }

    /** Why a stream ended, its last event. */
    record End(String reason) {
    }

    /** The account's oldest streams that make room for one more within the limit. */
    private static List<LeadWatch> oldestBeyondLimit(Set<LeadWatch> watches, String account) {
        List<LeadWatch> own = new ArrayList<>(watches.stream().filter(watch -> watch.caller().account().equals(account)).toList());
        if (own.size() < MAX_PER_ACCOUNT) {
            return List.of();
        }
        own.sort(Comparator.comparing(LeadWatch::openedAt));
        return List.copyOf(own.subList(0, own.size() - MAX_PER_ACCOUNT + 1));
    }

    private void forget(LeadWatch watch) {
        byExhibitor.computeIfPresent(watch.exhibitorId(), (id, watches) -> {
            watches.remove(watch);
            return watches.isEmpty() ? null : watches;
        });
    }

    /**
     * One record of {@code expo.leads.v1}, as published: its key is the exhibitor. Read only when
     * that exhibitor has a stream open, and sent to those streams only.
     */
    void onLeadEvent(String exhibitorId, String value) {
        Set<LeadWatch> watches = exhibitorId == null ? null : byExhibitor.get(exhibitorId);
        if (watches == null || watches.isEmpty() || value == null) {
            return;
        }
        EventEnvelope<LeadView> event;
        try {
            event = json.readValue(value, leadEvent);
        } catch (RuntimeException unreadable) {
            log.warn("A lead event of exhibitor {} could not be read for its live streams: {}", exhibitorId, unreadable.toString());
            return;
        }
        LeadView lead;
        try {
            // Opened at once: an event whose visitor's key is gone (erased since) shows nothing.
            lead = event.payload() == null ? null : seal.open(event.payload()).orElse(null);
        } catch (RuntimeException refused) {
            log.warn("A lead event of exhibitor {} could not be opened for its live streams: {}", exhibitorId, refused.getMessage());
            return;
        }
        if (lead == null || !exhibitorId.equals(lead.exhibitorId())) {
            return;
        }
        BoothExhibitor exhibitor = exhibitors.find(exhibitorId).orElse(null);
        String data = json.writeValueAsString(LeadChange.of(event.type(), lead, exhibitor));
        LeadWatch.Outgoing outgoing = new LeadWatch.Outgoing("lead", lead.leadId() + ":" + lead.revision(), data);
        for (LeadWatch watch : watches) {
            if (watch.exhibitorId().equals(lead.exhibitorId())) {
                watch.send(outgoing);
            }
        }
    }

    /** Whether lead events reach the streams: the feed has its partitions and knows where it reads from. */
    boolean listening() {
        return listening;
    }

    void listening(boolean now) {
        listening = now;
    }

    /** Streams open now, of every exhibitor. */
    int open() {
        return byExhibitor.values().stream().mapToInt(Set::size).sum();
    }

    private void beat() {
        Instant now = clock.instant();
        byExhibitor.forEach((exhibitorId, watches) -> {
            BoothExhibitor exhibitor = exhibitors.find(exhibitorId).orElse(null);
            for (LeadWatch watch : watches) {
                String refusal = refusal(watch, exhibitor, now);
                if (refusal != null) {
                    watches.remove(watch);
                    watch.end(end(refusal));
                } else {
                    watch.send(LeadWatch.Outgoing.comment("heartbeat"));
                }
            }
        });
    }

    /** Why a stream may not go on: its token expired, or its caller is no longer on the team; null when it may. */
    private static String refusal(LeadWatch watch, BoothExhibitor exhibitor, Instant now) {
        if (!now.isBefore(watch.tokenExpiresAt())) {
            return "TOKEN_EXPIRED";
        }
        if (exhibitor != null) {
            try {
                exhibitor.requireOnTeam(watch.caller());
            } catch (ApiException offTheTeam) {
                return String.valueOf(offTheTeam.properties().getOrDefault("reason", "REVOKED"));
            }
        }
        return null;
    }

    private LeadWatch.Outgoing end(String reason) {
        return new LeadWatch.Outgoing("end", null, json.writeValueAsString(new End(reason)));
    }

    @PreDestroy
    void release() {
        sender.shutdown();
    }
}
