package dev.headroom.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture rules pass only because the code obeys them: the same conditions, applied to
 * code that does depend on JavaFX and on the clients, report violations.
 */
class ArchitectureRulesCanFailTest {
    private final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.headroom");

    @Test
    void javafxConditionCatchesTheConsole() {
        var result = noClasses().that().resideInAPackage("dev.headroom.ui..").should().dependOnClassesThat()
                .resideInAnyPackage("javafx..", "com.sun.javafx..").evaluate(all);
        assertThat(result.hasViolation()).isTrue();
        assertThat(ArchitectureTest.onlyUiImportsJavafx.evaluate(all).hasViolation()).isFalse();
    }

    @Test
    void clientConditionCatchesTheLauncher() {
        var result = noClasses().that().haveFullyQualifiedName("dev.headroom.Launcher").should().dependOnClassesThat()
                .resideInAnyPackage("dev.headroom.ui..", "dev.headroom.cli..").evaluate(all);
        assertThat(result.hasViolation()).isTrue();
        assertThat(ArchitectureTest.engineDoesNotUseClients.evaluate(all).hasViolation()).isFalse();
    }
}
