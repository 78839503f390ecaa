package io.celebaspark;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Arrays;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package map's rules (docs/architecture.md), checked on the production classes so that a change that
 * breaks one fails the fast tier instead of waiting for someone to notice: the pure core stays free of Spark,
 * DL4J and ND4J, packages form no cycle, the command line is the top, and the tensors-table contract does not
 * depend on the jobs that write or read it.
 */
@AnalyzeClasses(packages = "io.celebaspark", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Where the logic lives, unit-tested in milliseconds (exact packages: {@code metrics.tables} is an adapter). */
    static final String[] PURE_CORE = {"io.celebaspark.config", "io.celebaspark.train.control",
            "io.celebaspark.train.noise", "io.celebaspark.metrics", "io.celebaspark.report.stats", "io.celebaspark.image", "io.celebaspark.synth"};

    /** What the pure core may use of the project besides itself: CelebA's files and names (Hadoop paths only). */
    static final String[] PURE_CORE_AND_DATA = Stream.concat(Arrays.stream(PURE_CORE), Stream.of("io.celebaspark.data"))
            .toArray(String[]::new);

    @ArchTest
    static final ArchRule pureCoreUsesNoSparkDl4jOrNd4j = noClasses().that().resideInAnyPackage(PURE_CORE)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..",
                    "org.deeplearning4j..", "org.nd4j..", "org.bytedeco..", "io.delta..")
            .because("the core's logic is tested in milliseconds without a SparkSession or native libraries");

    @ArchTest
    static final ArchRule pureCoreUsesOnlyPureProjectPackages = classes().that().resideInAnyPackage(PURE_CORE)
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.celebaspark..")
                    .or(resideInAnyPackage(PURE_CORE_AND_DATA)))
            .because("a pure package that imports an adapter package is pure in name only");

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.celebaspark.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("io.celebaspark.cli").should().dependOnClassesThat().resideInAPackage("io.celebaspark.cli")
            .because("cli is the top of the graph: jobs are called by it, never the other way round");

    @ArchTest
    static final ArchRule tensorsContractStandsAlone = classes().that().resideInAPackage("io.celebaspark.tensors")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.celebaspark..")
                    .or(resideInAnyPackage("io.celebaspark.tensors", "io.celebaspark.data", "io.celebaspark.image")))
            .because("preprocess writes the tensors table and model, train and predict read it: the contract"
                    + " belongs to neither side");

    @ArchTest
    static final ArchRule onlyTheCommandLineAndBenchmarksCallThePreprocessJob = noClasses()
            .that().resideOutsideOfPackages("io.celebaspark.preprocess", "io.celebaspark.cli", "io.celebaspark.bench")
            .should().dependOnClassesThat().resideInAPackage("io.celebaspark.preprocess")
            .because("readers of the preprocessed data use the tensors contract, not the job that wrote it");
}
