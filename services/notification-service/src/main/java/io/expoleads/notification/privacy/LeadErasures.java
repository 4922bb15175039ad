package io.expoleads.notification.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.expoleads.notification.delivery.Deliveries;
import io.expoleads.notification.delivery.DeliveryRequest;
import io.expoleads.notification.webhook.WebhookDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries a visitor's erasure through this service: every copy of their leads goes (the lead book,
 * the alerts waiting, the content of every delivery and what receivers answered to it; deliveries
 * not made yet are cancelled), then every webhook that was sent one of the leads gets a signed
 * {@code lead.erased} call naming it, through the delivery log like any call (same signing, retries
 * and log), so the exhibitor's CRM can delete its copy. Idempotent: an erasure heard of again (by
 * each lead, then by the visitor; or redelivered) removes nothing more and calls nobody twice.
 */
@Component
public class LeadErasures {

    private static final Logger log = LoggerFactory.getLogger(LeadErasures.class);

    private final List<PersonalCopies> copies;
    private final Deliveries deliveries;
    private final WebhookDirectory webhooks;
    private final JsonMapper json;

    LeadErasures(List<PersonalCopies> copies, Deliveries deliveries, WebhookDirectory webhooks, JsonMapper json) {
        this.copies = copies;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.json = json;
    }

    /**
     * Erases the visitor's leads this service knows of, or was told of.
     *
     * @param leadIds  leads named by the erasure (a {@code LeadErased} event); those this service
     *                 knows of for the visitor are erased too
     * @param erasedAt when the erasure happened, as the {@code lead.erased} calls tell it
     * @return what was removed, by copy ({@code leads}, {@code waitingAlerts}, {@code deliveriesCancelled},
     * {@code deliveriesScrubbed}) and the {@code lead.erased} calls opened ({@code erasureCalls})
     */
    public Map<String, Integer> erase(String attendeeId, Collection<String> leadIds, Instant erasedAt) {
        Set<String> leads = new LinkedHashSet<>(leadIds);
        copies.forEach(keeper -> leads.addAll(keeper.leadIds(attendeeId)));
        leads.addAll(deliveries.leadIdsOf(attendeeId));
        // Who was sent a lead is read before the deliveries lose their content and the queue its entries.
        List<Deliveries.WebhookReached> reached = deliveries.webhooksReached(leads);
        Map<String, Integer> removed = new LinkedHashMap<>();
        for (PersonalCopies keeper : copies) {
            removed.put(keeper.name(), keeper.forget(attendeeId, leads));
        }
        Deliveries.Erased erased = deliveries.erase(attendeeId, leads);
        removed.put("deliveriesCancelled", erased.cancelled());
        removed.put("deliveriesScrubbed", erased.scrubbed());
        List<DeliveryRequest> calls = new ArrayList<>();
        for (Deliveries.WebhookReached webhook : reached) {
            webhooks.endpoint(webhook.exhibitorId(), webhook.webhookId()).ifPresentOrElse(
                    endpoint -> calls.add(DeliveryRequest.erasureWebhook(webhook.leadId(), attendeeId, endpoint.webhookId(), endpoint.url(),
                            webhook.exhibitorId(), webhook.editionId(), body(webhook, erasedAt))),
                    // Only ids in the log: the endpoint is gone, so is the exhibitor's way to hear of it.
                    () -> log.info("No lead.erased call for lead {}: webhook {} of exhibitor {} was removed", webhook.leadId(),
                            webhook.webhookId(), webhook.exhibitorId()));
        }
        deliveries.openAll(calls);
        removed.put("erasureCalls", calls.size());
        log.info("Erasure of visitor {}: {} leads, removed {}", attendeeId, leads.size(), removed);
        return removed;
    }

    /**
     * The Standard Webhooks payload of an erasure: {@code type} {@code lead.erased}, {@code timestamp}
     * (when the visitor was erased) and {@code data} naming the lead, and nothing about the person.
     */
    private String body(Deliveries.WebhookReached webhook, Instant erasedAt) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "lead.erased");
        body.put("timestamp", erasedAt.toString());
        ObjectNode data = body.putObject("data");
        data.put("leadId", webhook.leadId());
        data.put("exhibitorId", webhook.exhibitorId());
        data.put("editionId", webhook.editionId());
        data.put("erasedAt", erasedAt.toString());
        return json.writeValueAsString(body);
    }
}
