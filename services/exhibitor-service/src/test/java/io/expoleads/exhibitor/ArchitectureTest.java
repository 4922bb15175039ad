package io.expoleads.exhibitor;

import io.expoleads.exhibitor.booth.Booth;
import io.expoleads.exhibitor.edition.Edition;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.identity.Account;
import io.expoleads.testsupport.architecture.ServiceArchitectureTest;

/**
 * The architecture rules of shared/test-support (ArchitectureRules), checked on exhibitor-service's classes.
 * Its model: the aggregates named here and every class of the service they are made of.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("io.expoleads.exhibitor", Exhibitor.class, Account.class, Booth.class, Edition.class);
    }
}
