package dev.headroom.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Guards the boundaries a multi-module build would: the engine runs without JavaFX (CLI,
 * headless servers) and never reaches up into its clients.
 */
@AnalyzeClasses(packages = "dev.headroom", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] ENGINE = {"dev.headroom.domain..", "dev.headroom.engine..", "dev.headroom.fleet..",
        "dev.headroom.persistence..", "dev.headroom.providers..", "dev.headroom.scenario..",
        "dev.headroom.forecast..", "dev.headroom.graph..", "dev.headroom.plan..", "dev.headroom.orchestrate..",
        "dev.headroom.audit..", "dev.headroom.approval..", "dev.headroom.rollout.."};

    @ArchTest
    static final ArchRule onlyUiImportsJavafx = noClasses().that().resideOutsideOfPackage("dev.headroom.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..")
            .because("only the console (dev.headroom.ui) may use JavaFX; the engine and CLI run headless");

    @ArchTest
    static final ArchRule engineDoesNotUseClients = noClasses().that().resideInAnyPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage("dev.headroom.ui..", "dev.headroom.cli..")
            .because("dependencies point inward: ui and cli use the engine, never the other way round");

    @ArchTest
    static final ArchRule domainDependsOnNothingElse = noClasses().that().resideInAPackage("dev.headroom.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.headroom.engine..", "dev.headroom.fleet..",
                    "dev.headroom.persistence..", "dev.headroom.providers..", "dev.headroom.scenario..")
            .because("the domain vocabulary is the innermost layer");

    @ArchTest
    static final ArchRule cliDoesNotUseUi = noClasses().that().resideInAPackage("dev.headroom.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.headroom.ui..")
            .because("the CLI must run without JavaFX on a server");
}
