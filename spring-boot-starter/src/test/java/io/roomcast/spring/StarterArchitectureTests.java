package io.roomcast.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The starter is built on the libraries' public API only, as an application would be. */
class StarterArchitectureTests {

    private final JavaClasses starter = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.roomcast.spring");

    @Test
    void shouldNotUseInternalPackagesOfTheLibraries() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.roomcast..internal..").check(starter);
    }

    @Test
    void shouldKeepTheAnnotationsAndInterfacesFreeOfTheAutoConfiguration() {
        noClasses().that().resideInAPackage("io.roomcast.spring").should().dependOnClassesThat()
                .resideInAPackage("io.roomcast.spring.autoconfigure..").check(starter);
    }
}
