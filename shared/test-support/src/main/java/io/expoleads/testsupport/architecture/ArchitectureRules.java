package io.expoleads.testsupport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

/**
 * The architecture rules every service's {@code ArchitectureTest} checks on its own classes, defined
 * once here so the three services hold the same ones. What counts as a service's model is given by
 * the service (its aggregates); the rest is the same for all.
 */
public final class ArchitectureRules {

    /** The root package of each deployable service. */
    public static final List<String> SERVICES = List.of("io.expoleads.exhibitor", "io.expoleads.lead",
            "io.expoleads.notification", "io.expoleads.web");

    /** The topic contract, which every service compiles against. */
    public static final String CONTRACT = "io.expoleads.events";

    /** What a model class may not touch: Spring, MongoDB, Kafka, HTTP. */
    static final String[] FRAMEWORKS = {"org.springframework..", "org.bson..", "com.mongodb..", "org.apache.kafka..",
            "jakarta.servlet..", "java.net.http..", "org.apache.hc..", "io.swagger.."};

    private static final String[] CONTROLLERS = {"org.springframework.web.bind.annotation.RestController",
            "org.springframework.stereotype.Controller"};

    private ArchitectureRules() {
    }

    /** The main classes of the service rooted at {@code rootPackage}, with the contract's. */
    public static JavaClasses importService(String rootPackage) {
        // From the packages' own folders or jars: importPackages would open every jar of the class path
        // looking for them, seconds per service.
        List<URL> locations = new ArrayList<>();
        for (String name : List.of(rootPackage, CONTRACT)) {
            try {
                Collections.list(ArchitectureRules.class.getClassLoader().getResources(name.replace('.', '/')))
                        .forEach(locations::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importUrls(locations);
    }

    /** A service reaches another only through the topics and their contract, never through its classes. */
    public static ArchRule importsNoOtherService(String rootPackage) {
        String[] others = SERVICES.stream().filter(service -> !service.equals(rootPackage)).map(service -> service + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only the topic contract (shared/events), so each can change and deploy alone");
    }

    /**
     * The model (the service's aggregates, and every class of the service they are made of, found by
     * following their dependencies) imports no Spring, MongoDB, Kafka or HTTP type, so its rules are
     * tested without any of them.
     */
    public static ArchRule modelIsFrameworkFree(JavaClasses classes, String rootPackage, Class<?>... aggregates) {
        DescribedPredicate<JavaClass> model = inModel(classes, rootPackage, aggregates);
        return noClasses().that(model).should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("the model's rules must be testable without Spring, MongoDB, Kafka or HTTP");
    }

    /**
     * Controllers go through the feature's store class, never {@code MongoTemplate} itself. Frozen:
     * the controllers that did before this rule are listed in the service's
     * {@code src/test/resources/archunit-store}; a new one fails, and one fixed leaves the list.
     */
    public static ArchRule controllersUseNoMongoTemplate() {
        return FreezingArchRule.freeze(noClasses().that().areAnnotatedWith(CONTROLLERS[0]).or().areAnnotatedWith(CONTROLLERS[1])
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.data.mongodb.core.MongoTemplate")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.data.mongodb.core.MongoOperations")
                .because("queries belong to the feature's store class, where they are written and indexed once"));
    }

    /** Dependencies come in through constructors, so a class is whole once built and testable without Spring. */
    public static ArchRule noFieldInjection() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
    }

    /**
     * Time is read from the service's one {@code Clock} bean, injected, never from the system clock
     * directly: tests move that clock (shared/test-support's {@code TestClock}) instead of waiting.
     * The bean itself, in the class annotated {@code @SpringBootApplication}, is the one place that
     * names the system clock.
     */
    public static ArchRule timeIsReadFromTheClockBean() {
        return noClasses().that().areNotAnnotatedWith("org.springframework.boot.autoconfigure.SpringBootApplication")
                .should().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("time comes from the injected Clock, so tests move it instead of sleeping");
    }

    /** The contract's payloads are records: immutable facts, equal by value. */
    public static ArchRule contractPayloadsAreRecords() {
        return classes().that().resideInAPackage(CONTRACT).and().areNotEnums().and().areNotInterfaces()
                .and().doNotHaveSimpleName("Contract").and().doNotHaveSimpleName("EventTypes").and().doNotHaveSimpleName("Topics")
                .should().beRecords()
                .because("events are immutable facts; a record says so and gives value equality");
    }

    /** A service's own application events (what its {@code @EventListener}s take) are records too. */
    public static ArchRule applicationEventsAreRecords(String rootPackage) {
        return methods().that().areDeclaredInClassesThat().resideInAPackage(rootPackage + "..")
                .and().areAnnotatedWith("org.springframework.context.event.EventListener")
                .or().areAnnotatedWith("org.springframework.transaction.event.TransactionalEventListener")
                .should(takeRecordsOnly()).allowEmptyShould(true);
    }

    private static ArchCondition<JavaMethod> takeRecordsOnly() {
        return new ArchCondition<>("take a record as their event") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                for (JavaClass parameter : method.getRawParameterTypes()) {
                    boolean record = parameter.isRecord();
                    events.add(new SimpleConditionEvent(method, record, method.getFullName() + " takes "
                            + parameter.getName() + (record ? ", a record" : ", which is not a record")));
                }
            }
        };
    }

    /** The aggregates and, transitively, the classes of the service they depend on. */
    static DescribedPredicate<JavaClass> inModel(JavaClasses classes, String rootPackage, Class<?>... aggregates) {
        Set<String> members = new LinkedHashSet<>();
        Deque<JavaClass> next = new ArrayDeque<>();
        Arrays.stream(aggregates).map(classes::get).forEach(next::add);
        while (!next.isEmpty()) {
            JavaClass current = next.pop();
            if (!members.add(current.getName())) {
                continue;
            }
            for (Dependency dependency : current.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (target.getPackageName().startsWith(rootPackage) && !members.contains(target.getName())) {
                    next.add(target);
                }
            }
        }
        return DescribedPredicate.describe("are in the model (" + String.join(", ",
                Arrays.stream(aggregates).map(Class::getSimpleName).toList()) + " and what they are made of)",
                candidate -> members.contains(candidate.getName()));
    }

    /** The classes {@link #modelIsFrameworkFree} takes as the model, for a test to show or check. */
    public static Set<String> model(JavaClasses classes, String rootPackage, Class<?>... aggregates) {
        return classes.stream().filter(inModel(classes, rootPackage, aggregates)).map(JavaClass::getName)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
