package org.sscard.platform;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The platform's mechanisms (outbox, inbox, reliability, persistence, problem) know nothing of REST. */
class LayersTest {
    @Test
    void onlyTheRestPackageKnowsRest() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.sscard.platform");
        noClasses().that().resideOutsideOfPackage("org.sscard.platform.rest..")
                .should().dependOnClassesThat().resideInAPackage("org.sscard.platform.rest..")
                .because("services and consumers answer with DomainException; the REST layer maps it")
                .check(classes);
    }
}
