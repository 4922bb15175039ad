package io.expoleads.lead.lead;

import java.util.List;

import io.expoleads.events.EventTypes;
import io.expoleads.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Staff members' qualifications of a lead after the scan: rating, answers, tags, follow-up and their own note. */
@Service
public class LeadQualifications {

    private final LeadWrites writes;
    private final LeadStore store;

    LeadQualifications(LeadWrites writes, LeadStore store) {
        this.writes = writes;
        this.store = store;
    }

    /**
     * Applies one author's qualification to the lead, on top of whatever others changed meanwhile.
     *
     * @return the lead as stored afterwards
     */
    public Lead qualify(String leadId, Qualification change) {
        Lead result;
        try {
            result = writes.change(leadId, stored -> stored.qualifiedBy(change), EventTypes.LEAD_QUALIFIED);
        } catch (LeadErasedException erased) {
            throw new ApiException(HttpStatus.GONE, "Visitor erased",
                    "This lead's visitor was erased at their request: it can no longer be qualified")
                    .withProperty("reason", "ATTENDEE_ERASED");
        }
        store.relay(List.of(leadId));
        return result;
    }
}
