package org.icsmap.domain.port;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A value for a {@code ${name}} placeholder in a {@link SqlScript}. Each kind is validated when it is made
 * and rendered as exactly one SQL token, so a parameter can never change the shape of a statement.
 */
public sealed interface SqlValue {

    /** The SQL text that replaces the placeholder. */
    String render();

    /**
     * An unquoted identifier or part of one (a table or schema name, a snapshot id in a table name):
     * lower-case letters, digits and underscores only, as Glue and Athena want them.
     */
    record Identifier(String name) implements SqlValue {
        private static final Pattern VALID = Pattern.compile("[a-z0-9_]{1,128}");

        public Identifier {
            Objects.requireNonNull(name, "name");
            if (!VALID.matcher(name).matches()) {
                throw new IllegalArgumentException("not a valid identifier (a-z, 0-9, _; at most 128): '" + name + "'");
            }
        }

        @Override
        public String render() {
            return name;
        }
    }

    /** A string literal: rendered in single quotes with quotes doubled; control characters are refused. */
    record Text(String value) implements SqlValue {
        public Text {
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    throw new IllegalArgumentException("text parameter contains a control character at " + i);
                }
            }
        }

        @Override
        public String render() {
            return "'" + value.replace("'", "''") + "'";
        }
    }

    /** A numeric literal, written in plain notation (never {@code 1E+3}). */
    record Number(BigDecimal value) implements SqlValue {
        public Number {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return value.toPlainString();
        }
    }

    /** A date literal: {@code DATE '2025-03-31'}. */
    record Date(LocalDate value) implements SqlValue {
        public Date {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return "DATE '" + value + "'";
        }
    }

    /**
     * A storage location, always as an S3 URI: {@code s3://bucket/key/}. Rendered as a string literal for
     * {@code external_location} and procedure arguments; the local engine rewrites it to its own root.
     * The key may hold letters, digits and {@code / _ - . = !} only (partition directories use {@code =}).
     */
    record Location(String uri) implements SqlValue {
        private static final Pattern VALID =
                Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9/_.=!-]*)?");

        public Location {
            Objects.requireNonNull(uri, "uri");
            if (!VALID.matcher(uri).matches() || uri.indexOf("//", "s3://".length()) >= 0 || uri.contains("..")) {
                throw new IllegalArgumentException("not a valid s3://bucket/key location: '" + uri + "'");
            }
        }

        /** The location of a key (or key prefix) in a bucket. */
        public static Location of(String bucket, String key) {
            return new Location("s3://" + bucket + "/" + key);
        }

        /** The location of a key below this one: {@code s3://b/marts/} + {@code snapshot=7/} is {@code s3://b/marts/snapshot=7/}. */
        public Location resolve(String relativeKey) {
            return new Location(uri.endsWith("/") ? uri + relativeKey : uri + "/" + relativeKey);
        }

        @Override
        public String render() {
            return "'" + uri + "'";
        }
    }

    static Identifier identifier(String name) {
        return new Identifier(name);
    }

    static Text text(String value) {
        return new Text(value);
    }

    static Number number(long value) {
        return new Number(BigDecimal.valueOf(value));
    }

    static Number number(BigDecimal value) {
        return new Number(value);
    }

    static Date date(LocalDate value) {
        return new Date(value);
    }

    static Location location(String bucket, String key) {
        return Location.of(bucket, key);
    }
}
