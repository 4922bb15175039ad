package io.expoleads.lead.lead;

/** A change refused because the lead's visitor was erased at their request: nothing personal is added to it. */
public class LeadErasedException extends IllegalStateException {

    private final String leadId;

    LeadErasedException(String leadId) {
        super("the visitor of lead " + leadId + " was erased");
        this.leadId = leadId;
    }

    public String leadId() {
        return leadId;
    }
}
