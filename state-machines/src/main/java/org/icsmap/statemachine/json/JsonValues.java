package org.icsmap.statemachine.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/** Equality of JSON values, in the two senses the interpreter needs. */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * Same JSON document, number forms included: {@code 1} and {@code 1.0} differ, {@code 1} parsed
     * as an int and {@code 1} computed as a long do not. This is how recorded outputs are compared.
     */
    public static boolean sameJson(JsonNode a, JsonNode b) {
        return equal(a, b, true);
    }

    /**
     * Same JSON value, numbers compared by value ({@code 1 == 1.0}): what ArrayContains, ArrayUnique
     * and parameter matching need.
     */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        return equal(a, b, false);
    }

    private static boolean equal(JsonNode a, JsonNode b, boolean strictNumberForm) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            if (strictNumberForm && a.isIntegralNumber() != b.isIntegralNumber()) {
                return false;
            }
            BigDecimal x = a.decimalValue();
            BigDecimal y = b.decimalValue();
            return strictNumberForm && !a.isIntegralNumber() ? x.equals(y) : x.compareTo(y) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i), strictNumberForm)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!b.has(e.getKey()) || !equal(e.getValue(), b.get(e.getKey()), strictNumberForm)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
