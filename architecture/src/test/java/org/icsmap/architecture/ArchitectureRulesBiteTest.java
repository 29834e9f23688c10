package org.icsmap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.stream.Stream;
import org.icsmap.aws.violation.AdapterOnAFakeKms;
import org.icsmap.cli.violation.CliWritingParquetItself;
import org.icsmap.domain.violation.CleanDomainRule;
import org.icsmap.domain.violation.DomainCallingTheEngine;
import org.icsmap.domain.violation.ParquetSchemaInTheDomain;
import org.icsmap.engine.violation.EngineWritingToS3;
import org.icsmap.local.violation.LocalKeysInAnAwsRegion;
import org.icsmap.refresh.violation.RefreshStepsGeneratingPatients;
import org.icsmap.sql.violation.SqlNeedingTheCli;
import org.icsmap.sql.violation.SqlReadingSyntheticPatients;
import org.icsmap.statemachine.violation.InterpreterOnTrino;
import org.icsmap.uploadurl.violation.LambdaOnTheLocalHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule that never fails guards nothing: each rule here meets a test class written to break it (in a package named like
 * the module it pretends to be, imported on its own) and must report it, naming the dependency that broke it.
 */
class ArchitectureRulesBiteTest {

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(ArchitectureRules.DOMAIN_IS_RULES_ONLY, ParquetSchemaInTheDomain.class, "org.apache.parquet.schema.MessageType"),
                Arguments.of(ArchitectureRules.DOMAIN_DEPENDS_ON_NO_OTHER_MODULE, DomainCallingTheEngine.class,
                        "org.icsmap.engine.hashing.Hash128Set"),
                Arguments.of(ArchitectureRules.ENGINE_RUNS_IN_EITHER_HOME, EngineWritingToS3.class, "org.icsmap.aws.s3.S3ObjectStore"),
                Arguments.of(ArchitectureRules.REFRESH_AND_INTERPRETER_RUN_IN_EITHER_HOME, InterpreterOnTrino.class,
                        "org.icsmap.local.trino.TrinoLocalQueryEngine"),
                Arguments.of(ArchitectureRules.UPLOAD_URL_LAMBDA_IS_THIN, LambdaOnTheLocalHome.class, "org.icsmap.local.DirectoryObjectStore"),
                Arguments.of(ArchitectureRules.REFRESH_STEPS_LAMBDA_IS_THIN, RefreshStepsGeneratingPatients.class,
                        "org.icsmap.synthetic.SyntheticIcsGenerator"),
                Arguments.of(ArchitectureRules.CLI_ONLY_WIRES, CliWritingParquetItself.class, "org.icsmap.engine.curated.CuratedParquet"),
                Arguments.of(ArchitectureRules.NOTHING_BUT_BENCH_NEEDS_THE_CLI, SqlNeedingTheCli.class, "org.icsmap.cli.ExitCodes"),
                Arguments.of(ArchitectureRules.LOCAL_HOME_NEEDS_NO_AWS, LocalKeysInAnAwsRegion.class, "software.amazon.awssdk.regions.Region"),
                Arguments.of(ArchitectureRules.SYNTHETIC_ICS_ONLY_FOR_DEMO_AND_BENCH, SqlReadingSyntheticPatients.class,
                        "org.icsmap.synthetic.SyntheticIcsGenerator"),
                Arguments.of(ArchitectureRules.FIXTURES_ONLY_IN_TESTS, AdapterOnAFakeKms.class, "org.icsmap.fixtures.aws.FakeKms"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("violations")
    void aRuleReportsTheClassThatBreaksIt(ArchRule rule, Class<?> offender, String forbidden) {
        JavaClasses imported = new ClassFileImporter().importClasses(offender);

        EvaluationResult result = rule.evaluate(imported);

        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        // The dependency itself, not an empty selection (ArchUnit also fails a rule that matched no class).
        assertThat(result.getFailureReport().getDetails()).anySatisfy(line -> assertThat(line).contains(offender.getName()).contains(forbidden));
    }

    @Test
    void aClassThatBreaksNothingPassesEveryRule() {
        JavaClasses clean = new ClassFileImporter().importClasses(CleanDomainRule.class);

        assertThat(ArchitectureRules.all()).allSatisfy(rule -> assertThat(rule.allowEmptyShould(true).evaluate(clean).hasViolation())
                .as(rule.getDescription()).isFalse());
    }
}
