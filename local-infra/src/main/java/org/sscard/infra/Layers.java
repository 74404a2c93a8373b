package org.sscard.infra;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layer rules every service keeps, checked on its compiled classes: REST types stay in {@code rest}; the domain,
 * the services, the repositories and the consumers never see them, and answer with domain objects and platform
 * {@code DomainException}; the domain depends on none of the layers around it.
 */
public final class Layers {

    /** Fails with every violation in the service whose classes live under {@code base}. */
    public static void check(String base) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(base);
        noClasses().that().resideInAnyPackage(base + ".domain..", base + ".service..", base + ".repository..",
                        base + ".messaging..")
                .should().dependOnClassesThat().resideInAnyPackage(base + ".rest..", "org.sscard.platform.rest..")
                .because("REST types stay in rest, mapped there; the layers below answer with domain objects "
                        + "and DomainException")
                .check(classes);
        noClasses().that().resideInAPackage(base + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(base + ".service..", base + ".repository..",
                        base + ".messaging..", base + ".rest..", "jakarta.ws.rs..")
                .because("the domain keeps its rules without knowing who calls it or how it is stored")
                .check(classes);
    }

    private Layers() {
    }
}
