package org.icsmap.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Every module's production classes (this module depends on each, test classes left out) held to {@link ArchitectureRules}. */
@AnalyzeClasses(packages = "org.icsmap", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsRulesOnly = ArchitectureRules.DOMAIN_IS_RULES_ONLY;

    @ArchTest
    static final ArchRule domainDependsOnNoOtherModule = ArchitectureRules.DOMAIN_DEPENDS_ON_NO_OTHER_MODULE;

    @ArchTest
    static final ArchRule engineRunsInEitherHome = ArchitectureRules.ENGINE_RUNS_IN_EITHER_HOME;

    @ArchTest
    static final ArchRule refreshAndInterpreterRunInEitherHome = ArchitectureRules.REFRESH_AND_INTERPRETER_RUN_IN_EITHER_HOME;

    @ArchTest
    static final ArchRule ingestLambdaIsThin = ArchitectureRules.INGEST_LAMBDA_IS_THIN;

    @ArchTest
    static final ArchRule uploadUrlLambdaIsThin = ArchitectureRules.UPLOAD_URL_LAMBDA_IS_THIN;

    @ArchTest
    static final ArchRule reidentifyLambdaIsThin = ArchitectureRules.REIDENTIFY_LAMBDA_IS_THIN;

    @ArchTest
    static final ArchRule refreshStepsLambdaIsThin = ArchitectureRules.REFRESH_STEPS_LAMBDA_IS_THIN;

    @ArchTest
    static final ArchRule cliOnlyWires = ArchitectureRules.CLI_ONLY_WIRES;

    @ArchTest
    static final ArchRule nothingButBenchNeedsTheCli = ArchitectureRules.NOTHING_BUT_BENCH_NEEDS_THE_CLI;

    @ArchTest
    static final ArchRule localHomeNeedsNoAws = ArchitectureRules.LOCAL_HOME_NEEDS_NO_AWS;

    @ArchTest
    static final ArchRule syntheticIcsOnlyForDemoAndBench = ArchitectureRules.SYNTHETIC_ICS_ONLY_FOR_DEMO_AND_BENCH;

    @ArchTest
    static final ArchRule fixturesOnlyInTests = ArchitectureRules.FIXTURES_ONLY_IN_TESTS;
}
