package dev.swarmlab;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layers of swarmlab depend one way: cli on top, nothing imports it; plan and compose are pure. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.swarmlab");

  @Test
  void nothingImportsTheCli() {
    noClasses().that().resideOutsideOfPackages("dev.swarmlab.cli..", "dev.swarmlab")
        .should().dependOnClassesThat().resideInAPackage("dev.swarmlab.cli..")
        .check(CLASSES);
  }

  @Test
  void planAndComposeNeverTouchTheEngine() {
    noClasses().that().resideInAnyPackage("dev.swarmlab.plan..", "dev.swarmlab.compose..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.swarmlab.engine..", "dev.swarmlab.monitor..", "dev.swarmlab.lab..", "com.github.dockerjava..")
        .check(CLASSES);
  }

  @Test
  void theRtorrentClientStandsAlone() {
    noClasses().that().resideInAPackage("dev.swarmlab.rtorrent..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.swarmlab.plan..", "dev.swarmlab.compose..", "dev.swarmlab.engine..", "dev.swarmlab.monitor..",
            "dev.swarmlab.lab..", "dev.swarmlab.view..", "dev.swarmlab.error..")
        .check(CLASSES);
  }

  @Test
  void onlyTheDockerEngineUsesDockerJava() {
    noClasses().that().resideOutsideOfPackage("dev.swarmlab.engine.docker..")
        .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
        .check(CLASSES);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.swarmlab.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
