package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Pattern;
import org.icsmap.statemachine.StatesErrors;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.json.Timestamps;
import org.icsmap.statemachine.model.ComparisonOperator;
import org.icsmap.statemachine.model.Condition;

/**
 * Evaluates Choice conditions. A comparison between values of the wrong types is simply false
 * (StringEquals on a number, NumericEquals on a string), as the recorded AWS cases show.
 */
final class ChoiceEvaluator {

    private ChoiceEvaluator() {
    }

    static boolean matches(StateRun run, Condition condition, JsonNode input) {
        return switch (condition) {
            case Condition.And and -> and.conditions().stream().allMatch(c -> matches(run, c, input));
            case Condition.Or or -> or.conditions().stream().anyMatch(c -> matches(run, c, input));
            case Condition.Not not -> !matches(run, not.condition(), input);
            case Condition.Comparison comparison -> compare(run, comparison, input);
            case Condition.Jsonata jsonata -> {
                JsonNode value = StateIo.jsonata(run, jsonata.condition(), "Condition");
                if (!value.isBoolean()) {
                    throw StatesException.inState(StatesErrors.QUERY_EVALUATION_ERROR,
                            "The Condition field must evaluate to a boolean, but was " + value);
                }
                yield value.asBoolean();
            }
        };
    }

    private static boolean compare(StateRun run, Condition.Comparison comparison, JsonNode input) {
        ComparisonOperator operator = comparison.operator();
        Optional<JsonNode> found = JsonPathData.find(run, comparison.variable(), input);
        if (operator == ComparisonOperator.IS_PRESENT) {
            return found.isPresent() == comparison.operand().asBoolean();
        }
        JsonNode value = found.orElseThrow(() -> StatesException.runtime("Invalid path '" + comparison.variable()
                + "': The choice state's condition path references an invalid value."));
        JsonNode operand = comparison.operand();
        if (comparison.operandIsPath()) {
            String path = operand.asText();
            operand = JsonPathData.find(run, path, input).orElseThrow(() -> StatesException.runtime(
                    "Invalid path '" + path + "': The choice state's condition path references an invalid value."));
        }
        return switch (operator.family()) {
            case TYPE_TEST -> typeTest(operator, value) == operand.asBoolean();
            case STRING -> value.isTextual() && operand.isTextual()
                    && holds(operator.relation(), value.asText().compareTo(operand.asText()));
            case STRING_MATCHES -> value.isTextual() && wildcard(operand.asText()).matcher(value.asText()).matches();
            case NUMERIC -> value.isNumber() && operand.isNumber()
                    && holds(operator.relation(), value.decimalValue().compareTo(operand.decimalValue()));
            case BOOLEAN -> value.isBoolean() && operand.isBoolean() && value.asBoolean() == operand.asBoolean();
            case TIMESTAMP -> {
                OffsetDateTime left = timestamp(value);
                OffsetDateTime right = timestamp(operand);
                yield left != null && right != null && holds(operator.relation(), left.toInstant().compareTo(right.toInstant()));
            }
        };
    }

    private static boolean typeTest(ComparisonOperator operator, JsonNode value) {
        return switch (operator) {
            case IS_NULL -> value.isNull();
            case IS_NUMERIC -> value.isNumber();
            case IS_STRING -> value.isTextual();
            case IS_BOOLEAN -> value.isBoolean();
            case IS_TIMESTAMP -> timestamp(value) != null;
            default -> throw new IllegalArgumentException(operator.name());
        };
    }

    private static boolean holds(ComparisonOperator.Relation relation, int comparison) {
        return switch (relation) {
            case EQ -> comparison == 0;
            case LT -> comparison < 0;
            case GT -> comparison > 0;
            case LTE -> comparison <= 0;
            case GTE -> comparison >= 0;
        };
    }

    static OffsetDateTime timestamp(JsonNode value) {
        return value.isTextual() ? Timestamps.parse(value.asText()) : null;
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length() && (pattern.charAt(i + 1) == '*' || pattern.charAt(i + 1) == '\\')) {
                literal.append(pattern.charAt(++i));
            } else if (c == '*') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(".*");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
