package org.icsmap.domain.port;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL statement to run, named by its source so errors can say which file failed.
 *
 * <p>Parameters are {@code ${name}} placeholders ({@code name}: lower case, digits, underscores), each
 * replaced by one {@link SqlValue} token: an identifier (or part of one), a string, number or date literal,
 * or an {@code s3://} location. Every placeholder needs a value and every value a placeholder, so a typo
 * fails before the engine sees the statement. {@code ${} has no other meaning in SQL files, comments
 * included. A single trailing semicolon is dropped (Athena and Trino take one statement without it).
 */
public record SqlScript(String source, String sql, Map<String, SqlValue> parameters) {

    /** Where SQL files live on the classpath: {@code sql/<source>}, e.g. {@code sql/marts/cost_by_practice.sql}. */
    public static final String RESOURCE_ROOT = "sql/";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public SqlScript {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sql, "sql");
        parameters = Map.copyOf(parameters);
        parameters.keySet().forEach(name -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(source + ": not a valid parameter name: '" + name + "'");
            }
        });
    }

    /** A statement with no parameters yet; {@code source} names it in errors. */
    public static SqlScript of(String source, String sql) {
        return new SqlScript(source, sql, Map.of());
    }

    /** Loads {@code sql/<source>} (UTF-8) from the classpath. */
    public static SqlScript fromResource(String source) {
        String resource = RESOURCE_ROOT + source;
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL file on the classpath at " + resource);
            }
            return of(source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** This script with one more parameter (replacing any value already given for the name). */
    public SqlScript with(String name, SqlValue value) {
        Objects.requireNonNull(value, "value");
        Map<String, SqlValue> more = new LinkedHashMap<>(parameters);
        more.put(name, value);
        return new SqlScript(source, sql, more);
    }

    /**
     * The statement the engine runs: placeholders replaced, surrounding blanks and one trailing semicolon
     * removed. Throws {@link IllegalArgumentException} naming the source for a malformed placeholder, a
     * placeholder without a value, or a value without a placeholder.
     */
    public String render() {
        if (PLACEHOLDER.matcher(sql).replaceAll("").contains("${")) {
            throw new IllegalArgumentException(source + ": unterminated placeholder");
        }
        Matcher matcher = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length());
        TreeSet<String> used = new TreeSet<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(source + ": malformed placeholder ${" + name + "}");
            }
            SqlValue value = parameters.get(name);
            if (value == null) {
                throw new IllegalArgumentException(source + ": no value for ${" + name + "}");
            }
            used.add(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.render()));
        }
        matcher.appendTail(out);
        TreeSet<String> unused = new TreeSet<>(parameters.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(source + ": parameters not used by the SQL: " + unused);
        }
        String statement = out.toString().strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        return statement;
    }

    @Override
    public String toString() {
        return "SqlScript[" + source + ", parameters=" + new TreeSet<>(parameters.keySet()) + "]";
    }
}
