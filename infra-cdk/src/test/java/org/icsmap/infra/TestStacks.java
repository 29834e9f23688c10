package org.icsmap.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/** The example ICS's stack as the tests synthesise it (jsii's first call takes seconds: once per test class). */
final class TestStacks {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Path EXAMPLE_CONFIG = REPOSITORY.resolve("config/example-ics.yaml");
    static final Path STAND_IN_ASL = Path.of("src/test/resources/stand-in-refresh.asl.json").toAbsolutePath();

    private TestStacks() {
    }

    static IcsConfig exampleConfig() {
        return new IcsConfigLoader().load(EXAMPLE_CONFIG);
    }

    /** The real refresh.asl.json once it is in the repository, else the stand-in with the same placeholders. */
    static RefreshDefinition refreshDefinition() {
        RefreshDefinition real = RefreshDefinition.inRepository(REPOSITORY);
        return Files.isRegularFile(real.file()) ? real : new RefreshDefinition(STAND_IN_ASL);
    }

    /** The example ICS's stack, with both nag packs applied to its app. */
    static IcsmapStack example(App app) {
        IcsmapStack stack = new IcsmapStack(app, "IcsmapQJ2", new IcsmapStack.Props(exampleConfig(), EXAMPLE_CONFIG, refreshDefinition(),
                standInCode(), Refresh.DEFAULT_SCHEDULE, "platform-team@example.nhs.uk", StackProps.builder().build()));
        Aspects.of(app).add(new AwsSolutionsChecks());
        Aspects.of(app).add(new HIPAASecurityChecks());
        return stack;
    }

    /**
     * Tests run before the functions are packaged, so every function gets the same stand-in zip (tests only: the app
     * itself refuses to synthesise without the real jars).
     */
    static LambdaCode standInCode() {
        Path zip = Path.of("target/stand-in-lambda.zip").toAbsolutePath();
        try {
            if (!Files.exists(zip)) {
                Files.createDirectories(zip.getParent());
                try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
                    entries.putNextEntry(new ZipEntry("README.txt"));
                    entries.write("stand-in for a function jar in infra-cdk's tests\n".getBytes());
                    entries.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return function -> Code.fromAsset(zip.toString());
    }
}
