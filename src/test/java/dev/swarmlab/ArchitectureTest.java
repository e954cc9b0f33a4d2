package dev.swarmlab;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layers of swarmlab depend one way: cli on top, nothing imports it; plan and compose are pure.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.swarmlab");

  @Test
  void nothingImportsTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.swarmlab.cli..", "dev.swarmlab")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.swarmlab.cli..")
        .check(CLASSES);
  }

  @Test
  void planAndComposeNeverTouchTheEngine() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.swarmlab.plan..", "dev.swarmlab.compose..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.swarmlab.engine..",
            "dev.swarmlab.monitor..",
            "dev.swarmlab.lab..",
            "com.github.dockerjava..")
        .check(CLASSES);
  }

  @Test
  void theRtorrentClientStandsAlone() {
    noClasses()
        .that()
        .resideInAPackage("dev.swarmlab.rtorrent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.swarmlab.plan..",
            "dev.swarmlab.compose..",
            "dev.swarmlab.engine..",
            "dev.swarmlab.monitor..",
            "dev.swarmlab.lab..",
            "dev.swarmlab.view..",
            "dev.swarmlab.error..")
        .check(CLASSES);
  }

  @Test
  void onlyTheDockerEngineUsesDockerJava() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.swarmlab.engine.docker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.github.dockerjava..")
        .check(CLASSES);
  }

  /** The packages each package may use, as README's code map and its package-info list them. */
  @ParameterizedTest
  @CsvSource({
    "error, ''",
    "wait, ''",
    "tracker, ''",
    "rtorrent, ''",
    "plan, error",
    "compose, plan error",
    "monitor, rtorrent engine tracker wait plan error",
    "view, monitor rtorrent plan",
    "engine, compose plan wait error",
    "engine.docker, engine compose plan wait error",
    "lab, engine compose plan error runs",
    "runs, rtorrent plan error",
    "report, runs rtorrent plan error",
    "web, monitor report view rtorrent plan error",
    "control, monitor engine rtorrent tracker plan error",
    "scenario, plan error",
  })
  void eachPackageUsesOnlyThePackagesItLists(String name, String allowed) {
    String[] packages =
        Stream.concat(Stream.of(name), Arrays.stream(allowed.split(" ")).filter(a -> !a.isEmpty()))
            .map(p -> "dev.swarmlab." + p)
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage("dev.swarmlab." + name)
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.swarmlab..").and(not(resideInAnyPackage(packages))))
        .check(CLASSES);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.swarmlab.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
