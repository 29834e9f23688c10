package org.icsmap.statemachine.model;

import java.util.HashMap;
import java.util.Map;

/** Every Choice comparison operator of ASL, by the field name that introduces it. */
public enum ComparisonOperator {
    STRING_EQUALS(Family.STRING, Relation.EQ),
    STRING_LESS_THAN(Family.STRING, Relation.LT),
    STRING_GREATER_THAN(Family.STRING, Relation.GT),
    STRING_LESS_THAN_EQUALS(Family.STRING, Relation.LTE),
    STRING_GREATER_THAN_EQUALS(Family.STRING, Relation.GTE),
    STRING_MATCHES(Family.STRING_MATCHES, null),
    NUMERIC_EQUALS(Family.NUMERIC, Relation.EQ),
    NUMERIC_LESS_THAN(Family.NUMERIC, Relation.LT),
    NUMERIC_GREATER_THAN(Family.NUMERIC, Relation.GT),
    NUMERIC_LESS_THAN_EQUALS(Family.NUMERIC, Relation.LTE),
    NUMERIC_GREATER_THAN_EQUALS(Family.NUMERIC, Relation.GTE),
    BOOLEAN_EQUALS(Family.BOOLEAN, Relation.EQ),
    TIMESTAMP_EQUALS(Family.TIMESTAMP, Relation.EQ),
    TIMESTAMP_LESS_THAN(Family.TIMESTAMP, Relation.LT),
    TIMESTAMP_GREATER_THAN(Family.TIMESTAMP, Relation.GT),
    TIMESTAMP_LESS_THAN_EQUALS(Family.TIMESTAMP, Relation.LTE),
    TIMESTAMP_GREATER_THAN_EQUALS(Family.TIMESTAMP, Relation.GTE),
    IS_NULL(Family.TYPE_TEST, null),
    IS_PRESENT(Family.TYPE_TEST, null),
    IS_NUMERIC(Family.TYPE_TEST, null),
    IS_STRING(Family.TYPE_TEST, null),
    IS_BOOLEAN(Family.TYPE_TEST, null),
    IS_TIMESTAMP(Family.TYPE_TEST, null);

    public enum Family { STRING, STRING_MATCHES, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

    public enum Relation { EQ, LT, GT, LTE, GTE }

    private final Family family;
    private final Relation relation;

    ComparisonOperator(Family family, Relation relation) {
        this.family = family;
        this.relation = relation;
    }

    public Family family() {
        return family;
    }

    public Relation relation() {
        return relation;
    }

    /** The ASL field name, e.g. {@code NumericLessThanEquals}. */
    public String aslName() {
        StringBuilder out = new StringBuilder();
        for (String word : name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return out.toString();
    }

    /** Whether this operator also exists as a {@code ...Path} variant comparing two paths. */
    public boolean hasPathVariant() {
        return family != Family.TYPE_TEST && family != Family.STRING_MATCHES;
    }

    private static final Map<String, ComparisonOperator> BY_NAME = new HashMap<>();

    static {
        for (ComparisonOperator op : values()) {
            BY_NAME.put(op.aslName(), op);
        }
    }

    /** The operator a field name denotes (without a {@code Path} suffix), or null. */
    public static ComparisonOperator fromAsl(String field) {
        return BY_NAME.get(field);
    }
}
