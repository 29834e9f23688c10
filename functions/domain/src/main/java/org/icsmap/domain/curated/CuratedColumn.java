package org.icsmap.domain.curated;

import org.icsmap.domain.feed.ColumnType;

/**
 * One column of a curated (pseudonymised) table.
 *
 * @param name        column name, the same in Parquet, Trino and Glue
 * @param type        its type
 * @param description what it holds, for the Glue catalogue and docs
 */
public record CuratedColumn(String name, ColumnType type, String description) {
}
