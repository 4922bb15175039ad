package io.expoleads.lead.lead;

import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import org.springframework.http.HttpStatus;
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
        BoothExhibitor exhibitor = exhibitors.find(exhibitorId).orElse(null);
        if (exhibitor == null) {
            return;
        }
        if (caller.is("STAFF") && !exhibitor.activeStaff().contains(caller.staffId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Staff member revoked",
                    "This staff member no longer holds a seat at the exhibitor's booth").withProperty("reason", "STAFF_REVOKED");
        }
        if (caller.is("DEVICE") && !exhibitor.activeDevices().contains(caller.account())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Device revoked", "This device is no longer set up for the exhibitor's booth")
                    .withProperty("reason", "DEVICE_REVOKED");
        }
    }
}
