package dev.reflect.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of the code, over every module's main classes (the test classes of the modules
 * are not on this module's classpath, and its own are left out). Each rule fails with the
 * offending classes and lines; a rule whose {@code that()} matches no class fails too, so a
 * renamed package cannot turn a rule into one that checks nothing.
 */
class ArchitectureTest {

    /**
     * The benchmarks: module bench, including its micro-benchmarks (JMH), which live in the
     * packages of the code they measure to reach its package-private paths, and the harness
     * classes JMH generates for them. They count as bench wherever they are.
     */
    private static final DescribedPredicate<JavaClass> BENCH = resideInAPackage("dev.reflect.bench..")
            .or(resideInAPackage("..jmh_generated.."))
            .or(simpleNameEndingWith("Benchmark"))
            .as("the benchmarks");

    private static DescribedPredicate<JavaClass> module(String packages) {
        return resideInAPackage(packages).and(not(BENCH)).as(packages);
    }

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.reflect");

    /** Each module's packages, and which modules may use it. */
    @Test
    void modulesUseOnlyTheModulesBelowThem() {
        ArchRule layers = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("events")
                .definedBy(module("dev.reflect.events.."))
                .layer("service-common")
                .definedBy(module("dev.reflect.service.."))
                .layer("embedded-kafka")
                .definedBy(module("dev.reflect.kafka.."))
                .layer("testkit")
                .definedBy(module("dev.reflect.testkit.."))
                .layer("property-testing")
                .definedBy(module("dev.reflect.proptest.."))
                .layer("producer")
                .definedBy(module("dev.reflect.producer.."))
                .layer("streams-app")
                .definedBy(module("dev.reflect.streams.."))
                .layer("web")
                .definedBy(module("dev.reflect.web.."))
                .layer("simulator")
                .definedBy(module("dev.reflect.simulator.."))
                .layer("notifier")
                .definedBy(module("dev.reflect.notifier.."))
                .layer("launcher")
                .definedBy(module("dev.reflect.launcher.."))
                .layer("bench")
                .definedBy(BENCH)
                .whereLayer("events")
                .mayOnlyBeAccessedByLayers(
                        "service-common",
                        "testkit",
                        "producer",
                        "streams-app",
                        "web",
                        "notifier",
                        "simulator",
                        "launcher",
                        "bench")
                .whereLayer("service-common")
                .mayOnlyBeAccessedByLayers(
                        "producer", "streams-app", "web", "notifier", "simulator", "launcher", "bench")
                .whereLayer("embedded-kafka")
                .mayOnlyBeAccessedByLayers("testkit", "launcher", "bench")
                .whereLayer("producer")
                .mayOnlyBeAccessedByLayers("launcher", "bench")
                .whereLayer("streams-app")
                .mayOnlyBeAccessedByLayers("launcher", "bench")
                .whereLayer("web")
                .mayOnlyBeAccessedByLayers("launcher")
                .whereLayer("notifier")
                .mayOnlyBeAccessedByLayers("launcher")
                .whereLayer("simulator")
                .mayOnlyBeAccessedByLayers("launcher")
                .whereLayer("testkit")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("property-testing")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("launcher")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("bench")
                .mayNotBeAccessedByAnyLayer();
        layers.check(MAIN);
    }

    /** The contract knows no service: it is what the services share. */
    @Test
    void eventsDependsOnNoOtherModule() {
        noClasses()
                .that(module("dev.reflect.events.."))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.reflect.service..",
                        "dev.reflect.producer..",
                        "dev.reflect.streams..",
                        "dev.reflect.simulator..",
                        "dev.reflect.web..",
                        "dev.reflect.launcher..",
                        "dev.reflect.notifier..",
                        "dev.reflect.bench..",
                        "dev.reflect.kafka..",
                        "dev.reflect.testkit..")
                .check(MAIN);
    }

    /**
     * The contract (records, enums, limits) and the validation of it live apart: the contract
     * knows nothing of how it is checked or serialized. Only the topic registry, which pairs each
     * topic with its serdes, reaches into both.
     */
    @Test
    void theContractDoesNotDependOnItsValidation() {
        noClasses()
                .that()
                .resideInAPackage("dev.reflect.events")
                .and()
                .doNotHaveSimpleName("Topics")
                .and(not(BENCH))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.reflect.events.validation..", "dev.reflect.events.serde..")
                .check(MAIN);
    }

    /**
     * A service is used from outside only through its entry package (the app and its config):
     * everything below is its own. The benchmarks are the one exception: measuring a service's
     * parts on their own is what they are for.
     */
    @Test
    void noModuleReachesIntoAServicesInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.reflect.producer..")
                .and(not(BENCH))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.reflect.producer.*..")
                .as("outside producer (and bench), only the entry package dev.reflect.producer is used")
                .check(MAIN);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.reflect.streams..")
                .and(not(BENCH))
                .should()
                .dependOnClassesThat(
                        resideInAPackage("dev.reflect.streams..").and(not(resideInAPackage("dev.reflect.streams.app"))))
                .as("outside streams-app (and bench), only the entry package dev.reflect.streams.app is used")
                .check(MAIN);
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.reflect.notifier..")
                .and(not(BENCH))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.reflect.notifier.*..")
                .as("outside the notifier (and bench), only the entry package dev.reflect.notifier is used")
                .check(MAIN);
    }

    /** The write side (the topology) does not know the read side (queries, the progress page). */
    @Test
    void theTopologyDoesNotUseTheQueryLayer() {
        noClasses()
                .that()
                .resideInAPackage("dev.reflect.streams.topology..")
                .and(not(BENCH))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.reflect.streams.query..", "dev.reflect.streams.progress..", "dev.reflect.streams.page..")
                .check(MAIN);
    }

    /** Test code lives under src/test: main code neither uses test libraries nor holds tests. */
    @Test
    void mainCodeHoldsNoTestCode() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.reflect.testkit..", "dev.reflect.proptest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.junit..",
                        "org.assertj..",
                        "org.awaitility..",
                        "org.testcontainers..",
                        "org.quicktheories..",
                        "org.openqa..",
                        "com.tngtech.archunit..",
                        "dev.reflect.testkit..",
                        "dev.reflect.proptest..")
                .because("test support is the testkit's and property-testing's, which only tests use")
                .check(MAIN);
        noClasses()
                .that(not(resideInAPackage("..jmh_generated..")))
                .should()
                .haveSimpleNameEndingWith("Test")
                .orShould()
                .haveSimpleNameEndingWith("IT")
                .as("no class named like a test (*Test, *IT) is main code")
                .check(MAIN);
    }
}
