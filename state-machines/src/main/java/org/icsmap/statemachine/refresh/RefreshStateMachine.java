package org.icsmap.statemachine.refresh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.icsmap.statemachine.model.StateMachine;

/**
 * The refresh state machine, {@code refresh.asl.json} on the class path: the single definition of a refresh, deployed
 * by the CDK stack with its placeholders substituted ({@code definitionSubstitutions}) and run locally by the ASL
 * interpreter after the same substitution.
 *
 * <p>The placeholders are a contract with the CDK stack: {@link #PLACEHOLDERS}, exactly.
 */
public final class RefreshStateMachine {

    /** Where the definition lives on the class path (and in this module's {@code src/main/resources}). */
    public static final String RESOURCE = "refresh.asl.json";

    /** Athena workgroup every query of a refresh runs in (result location, encryption, scan limits). */
    public static final String ATHENA_WORK_GROUP = "AthenaWorkGroup";
    /** Glue database the refresh's tables and views live in. */
    public static final String GLUE_DATABASE = "GlueDatabase";
    /** ARN of the refresh-steps Lambda function (plan, render, record). */
    public static final String REFRESH_STEPS_FUNCTION_ARN = "RefreshStepsFunctionArn";

    /** Every {@code ${…}} placeholder of the definition; the CDK stack must substitute each. */
    public static final List<String> PLACEHOLDERS = List.of(ATHENA_WORK_GROUP, GLUE_DATABASE, REFRESH_STEPS_FUNCTION_ARN);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private RefreshStateMachine() {
    }

    /** The definition as shipped, placeholders and all. */
    public static String template() {
        try (InputStream in = RefreshStateMachine.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (it ships in icsmap-state-machines)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The placeholders the template actually uses (a test keeps this equal to {@link #PLACEHOLDERS}). */
    public static TreeSet<String> placeholdersIn(String template) {
        TreeSet<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * The definition with every placeholder replaced, as Step Functions' definitionSubstitutions do it (plain text).
     * Fails naming any placeholder without a value, and any value for a placeholder the definition does not have.
     */
    public static String substitute(String template, Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        TreeSet<String> used = placeholdersIn(template);
        TreeSet<String> missing = new TreeSet<>(used);
        missing.removeAll(values.keySet());
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(used);
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("refresh state machine substitutions: missing " + missing + ", not in the definition " + unknown);
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length());
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value.contains("\"") || value.contains("\\")) {
                throw new IllegalArgumentException("substitution for " + matcher.group(1) + " may not contain quotes or backslashes: " + value);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The parsed definition with the given substitutions. */
    public static StateMachine load(Map<String, String> values) {
        return StateMachine.parse(substitute(template(), values));
    }
}
