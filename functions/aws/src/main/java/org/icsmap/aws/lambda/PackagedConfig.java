package org.icsmap.aws.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;

/**
 * The ICS config a function was deployed with: {@code classpath:<resource>} (the jar, or the root of the
 * function's code package, which Lambda puts on the class path) or a file path. Packaged, never fetched, so a
 * function and its stack always agree and start-up reads nothing over the network.
 */
public final class PackagedConfig {

    public static final String DEFAULT_LOCATION = "classpath:ics.yaml";

    private PackagedConfig() {
    }

    /** @param variable the environment variable that named the location, for the error message */
    public static IcsConfig load(String location, String variable) {
        IcsConfigLoader loader = new IcsConfigLoader();
        if (!location.startsWith("classpath:")) {
            return loader.load(Path.of(location));
        }
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        try (InputStream in = PackagedConfig.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the ICS config " + location + " is not on the class path: package it as " + resource
                        + " at the root of the function's code, or point " + variable + " at a file");
            }
            return loader.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
