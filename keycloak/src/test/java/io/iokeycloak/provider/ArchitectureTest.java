package io.iokeycloak.provider;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The provider's packages form layers: the journey orchestrates handoff, evidence and runtime,
 * which share the realm's signer and the session notes below them; nothing points back up.
 */
class ArchitectureTest {

    private static final JavaClasses PROVIDER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.iokeycloak.provider");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.iokeycloak.provider.(*)..").should().beFreeOfCycles().check(PROVIDER);
    }

    @Test
    void theStorageKnowsNothingOfLoginsOrTheAdminApi() {
        noClasses().that().resideInAPackage("io.iokeycloak.provider.store..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.iokeycloak.provider.runtime..", "io.iokeycloak.provider.journey..",
                        "io.iokeycloak.provider.handoff..", "io.iokeycloak.provider.evidence..",
                        "io.iokeycloak.provider.admin..")
                .check(PROVIDER);
    }

    @Test
    void onlyTheKeycloakEntryPointsUseTheJourney() {
        noClasses().that().resideInAnyPackage(
                        "io.iokeycloak.provider.handoff..", "io.iokeycloak.provider.evidence..",
                        "io.iokeycloak.provider.runtime..", "io.iokeycloak.provider.session..",
                        "io.iokeycloak.provider.realm..")
                .should().dependOnClassesThat().resideInAPackage("io.iokeycloak.provider.journey..")
                .check(PROVIDER);
    }
}
