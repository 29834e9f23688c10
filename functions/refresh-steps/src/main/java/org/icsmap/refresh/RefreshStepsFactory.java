package org.icsmap.refresh;

import org.icsmap.sql.refresh.RefreshSteps;
import org.icsmap.sql.refresh.RefreshStepsActions;
import org.icsmap.sql.refresh.RenderOnlyQueryEngine;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.icsmap.aws.s3.S3ObjectStore;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.sql.refresh.RefreshPipeline;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires the refresh-steps function on AWS: the environment (read once), an S3 client for the audit records, and the
 * refresh plan over the ICS config. The plan only names and renders SQL here (Athena runs it, called by the state
 * machine itself), so the pipeline gets an engine that refuses to run anything.
 */
@Factory
public class RefreshStepsFactory {

    @Singleton
    RefreshStepsEnvironment environment() {
        return RefreshStepsEnvironment.from(System.getenv());
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Client s3(RefreshStepsEnvironment environment) {
        return S3Client.builder().region(Region.of(environment.region())).build();
    }

    @Singleton
    RefreshStepsActions actions(RefreshStepsEnvironment environment, S3Client s3) {
        return actions(environment, s3, Clock.systemUTC());
    }

    /** The function's actions on the given S3 client (the tests pass one of S3Mock). */
    public static RefreshStepsActions actions(RefreshStepsEnvironment environment, S3Client s3, Clock clock) {
        IcsConfig config = loadConfig(environment.configLocation());
        RefreshPipeline pipeline = new RefreshPipeline(new RenderOnlyQueryEngine(), config, environment.bucket());
        S3ObjectStore audit = new S3ObjectStore(s3, environment.auditBucket(), "", environment.sseKmsKeyId());
        return new RefreshStepsActions(new RefreshSteps(pipeline, audit, clock, RefreshSteps.Listener.NONE));
    }

    /** Loads the ICS config from {@code classpath:<resource>} (the function's code package) or a file path. */
    static IcsConfig loadConfig(String location) {
        IcsConfigLoader loader = new IcsConfigLoader();
        if (!location.startsWith("classpath:")) {
            return loader.load(Path.of(location));
        }
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        try (InputStream in = RefreshStepsFactory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the ICS config " + location + " is not on the class path: package it as " + resource
                        + " at the root of the function's code, or point " + RefreshStepsEnvironment.CONFIG + " at a file");
            }
            return loader.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
