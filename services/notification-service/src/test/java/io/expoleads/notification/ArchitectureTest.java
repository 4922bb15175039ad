package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import io.expoleads.notification.delivery.Delivery;
import io.expoleads.notification.delivery.RetryPolicy;
import io.expoleads.notification.exhibitor.HotLeads;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.webhook.StandardWebhooks;
import io.expoleads.testsupport.architecture.ArchitectureRules;

/**
 * The architecture rules of shared/test-support (ArchitectureRules), checked on notification-service's classes.
 * Its model: the aggregates named here and every class of the service they are made of.
 */
class ArchitectureTest {

    static final String ROOT = "io.expoleads.notification";
    static final Class<?>[] AGGREGATES = {Delivery.class, RetryPolicy.class, SalesRouting.class, HotLeads.class, StandardWebhooks.class};
    static final JavaClasses CLASSES = ArchitectureRules.importService(ROOT);

    @Test
    void it_imports_no_other_services_classes() {
        ArchitectureRules.importsNoOtherService(ROOT).check(CLASSES);
    }

    @Test
    void its_model_imports_no_spring_mongodb_kafka_or_http_type() {
        assertThat(ArchitectureRules.model(CLASSES, ROOT, AGGREGATES)).hasSizeGreaterThan(AGGREGATES.length);
        ArchitectureRules.modelIsFrameworkFree(CLASSES, ROOT, AGGREGATES).check(CLASSES);
    }

    @Test
    void its_controllers_do_not_use_mongo_template() {
        ArchitectureRules.controllersUseNoMongoTemplate().check(CLASSES);
    }

    @Test
    void it_injects_no_field() {
        ArchitectureRules.noFieldInjection().check(CLASSES);
    }

    @Test
    void event_payloads_are_records() {
        ArchitectureRules.contractPayloadsAreRecords().check(CLASSES);
        ArchitectureRules.applicationEventsAreRecords(ROOT).check(CLASSES);
    }
}
