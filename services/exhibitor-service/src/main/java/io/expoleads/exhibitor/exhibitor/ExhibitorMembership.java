package io.expoleads.exhibitor.exhibitor;

import io.expoleads.exhibitor.identity.Account;
import io.expoleads.exhibitor.identity.Membership;
import io.expoleads.exhibitor.identity.Role;
import org.springframework.stereotype.Component;

/**
 * A staff member holds their place while the exhibitor lists them as active, a booth device while
 * it is listed as active; the organizer and admins have no place to lose here.
 */
@Component
class ExhibitorMembership implements Membership {

    private final ExhibitorStore store;

    ExhibitorMembership(ExhibitorStore store) {
        this.store = store;
    }

    @Override
    public boolean holdsPlace(Account account) {
        boolean staff = account.staffId() != null;
        boolean device = account.roles().contains(Role.DEVICE);
        if (!staff && !device) {
            return true;
        }
        return account.exhibitorId() != null && store.find(account.exhibitorId())
                .map(exhibitor -> staff ? exhibitor.team().holdsSeat(account.staffId()) : exhibitor.devices().isActive(account.id()))
                .orElse(false);
    }
}
