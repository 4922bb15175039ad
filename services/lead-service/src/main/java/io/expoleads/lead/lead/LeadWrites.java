package io.expoleads.lead.lead;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

/**
 * Applies one of the model's changes to a stored lead and writes it with its event, guarded by the
 * revision it was read at: a lead another writer changed meanwhile is read again and the change
 * applied to its latest state, so concurrent edits are each kept, never lost.
 */
@Component
class LeadWrites {

    private final LeadStore store;
    private final LeadEvents events;

    LeadWrites(LeadStore store, LeadEvents events) {
        this.store = store;
        this.events = events;
    }

    /**
     * @param change    the model's change of the lead; the same lead when it changes nothing
     * @param eventType the type of the event the change is published with
     * @return the lead as stored afterwards
     */
    Lead change(String leadId, UnaryOperator<Lead> change, String eventType) {
        return change(leadId, change, (stored, changed) -> eventType);
    }

    /**
     * @param eventType the type of the event the change is published with, from the lead before and after it
     * @return the lead as stored afterwards
     */
    Lead change(String leadId, UnaryOperator<Lead> change, BiFunction<Lead, Lead, String> eventType) {
        while (true) {
            Lead stored = store.find(leadId).orElseThrow(() -> new IllegalStateException("lead " + leadId + " vanished"));
            if (stored.erased()) {
                // Nothing of an erased visitor is changed or sealed again; the erasure's event stands. The
                // change is applied all the same, for a change that refuses an erased lead to say so.
                change.apply(stored);
                return stored;
            }
            Lead applied = change.apply(stored);
            if (applied == stored) {
                return stored;
            }
            Lead changed = applied.writtenAfter(stored);
            if (store.update(stored.revision(), changed, events.of(changed, eventType.apply(stored, changed)))) {
                return changed;
            }
        }
    }
}
