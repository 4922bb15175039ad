package io.expoleads.lead.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.expoleads.lead.lead.LeadExportLog;
import org.springframework.data.annotation.Id;

/**
 * A visitor's erasure, as {@code erasures} keeps it: ids, times and counts, nothing personal. One
 * per visitor (its id derived from the attendee's), so asking twice answers the same erasure.
 *
 * @param cause          {@code ORGANIZER}, {@code VISITOR} or {@code RETENTION}
 * @param status         {@code RECEIVED}, {@code IN_PROGRESS}, or {@code DONE} once every service
 *                       holding visitor data finished its part
 * @param services       each service's part once done, by service name
 * @param exportsHolding the exports downloaded while they held the visitor: who may still have a copy
 * @param leadIds        the visitor's leads, one per exhibitor that scanned them
 */
public record Erasure(
        @Id String id,
        String attendeeId,
        String editionId,
        String cause,
        Instant receivedAt,
        String status,
        Map<String, ServicePart> services,
        List<LeadExportLog.Held> exportsHolding,
        List<String> leadIds,
        Instant doneAt) {

    public static final String RECEIVED = "RECEIVED";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String DONE = "DONE";

    public Erasure {
        services = services == null ? Map.of() : Map.copyOf(services);
        exportsHolding = exportsHolding == null ? List.of() : List.copyOf(exportsHolding);
        leadIds = leadIds == null ? List.of() : List.copyOf(leadIds);
    }

    /** One service's part of the erasure: when it was done, and what it removed by kind. */
    public record ServicePart(Instant doneAt, Map<String, Long> removed) {
    }

    /** The erasure as the organizer reads it, each service's part with how long it took. */
    public record Status(String erasureId, String attendeeId, String editionId, String cause, Instant receivedAt,
                         String status, Instant doneAt, List<ServiceStatus> services,
                         List<LeadExportLog.Held> exportsHolding, int leads) {
    }

    public record ServiceStatus(String service, Instant doneAt, long tookMillis, Map<String, Long> removed) {
    }

    Status report() {
        List<ServiceStatus> parts = new ArrayList<>();
        services.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(part -> parts.add(new ServiceStatus(
                part.getKey(), part.getValue().doneAt(), Duration.between(receivedAt, part.getValue().doneAt()).toMillis(),
                part.getValue().removed())));
        return new Status(id, attendeeId, editionId, cause, receivedAt, status, doneAt, parts, exportsHolding, leadIds.size());
    }
}
