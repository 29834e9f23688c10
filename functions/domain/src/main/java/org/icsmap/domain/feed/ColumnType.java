package org.icsmap.domain.feed;

/** How a column's value is stored once validated: the Parquet, Trino and Glue types derive from this. */
public enum ColumnType {
    STRING("varchar", "string"),
    DATE("date", "date"),
    INTEGER("integer", "int"),
    /** Pounds and pence: at most two decimal places, never negative. */
    MONEY("decimal(18,2)", "decimal(18,2)");

    private final String trinoType;
    private final String glueType;

    ColumnType(String trinoType, String glueType) {
        this.trinoType = trinoType;
        this.glueType = glueType;
    }

    public String trinoType() {
        return trinoType;
    }

    public String glueType() {
        return glueType;
    }
}
