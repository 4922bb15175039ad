package io.expoleads.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A step of a visitor's erasure on {@link Topics#ERASURES}: {@code ErasureRequested} from
 * lead-service, then one {@code ErasureCompleted} from each service holding visitor data once its
 * copies are gone. Nothing personal: ids, times and counts only.
 *
 * @param cause       {@code ORGANIZER}, {@code VISITOR} or {@code RETENTION}
 * @param leadIds     the visitor's leads (one per exhibitor that scanned them), so a service can
 *                    find its copies by lead as well as by attendee
 * @param service     the service that finished its part; null on {@code ErasureRequested}
 * @param completedAt when that service finished; null on {@code ErasureRequested}
 * @param removed     what the service removed, by kind (e.g. {@code leads}, {@code deliveries})
 */
public record ErasureProgress(
        String erasureId,
        String attendeeId,
        String editionId,
        String cause,
        Instant requestedAt,
        List<String> leadIds,
        String service,
        Instant completedAt,
        Map<String, Long> removed) {

    public ErasureProgress {
        Contract.requireText(erasureId, "erasureId");
        Contract.requireText(attendeeId, "attendeeId");
        Contract.requireText(editionId, "editionId");
        leadIds = leadIds == null ? List.of() : List.copyOf(leadIds);
        removed = removed == null ? Map.of() : Map.copyOf(removed);
    }

    /** The request lead-service publishes when the erasure starts. */
    public static ErasureProgress requested(String erasureId, String attendeeId, String editionId, String cause,
                                            Instant requestedAt, List<String> leadIds) {
        return new ErasureProgress(erasureId, attendeeId, editionId, cause, requestedAt, leadIds, null, null, Map.of());
    }

    /** What {@code service} answers once its copies of the visitor are gone. */
    public ErasureProgress completedBy(String service, Instant completedAt, Map<String, Long> removed) {
        return new ErasureProgress(erasureId, attendeeId, editionId, cause, requestedAt, leadIds, service, completedAt, removed);
    }
}
