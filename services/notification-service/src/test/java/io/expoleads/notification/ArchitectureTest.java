package io.expoleads.notification;

import io.expoleads.notification.delivery.Delivery;
import io.expoleads.notification.delivery.RetryPolicy;
import io.expoleads.notification.exhibitor.HotLeads;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.webhook.StandardWebhooks;
import io.expoleads.testsupport.architecture.ServiceArchitectureTest;

/**
 * The architecture rules of shared/test-support (ArchitectureRules), checked on notification-service's classes.
 * Its model: the aggregates named here and every class of the service they are made of.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("io.expoleads.notification", Delivery.class, RetryPolicy.class, SalesRouting.class, HotLeads.class, StandardWebhooks.class);
    }
}
