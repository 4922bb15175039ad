package io.expoleads.lead.lead;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import io.expoleads.platform.security.Tenant;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream of an exhibitor's lead changes, as one dashboard reads it. Events wait in a
 * short queue of their own and are written by a sender thread, in order: a browser on a slow
 * network then holds up its own stream only, never the Kafka consumer that feeds every stream.
 * A browser that falls further behind than the queue holds is cut off; it connects again and
 * reads the leads afresh, which is cheaper than keeping a backlog for it.
 */
final class LeadWatch {

    /** Events a stream may have waiting before it is cut off as too slow. */
    static final int MAX_WAITING = 500;

    /** One server-sent event: its name, its id (may be null) and its data (JSON), or a comment when name is null. */
    record Outgoing(String name, String id, String data) {

        static Outgoing comment(String text) {
            return new Outgoing(null, null, text);
        }

        SseEmitter.SseEventBuilder build() {
            if (name == null) {
                return SseEmitter.event().comment(data);
            }
            SseEmitter.SseEventBuilder event = SseEmitter.event().name(name).data(data);
            return id == null ? event : event.id(id);
        }
    }

    private final String exhibitorId;
    private final Tenant caller;
    private final Instant openedAt;
    private final Instant tokenExpiresAt;
    private final SseEmitter emitter;
    private final Executor sender;
    private final Runnable forget;
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
    private boolean sending;
    private boolean closed;

    LeadWatch(String exhibitorId, Tenant caller, Instant openedAt, Instant tokenExpiresAt, SseEmitter emitter, Executor sender,
              Runnable forget) {
        this.exhibitorId = exhibitorId;
        this.caller = caller;
        this.openedAt = openedAt;
        this.tokenExpiresAt = tokenExpiresAt;
        this.emitter = emitter;
        this.sender = sender;
        this.forget = forget;
    }

    String exhibitorId() {
        return exhibitorId;
    }

    Tenant caller() {
        return caller;
    }

    Instant openedAt() {
        return openedAt;
    }

    Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    /** Queues an event for this stream; cuts the stream off when its browser does not keep up. */
    void send(Outgoing event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (waiting.size() >= MAX_WAITING) {
                closed = true;
                waiting.clear();
            } else {
                waiting.add(event);
            }
            if (sending) {
                return;
            }
            sending = true;
        }
        sender.execute(this::drain);
    }

    /** Sends a last event, then ends the stream. */
    void end(Outgoing last) {
        synchronized (this) {
            if (closed) {
                return;
            }
            waiting.add(last);
            closed = true;
            if (sending) {
                return;
            }
            sending = true;
        }
        sender.execute(this::drain);
    }

    /** The stream ended from the other side (the browser left, or the request timed out): nothing more is sent. */
    void ended() {
        synchronized (this) {
            closed = true;
            waiting.clear();
        }
        forget.run();
    }

    private void drain() {
        while (true) {
            Outgoing next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    sending = false;
                    if (closed) {
                        break;
                    }
                    return;
                }
            }
            try {
                emitter.send(next.build());
            } catch (IOException | IllegalStateException gone) {
                // The browser went away, or the request already ended: ended() forgets this stream.
                synchronized (this) {
                    closed = true;
                    waiting.clear();
                    sending = false;
                }
                break;
            }
        }
        forget.run();
        try {
            emitter.complete();
        } catch (RuntimeException alreadyEnded) {
            // Nothing left to end.
        }
    }
}
