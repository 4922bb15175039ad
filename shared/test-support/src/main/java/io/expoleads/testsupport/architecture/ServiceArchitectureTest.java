package io.expoleads.testsupport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureRules}, checked on one service's classes: each service's
 * {@code ArchitectureTest} extends it, naming the service's root package and its aggregates (its
 * model is them and every class of the service they are made of).
 */
public abstract class ServiceArchitectureTest {

    /** Each service's classes, imported once however many tests read them. */
    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    private final String root;
    private final Class<?>[] aggregates;
    private final JavaClasses classes;

    protected ServiceArchitectureTest(String root, Class<?>... aggregates) {
        this.root = root;
        this.aggregates = aggregates.clone();
        this.classes = IMPORTED.computeIfAbsent(root, ArchitectureRules::importService);
    }

    @Test
    void it_imports_no_other_services_classes() {
        ArchitectureRules.importsNoOtherService(root).check(classes);
    }

    @Test
    void its_model_imports_no_spring_mongodb_kafka_or_http_type() {
        assertThat(ArchitectureRules.model(classes, root, aggregates)).hasSizeGreaterThan(aggregates.length);
        ArchitectureRules.modelIsFrameworkFree(classes, root, aggregates).check(classes);
    }

    @Test
    void its_controllers_do_not_use_mongo_template() {
        ArchitectureRules.controllersUseNoMongoTemplate().check(classes);
    }

    @Test
    void it_injects_no_field() {
        ArchitectureRules.noFieldInjection().check(classes);
    }

    @Test
    void it_reads_time_from_its_clock_bean_only() {
        ArchitectureRules.timeIsReadFromTheClockBean().check(classes);
    }

    @Test
    void event_payloads_are_records() {
        ArchitectureRules.contractPayloadsAreRecords().check(classes);
        ArchitectureRules.applicationEventsAreRecords(root).check(classes);
    }
}
