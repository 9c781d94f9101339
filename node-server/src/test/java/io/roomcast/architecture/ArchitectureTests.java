package io.roomcast.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the public API, checked on the compiled main classes of every Roomcast module: what a user imports
 * never drags in internals, netty-socketio or wire records.
 */
class ArchitectureTests {

    private static JavaClasses roomcast;

    @BeforeAll
    static void importMainClasses() {
        // Other modules' test fixtures come as test-jars (cluster's, socketio's), which DO_NOT_INCLUDE_TESTS,
        // looking for test-classes directories, does not recognise.
        roomcast = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.roomcast");
        if (roomcast.stream().noneMatch(c -> c.getPackageName().equals("io.roomcast.socketio"))) {
            throw new AssertionError("the Roomcast main classes were not found on the test class path");
        }
    }

    @Test
    void shouldKeepApiPackagesFreeOfInternalOnes() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("..internal..")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .because("API packages never import internal ones (lettuce's rule: internal may change without "
                        + "notice); RoomcastServer finds its implementation through RoomcastServerProvider, and "
                        + "adapters get what they need through AdapterContext");
        rule.check(roomcast);
    }

    @Test
    void shouldExposeNoInternalTypeInAPublicSignature() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should().haveRawReturnType(DescribedPredicate.not(resideInAPackage("..internal.."))
                        .as("a type outside internal packages"))
                .check(roomcast);
        methods().that().arePublic().and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should(notTakeInternalParameters())
                .check(roomcast);
    }

    private static ArchCondition<JavaMethod> notTakeInternalParameters() {
        return new ArchCondition<>("take no parameter of an internal type") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                for (JavaClass parameter : method.getRawParameterTypes()) {
                    if (parameter.getPackageName().contains(".internal")) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                + " takes the internal type " + parameter.getName()));
                    }
                }
            }
        };
    }

    @Test
    void shouldKeepWireRecordsOutOfPublicExceptions() {
        noClasses().that().areAssignableTo(RuntimeException.class).and().arePublic()
                .and().resideOutsideOfPackage("..internal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.roomcast.cluster.protocol..")
                .because("partial results of a timed-out request are the user's values, not wire records")
                .check(roomcast);
    }

    @Test
    void shouldKeepNettySocketIoBehindTheEngine() {
        noClasses().that().resideOutsideOfPackage("io.roomcast.engine.internal..")
                .and().resideOutsideOfPackage("io.roomcast.loadtests..")
                .should().dependOnClassesThat().resideInAPackage("com.corundumstudio..")
                .because("netty-socketio is only the Netty bootstrap: its Configuration must not leak into the API")
                .check(roomcast);
    }

    @Test
    void shouldKeepTheSocketIoLayerFreeOfTheClusterAndTheNode() {
        noClasses().that().resideInAPackage("io.roomcast.socketio..")
                .should().dependOnClassesThat().resideInAnyPackage("io.roomcast.cluster..", "io.roomcast.node..")
                .check(roomcast);
        noClasses().that().resideInAnyPackage("io.roomcast.engine..", "io.roomcast.socketio..",
                        "io.roomcast.cluster..")
                .should().dependOnClassesThat().resideInAPackage("io.roomcast.node..")
                .because("the node is an application of the library, never the other way round")
                .check(roomcast);
    }

    @Test
    void shouldKeepTheAdminUiOnThePublicSocketIoApi() {
        noClasses().that().resideInAPackage("io.roomcast.admin..")
                .should().dependOnClassesThat().resideInAnyPackage("io.roomcast.cluster..", "io.roomcast.node..",
                        "..internal..")
                .because("the Admin UI is instrumentation any RoomcastServer can take, whatever its adapter: it "
                        + "reaches other nodes through the namespaces' cluster operations only")
                .check(roomcast);
        if (roomcast.stream().noneMatch(c -> c.getPackageName().equals("io.roomcast.admin"))) {
            throw new AssertionError("the Admin UI classes were not found on the test class path");
        }
    }

    @Test
    void shouldHaveNoCyclesBetweenModules() {
        slices().matching("io.roomcast.(*)..").should().beFreeOfCycles().check(roomcast);
    }
}
