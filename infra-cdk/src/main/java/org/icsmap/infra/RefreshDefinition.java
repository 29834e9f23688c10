package org.icsmap.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The refresh state machine's definition: the very file the local ASL interpreter executes, deployed with its
 * {@code ${…}} placeholders substituted by Step Functions ({@code DefinitionSubstitutions}). Synth fails if the file
 * uses a placeholder the stack has no value for, rather than deploying a definition that fails at run time.
 *
 * @param file the ASL file
 */
public record RefreshDefinition(Path file) {

    /** Where the definition lives in the repository. */
    public static final String PATH = "state-machines/src/main/resources/refresh.asl.json";

    /** The Athena workgroup the refresh's queries run in. */
    public static final String ATHENA_WORK_GROUP = "AthenaWorkGroup";
    /** The Glue database holding curated tables, marts and views. */
    public static final String GLUE_DATABASE = "GlueDatabase";
    /** The refresh-steps function (plan, render a step's SQL, record the outcome). */
    public static final String REFRESH_STEPS_FUNCTION_ARN = "RefreshStepsFunctionArn";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    public static RefreshDefinition inRepository(Path repositoryRoot) {
        return new RefreshDefinition(repositoryRoot.resolve(PATH));
    }

    public String text() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the refresh state machine definition is missing: " + file);
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            new ObjectMapper().readTree(text);
            return text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the refresh state machine definition is not JSON: " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The placeholder names the file uses, e.g. {@code AthenaWorkGroup}. */
    public Set<String> placeholders() {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * The substitutions for the placeholders the file uses, from the values the stack offers; fails naming every
     * placeholder without a value.
     */
    public Map<String, String> substitutions(Map<String, String> offered) {
        Set<String> used = placeholders();
        Set<String> unmapped = new TreeSet<>(used);
        unmapped.removeAll(offered.keySet());
        if (!unmapped.isEmpty()) {
            throw new IllegalStateException(file + " uses placeholders the CDK stack does not map: "
                    + String.join(", ", unmapped.stream().map(n -> "${" + n + "}").toList())
                    + "; the stack maps " + String.join(", ", new TreeSet<>(offered.keySet()).stream().map(n -> "${" + n + "}").toList())
                    + " (RefreshDefinition)");
        }
        Map<String, String> substitutions = new TreeMap<>();
        used.forEach(name -> substitutions.put(name, offered.get(name)));
        return substitutions;
    }
}
