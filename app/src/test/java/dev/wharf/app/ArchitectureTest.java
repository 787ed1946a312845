package dev.wharf.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the brief, on the production classes of every module (imported from
 * the app's classpath: app → views → inventory, app → connectors). Each package is checked to be
 * present first, so a rule cannot pass because it saw nothing.
 */
class ArchitectureTest {
    private static final String[] CONNECTORS = {
        "dev.wharf.inventory..", "dev.wharf.isolation..", "dev.wharf.kubernetes..", "dev.wharf.libvirt..", "dev.wharf.lab.."};

    private static JavaClasses wharf;

    @BeforeAll
    static void importClasses() {
        wharf = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.wharf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.wharf.inventory", "dev.wharf.isolation", "dev.wharf.kubernetes", "dev.wharf.libvirt", "dev.wharf.lab",
        "dev.wharf.views", "dev.wharf.app"})
    void everyModuleIsImported(String pkg) {
        assertThat(wharf.stream().filter(c -> c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".")))
                .as("classes of " + pkg).isNotEmpty();
    }

    @Test
    void viewsDoNotTouchFabric8OrLibvirt() {
        noClasses().that().resideInAPackage("dev.wharf.views..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "org.libvirt..")
                .check(wharf);
    }

    @Test
    void connectorsDoNotTouchJavafx() {
        noClasses().that().resideInAnyPackage(CONNECTORS)
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(wharf);
    }

    @Test
    void theInventoryNeedsTheJdkAlone() {
        classes().that().resideInAPackage("dev.wharf.inventory..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.wharf.inventory..")
                .check(wharf);
    }

    @Test
    void theIsolationAnalysisNeedsTheJdkAndTheInventoryAlone() {
        classes().that().resideInAPackage("dev.wharf.isolation..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.wharf.inventory..", "dev.wharf.isolation..")
                .check(wharf);
    }

    @Test
    void connectorsKnowNeitherViewsNorTheApp() {
        noClasses().that().resideInAnyPackage(CONNECTORS)
                .should().dependOnClassesThat().resideInAnyPackage("dev.wharf.views..", "dev.wharf.app..")
                .check(wharf);
    }

    @Test
    void viewsDoNotKnowTheApp() {
        noClasses().that().resideInAPackage("dev.wharf.views..")
                .should().dependOnClassesThat().resideInAPackage("dev.wharf.app..")
                .check(wharf);
    }
}
