package io.expoleads.notification.delivery;

import java.util.Locale;

import io.expoleads.events.Contract;
import io.expoleads.platform.tracing.TraceParent;

/**
 * A delivery to open, with its deterministic id: the same lead, kind and destination always name
 * the same delivery, whichever event or redelivery asks for it.
 *
 * @param attendeeId  the visitor of the lead delivered, or null when it delivers no lead
 * @param traceparent the trace of the work that asked for it (a lead event's), continued by its attempts; null outside a trace
 */
public record DeliveryRequest(String id, Delivery.Kind kind, Delivery.Channel channel, String target, String destination,
                              String exhibitorId, String editionId, String leadId, String eventId, String content,
                              String attendeeId, String traceparent) {

    /** A request made now, in the current trace. */
    public DeliveryRequest(String id, Delivery.Kind kind, Delivery.Channel channel, String target, String destination,
                           String exhibitorId, String editionId, String leadId, String eventId, String content, String attendeeId) {
        this(id, kind, channel, target, destination, exhibitorId, editionId, leadId, eventId, content, attendeeId, TraceParent.current());
    }

    /** An alert of {@code leadId} (of visitor {@code attendeeId}) by email to {@code address}. */
    public static DeliveryRequest alertEmail(String leadId, String attendeeId, String address, String exhibitorId, String editionId,
                                             String eventId, String content) {
        String recipient = address.strip().toLowerCase(Locale.ROOT);
        return new DeliveryRequest(id(leadId, Delivery.Kind.ALERT, Delivery.Channel.EMAIL, recipient), Delivery.Kind.ALERT,
                Delivery.Channel.EMAIL, recipient, recipient, exhibitorId, editionId, leadId, eventId, content, attendeeId);
    }

    /** An alert of {@code leadId} to the webhook {@code webhookId}; {@code body} is what will be signed and sent. */
    public static DeliveryRequest alertWebhook(String leadId, String attendeeId, String webhookId, String url, String exhibitorId,
                                               String editionId, String eventId, String body) {
        return new DeliveryRequest(id(leadId, Delivery.Kind.ALERT, Delivery.Channel.WEBHOOK, webhookId), Delivery.Kind.ALERT,
                Delivery.Channel.WEBHOOK, webhookId, url, exhibitorId, editionId, leadId, eventId, body, attendeeId);
    }

    /**
     * The {@code lead.erased} call of {@code leadId} to the webhook {@code webhookId}: one per lead and
     * endpoint, however often the erasure is heard of.
     */
    public static DeliveryRequest erasureWebhook(String leadId, String attendeeId, String webhookId, String url, String exhibitorId,
                                                 String editionId, String body) {
        return new DeliveryRequest(id(leadId, Delivery.Kind.ERASURE, Delivery.Channel.WEBHOOK, webhookId), Delivery.Kind.ERASURE,
                Delivery.Channel.WEBHOOK, webhookId, url, exhibitorId, editionId, leadId, null, body, attendeeId);
    }

    /**
     * The {@code lead.updated} call that the lead event {@code eventId} (a consent withdrawal) calls
     * for, to the webhook {@code webhookId}: one per event and endpoint.
     */
    public static DeliveryRequest updateWebhook(String leadId, String attendeeId, String webhookId, String url, String exhibitorId,
                                                String editionId, String eventId, String body) {
        return new DeliveryRequest(id(leadId + "/" + eventId, Delivery.Kind.UPDATE, Delivery.Channel.WEBHOOK, webhookId),
                Delivery.Kind.UPDATE, Delivery.Channel.WEBHOOK, webhookId, url, exhibitorId, editionId, leadId, eventId, body, attendeeId);
    }

    /** The digest of {@code period} (a key naming the exhibitor's period) to {@code address}. */
    public static DeliveryRequest digestEmail(String period, String address, String exhibitorId, String editionId, String content) {
        String recipient = address.strip().toLowerCase(Locale.ROOT);
        return new DeliveryRequest(id(period, Delivery.Kind.DIGEST, Delivery.Channel.EMAIL, recipient), Delivery.Kind.DIGEST,
                Delivery.Channel.EMAIL, recipient, recipient, exhibitorId, editionId, null, null, content, null);
    }

    /** The exhibitor admin's notice that {@code dead} will not be delivered (once per round of attempts). */
    public static DeliveryRequest notice(Delivery dead, String address) {
        String recipient = address.strip().toLowerCase(Locale.ROOT);
        String about = dead.id() + "/" + dead.replays();
        return new DeliveryRequest(id(about, Delivery.Kind.NOTICE, Delivery.Channel.EMAIL, recipient), Delivery.Kind.NOTICE,
                Delivery.Channel.EMAIL, recipient, recipient, dead.exhibitorId(), dead.editionId(), dead.leadId(), null, dead.id(),
                dead.attendeeId());
    }

    /**
     * The reminder, {@code daysBefore} the edition's purge, to the exhibitor's admin at {@code address}:
     * one per edition, exhibitor and reminder, whoever asks and however often (the address is not
     * part of its id, so a changed address does not make a second).
     */
    public static DeliveryRequest retentionReminder(String editionId, String exhibitorId, int daysBefore, String address) {
        String recipient = address.strip().toLowerCase(Locale.ROOT);
        return new DeliveryRequest(id(editionId + "/" + exhibitorId + "/" + daysBefore, Delivery.Kind.RETENTION,
                Delivery.Channel.EMAIL, "admin"), Delivery.Kind.RETENTION, Delivery.Channel.EMAIL, recipient, recipient,
                exhibitorId, editionId, null, null, Integer.toString(daysBefore), null);
    }

    private static String id(String subject, Delivery.Kind kind, Delivery.Channel channel, String target) {
        return Contract.deterministicId("delivery", subject, kind.name().toLowerCase(Locale.ROOT), channel.name(), target).toString();
    }
}
