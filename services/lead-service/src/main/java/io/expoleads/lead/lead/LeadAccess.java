package io.expoleads.lead.lead;

import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.platform.security.Tenant;
import org.springframework.stereotype.Component;

/**
 * Who reads and changes an exhibitor's leads: its own accounts, and of its staff and devices only
 * those still on the team. A token outlives a revocation by its remaining minutes; the read model
 * from {@code expo.exhibitors.v1} does not.
 */
@Component
class LeadAccess {

    private final BoothExhibitors exhibitors;

    LeadAccess(BoothExhibitors exhibitors) {
        this.exhibitors = exhibitors;
    }

    /** Refuses a caller of another exhibitor (404, as if the id did not exist) or one taken off the team (403). */
    void require(Tenant caller, String exhibitorId, String what, String id) {
        caller.requireMemberOf(exhibitorId, what, id);
        exhibitors.find(exhibitorId).ifPresent(exhibitor -> exhibitor.requireOnTeam(caller));
    }
}
