package io.expoleads.lead.lead;

import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.platform.readmodel.KnownIds;
import io.expoleads.platform.security.Tenant;
import org.springframework.stereotype.Component;

/**
 * Who reads and changes an exhibitor's leads: its own accounts, and of its staff and devices only
 * those still on the team. A token outlives a revocation by its remaining minutes; the read model
 * from {@code expo.exhibitors.v1} does not.
 */
@Component
public class LeadAccess {

    private final BoothExhibitors exhibitors;

    LeadAccess(BoothExhibitors exhibitors) {
        this.exhibitors = exhibitors;
    }

    /** Refuses a caller of another exhibitor (404, as if the id did not exist) or one taken off the team (403). */
    void require(Tenant caller, String exhibitorId, String what, String id) {
        caller.requireMemberOf(exhibitorId, what, id);
        exhibitors.find(exhibitorId).ifPresent(exhibitor -> exhibitor.requireOnTeam(caller));
    }

    /**
     * For a path naming the exhibitor: refuses an id that is no exhibitor id (400), another
     * exhibitor's (404, as if it did not exist), the caller's own while lead capture has not heard
     * of it on {@code expo.exhibitors.v1} (404 {@code UNKNOWN_EXHIBITOR}, after a short wait), and a
     * caller taken off the team (403).
     */
    public BoothExhibitor requireExhibitor(Tenant caller, String exhibitorId) {
        KnownIds.requireWellFormed("exhibitorId", exhibitorId);
        caller.requireMemberOf(exhibitorId, "Exhibitor", exhibitorId);
        BoothExhibitor exhibitor = exhibitors.require(exhibitorId);
        exhibitor.requireOnTeam(caller);
        return exhibitor;
    }
}
