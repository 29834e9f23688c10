package org.icsmap.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;

/**
 * The dependency direction of DESIGN.md ("Repository layout", "Dependency direction") as rules: the domain is rules
 * only, the ingest engine runs in either home, the Lambdas are thin, the CLI only wires, and the test helpers and the
 * synthetic ICS stay out of what is deployed. {@link ArchitectureTest} holds every module's production classes to
 * them; {@link ArchitectureRulesBiteTest} shows each of them failing on a class that breaks it.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    static final String AWS_SDK = "software.amazon..";
    /** The SDK's own Lambda runtime interfaces live here (Micronaut's function handlers bring them). */
    static final String LAMBDA_RUNTIME = "com.amazonaws.services.lambda..";
    static final String TRINO = "io.trino..";
    static final String DUCKDB = "org.duckdb..";
    static final String[] PARQUET = {"org.apache.parquet..", "blue.strategic.parquet.."};
    static final String ZSTD = "com.github.luben..";
    static final String HADOOP = "org.apache.hadoop..";
    static final String MICRONAUT = "io.micronaut..";

    static final String DOMAIN = "org.icsmap.domain..";
    static final String ENGINE = "org.icsmap.engine..";
    static final String AWS_ADAPTERS = "org.icsmap.aws..";
    static final String REFRESH_PLAN = "org.icsmap.sql..";
    static final String LOCAL_ADAPTERS = "org.icsmap.local..";
    static final String CLI = "org.icsmap.cli..";
    static final String BENCH = "org.icsmap.bench..";
    static final String SYNTHETIC = "org.icsmap.synthetic..";
    static final String FIXTURES = "org.icsmap.fixtures..";

    /** The Lambda functions, each its own package (the domain and the engine have packages named ingest too, but deeper). */
    static final String INGEST_LAMBDA = "org.icsmap.ingest..";
    static final String UPLOAD_URL_LAMBDA = "org.icsmap.uploadurl..";
    static final String REIDENTIFY_LAMBDA = "org.icsmap.reidentify..";
    static final String REFRESH_STEPS_LAMBDA = "org.icsmap.refresh..";

    /** The domain is the words and rules of the ICS: whatever runs it (AWS, Trino, a Parquet file) comes in through its ports. */
    static final ArchRule DOMAIN_IS_RULES_ONLY = noClasses().that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat(resideInAnyPackage(Stream.concat(Stream.of(AWS_SDK, LAMBDA_RUNTIME, TRINO, DUCKDB, ZSTD, HADOOP,
                    MICRONAUT), Stream.of(PARQUET)).toArray(String[]::new)))
            .as("the domain depends on no infrastructure library (AWS SDK, Trino, DuckDB, Parquet, zstd, Hadoop, Micronaut)");

    /** Every other module depends on the domain, so the domain depending on one of them would be a cycle in the design. */
    static final ArchRule DOMAIN_DEPENDS_ON_NO_OTHER_MODULE = noClasses().that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat(resideInAPackage("org.icsmap..").and(not(resideInAPackage(DOMAIN))))
            .as("the domain depends on no other icsmap module");

    /**
     * The engine is what ingest runs on in both homes (the ingest Lambda on AWS, the CLI locally): it reaches storage and keys
     * only through the domain's ports, never an adapter of either home.
     */
    static final ArchRule ENGINE_RUNS_IN_EITHER_HOME = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat(resideInAnyPackage(AWS_SDK, TRINO, DUCKDB, AWS_ADAPTERS, LOCAL_ADAPTERS, CLI))
            .as("the ingest engine depends on no AWS SDK, Trino, DuckDB, AWS or local adapter, or the CLI");

    static final String INTERPRETER = "org.icsmap.statemachine..";

    /**
     * The refresh plan with its SQL and the ASL interpreter are one code path for both homes (Athena and Step Functions on
     * AWS, Trino and the interpreter locally): the home's adapters are handed to them, never named by them.
     */
    static final ArchRule REFRESH_AND_INTERPRETER_RUN_IN_EITHER_HOME = noClasses().that().resideInAnyPackage(REFRESH_PLAN, INTERPRETER)
            .should().dependOnClassesThat(resideInAnyPackage(AWS_SDK, TRINO, DUCKDB, AWS_ADAPTERS, LOCAL_ADAPTERS, CLI))
            .as("the refresh plan and the ASL interpreter depend on no AWS SDK, Trino, DuckDB, AWS or local adapter, or the CLI");

    /** What every Lambda may use: the JDK, the domain, the engine, the AWS adapters, and the libraries a function is made of. */
    private static final String[] LAMBDA_MAY_USE = {"java..", "javax..", "jakarta..", DOMAIN, ENGINE, AWS_ADAPTERS, AWS_SDK, LAMBDA_RUNTIME,
            MICRONAUT, "com.fasterxml.jackson..", "org.slf4j.."};

    /**
     * A Lambda is thin: it parses the event, calls one domain service and maps the result, so it depends only on the domain,
     * the engine, the AWS adapters and its function libraries; never on the local home, the CLI, the synthetic ICS, the
     * test fixtures, Trino or DuckDB, none of which belongs in a deployed jar. Each function is held to its own package
     * so one Lambda does not reach into another.
     */
    static ArchRule lambdaIsThin(String lambdaPackage, String... alsoMayUse) {
        String[] allowed = Stream.of(LAMBDA_MAY_USE, alsoMayUse, new String[] {lambdaPackage}).flatMap(Stream::of).toArray(String[]::new);
        return classes().that().resideInAPackage(lambdaPackage).should().onlyDependOnClassesThat(resideInAnyPackage(allowed))
                .as("the Lambda " + lambdaPackage + " depends only on the domain, the engine, the AWS adapters"
                        + (alsoMayUse.length == 0 ? "" : ", " + String.join(", ", alsoMayUse))
                        + ", the JDK and its function libraries");
    }

    static final ArchRule INGEST_LAMBDA_IS_THIN = lambdaIsThin(INGEST_LAMBDA);
    static final ArchRule UPLOAD_URL_LAMBDA_IS_THIN = lambdaIsThin(UPLOAD_URL_LAMBDA);
    static final ArchRule REIDENTIFY_LAMBDA_IS_THIN = lambdaIsThin(REIDENTIFY_LAMBDA);
    /** refresh-steps renders the refresh plan's SQL, which lives beside the SQL files in the sql module. */
    static final ArchRule REFRESH_STEPS_LAMBDA_IS_THIN = lambdaIsThin(REFRESH_STEPS_LAMBDA, REFRESH_PLAN);

    /**
     * The CLI only wires: it picks the local adapters and hands them to the domain's services and the engine's
     * IngestService. Whatever needs an infrastructure library directly belongs in an adapter, where the other home can
     * have its own; and the engine's Parquet writers and hashing are IngestService's business, not the command line's.
     */
    static final ArchRule CLI_ONLY_WIRES = noClasses().that().resideInAPackage(CLI)
            .should().dependOnClassesThat(resideInAnyPackage(Stream.concat(Stream.of(TRINO, DUCKDB, AWS_SDK,
                    "org.icsmap.engine.curated..", "org.icsmap.engine.hashing.."), Stream.of(PARQUET)).toArray(String[]::new)))
            .as("the CLI uses ports, services and adapters, not Trino, DuckDB, Parquet, the AWS SDK or the engine's internals");

    /** Only the benchmarks plug into the command line (through CommandProvider); nothing deployed may need it. */
    static final ArchRule NOTHING_BUT_BENCH_NEEDS_THE_CLI = noClasses().that().resideOutsideOfPackages(CLI, BENCH)
            .should().dependOnClassesThat(resideInAPackage(CLI))
            .as("nothing outside the CLI depends on it, except the benchmarks");

    /** The local home stands in for AWS; if it needed the SDK, the embedded default would not run without an account. */
    static final ArchRule LOCAL_HOME_NEEDS_NO_AWS = noClasses().that().resideInAPackage(LOCAL_ADAPTERS)
            .should().dependOnClassesThat(resideInAPackage(AWS_SDK))
            .as("the local adapters depend on no AWS SDK");

    /** The synthetic ICS makes fake patients for the demo and the benchmarks; no deployed code may produce or read them. */
    static final ArchRule SYNTHETIC_ICS_ONLY_FOR_DEMO_AND_BENCH = noClasses().that().resideOutsideOfPackages(SYNTHETIC, CLI, BENCH)
            .should().dependOnClassesThat(resideInAPackage(SYNTHETIC))
            .as("only the CLI and the benchmarks depend on the synthetic ICS");

    /** The AWS emulator helpers are for tests; production code depending on them would ship a fake. */
    static final ArchRule FIXTURES_ONLY_IN_TESTS = noClasses().that(resideOutsideOfPackages(FIXTURES))
            .should().dependOnClassesThat(resideInAPackage(FIXTURES))
            .as("no production code depends on the test fixtures");

    static Stream<ArchRule> all() {
        return Stream.of(DOMAIN_IS_RULES_ONLY, DOMAIN_DEPENDS_ON_NO_OTHER_MODULE, ENGINE_RUNS_IN_EITHER_HOME,
                REFRESH_AND_INTERPRETER_RUN_IN_EITHER_HOME, INGEST_LAMBDA_IS_THIN,
                UPLOAD_URL_LAMBDA_IS_THIN, REIDENTIFY_LAMBDA_IS_THIN, REFRESH_STEPS_LAMBDA_IS_THIN, CLI_ONLY_WIRES,
                NOTHING_BUT_BENCH_NEEDS_THE_CLI, LOCAL_HOME_NEEDS_NO_AWS, SYNTHETIC_ICS_ONLY_FOR_DEMO_AND_BENCH, FIXTURES_ONLY_IN_TESTS);
    }
}
