package io.expoleads.lead;

import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.badge.VerifiedBadge;
import io.expoleads.lead.edition.EditionDates;
import io.expoleads.lead.lead.Lead;
import io.expoleads.testsupport.architecture.ServiceArchitectureTest;

/**
 * The architecture rules of shared/test-support (ArchitectureRules), checked on lead-service's classes.
 * Its model: the aggregates named here and every class of the service they are made of.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("io.expoleads.lead", Lead.class, Attendee.class, VerifiedBadge.class, EditionDates.class);
    }
}
