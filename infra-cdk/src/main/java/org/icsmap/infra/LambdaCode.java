package org.icsmap.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import software.amazon.awscdk.services.lambda.Code;

/** Where each function's deployment package comes from. */
@FunctionalInterface
public interface LambdaCode {

    Code code(LambdaModule function);

    /**
     * The shaded jars the Maven build leaves in each function's {@code target/}. A missing jar fails synth with the
     * command that builds it: deploying a stale or absent function would be worse than not deploying.
     */
    static LambdaCode builtJars(Path repositoryRoot) {
        String version = projectVersion();
        return function -> {
            Path jar = repositoryRoot.resolve("functions").resolve(function.module()).resolve("target").resolve(function.jarName(version));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("the " + function.module() + " function's jar is missing: " + jar
                        + "; build the functions first: ./mvnw -B -pl functions/" + function.module() + " -am package -DskipTests");
            }
            return Code.fromAsset(jar.toString());
        };
    }

    /** The version the Maven build stamped into this module's resources. */
    static String projectVersion() {
        try (InputStream in = LambdaCode.class.getResourceAsStream("/icsmap-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("icsmap-build.properties is missing from the class path: build infra-cdk with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException("icsmap-build.properties has no project version: build infra-cdk with Maven");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
