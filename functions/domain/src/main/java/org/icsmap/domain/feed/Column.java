package org.icsmap.domain.feed;

import java.util.Objects;

/**
 * One column of a canonical feed: the single definition that validation, the curated Parquet schema,
 * the SQL and Glue tables and docs/feeds.md are all generated from.
 *
 * @param name        canonical CSV header name (snake_case)
 * @param type        how the validated value is stored
 * @param required    whether an empty value fails with {@link ReasonCode#REQUIRED_MISSING}
 * @param format      the expected textual form, for people
 * @param rule        what a valid value is, and the reason code a failure gets
 * @param handling    what ingest does with it after validation
 * @param description what it means
 */
public record Column(String name, ColumnType type, boolean required, String format, Rule rule, Handling handling,
                     String description) {

    public Column {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(format);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(handling);
        Objects.requireNonNull(description);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column names are snake_case: " + name);
        }
    }

    /** The reason code an empty value gets, or {@code null} if empty is fine. */
    public ReasonCode reasonWhenEmpty() {
        if (!required && rule instanceof Rule.NhsNumber) {
            return ReasonCode.NHS_NUMBER_MISSING;
        }
        return required ? ReasonCode.REQUIRED_MISSING : null;
    }
}
