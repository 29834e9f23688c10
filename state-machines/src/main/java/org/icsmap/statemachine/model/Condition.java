package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A Choice rule's boolean expression. */
public sealed interface Condition {

    record And(List<Condition> conditions) implements Condition {
    }

    record Or(List<Condition> conditions) implements Condition {
    }

    record Not(Condition condition) implements Condition {
    }

    /**
     * {@code Variable} compared with a literal operand, or with the value at a path when the
     * field was the {@code ...Path} variant (the operand is then the path string).
     */
    record Comparison(String variable, ComparisonOperator operator, JsonNode operand, boolean operandIsPath)
            implements Condition {
    }

    /** JSONata's {@code Condition}: an expression (or literal) that must yield a boolean. */
    record Jsonata(JsonNode condition) implements Condition {
    }
}
