package org.icsmap.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icsmap.statemachine.Asl.json;
import static org.icsmap.statemachine.Asl.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChoiceOperatorsTest {

    /** Whether {@code rule} (a choice rule without Next) matches {@code input}. */
    private static boolean matches(String rule, String input) {
        ExecutionResult result = run("""
                {"StartAt": "Check", "States": {
                  "Check": {"Type": "Choice", "Choices": [%s], "Default": "No"},
                  "Yes": {"Type": "Pass", "Result": true, "End": true},
                  "No": {"Type": "Pass", "Result": false, "End": true}}}"""
                .formatted(rule.replaceFirst("}\\s*$", ", \"Next\": \"Yes\"}")), input);
        assertThat(result.status()).as(result.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return result.output().asBoolean();
    }

    @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "StringEquals             | '\"abc\"' | '\"abc\"' | true",
        "StringEquals             | '\"abc\"' | '\"abd\"' | false",
        "StringEquals             | '\"abc\"' | '1'     | false",
        "StringLessThan           | '\"abc\"' | '\"abb\"' | true",
        "StringLessThan           | '\"abc\"' | '\"abc\"' | false",
        "StringGreaterThan        | '\"abc\"' | '\"abd\"' | true",
        "StringLessThanEquals     | '\"abc\"' | '\"abc\"' | true",
        "StringGreaterThanEquals  | '\"abc\"' | '\"abb\"' | false",
        "NumericEquals            | 1       | 1.0     | true",
        "NumericEquals            | 1       | '\"1\"'   | false",
        "NumericLessThan          | 1.5     | 1.49    | true",
        "NumericGreaterThan       | 1.5     | 1.51    | true",
        "NumericLessThanEquals    | -2      | -2      | true",
        "NumericGreaterThanEquals | 10      | 9.99    | false",
        "BooleanEquals            | true    | true    | true",
        "BooleanEquals            | false   | true    | false",
        "BooleanEquals            | true    | '\"true\"' | false",
        "TimestampEquals          | '\"2025-01-01T00:00:00Z\"' | '\"2025-01-01T01:00:00+01:00\"' | true",
        "TimestampLessThan        | '\"2025-01-01T00:00:00Z\"' | '\"2024-12-31T23:59:59Z\"'      | true",
        "TimestampGreaterThan     | '\"2025-01-01T00:00:00Z\"' | '\"2025-01-01T00:00:00.001Z\"'  | true",
        "TimestampLessThanEquals  | '\"2025-01-01T00:00:00Z\"' | '\"2025-01-01T00:00:00Z\"'      | true",
        "TimestampGreaterThanEquals | '\"2025-01-01T00:00:00Z\"' | '\"2025-01-01\"'              | false",
    })
    void comparisonsWithLiterals(String operator, String operand, String value, boolean expected) {
        assertThat(matches("{\"Variable\": \"$.v\", \"" + operator + "\": " + operand + "}", "{\"v\": " + value + "}"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}Path {1} vs {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "StringEquals             | '\"a\"'   | '\"a\"'   | true",
        "StringLessThan           | '\"a\"'   | '\"b\"'   | true",
        "StringGreaterThanEquals  | '\"a\"'   | '\"b\"'   | false",
        "NumericEquals            | '2'       | '2.00'    | true",
        "NumericGreaterThan       | '3'       | '2'       | true",
        "NumericLessThanEquals    | '3'       | '2'       | false",
        "BooleanEquals            | 'false'   | 'false'   | true",
        "TimestampGreaterThan     | '\"2025-01-02T00:00:00Z\"' | '\"2025-01-01T00:00:00Z\"' | true",
        "TimestampEquals          | '\"2025-01-02T00:00:00Z\"' | '\"not a time\"'          | false",
    })
    void comparisonsWithPaths(String operator, String left, String right, boolean expected) {
        assertThat(matches("{\"Variable\": \"$.a\", \"" + operator + "Path\": \"$.b\"}",
                "{\"a\": " + left + ", \"b\": " + right + "}")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "IsNull      | null                     | true",
        "IsNull      | 0                        | false",
        "IsNumeric   | 1.5                      | true",
        "IsNumeric   | '\"1\"'                  | false",
        "IsString    | '\"\"'                   | true",
        "IsString    | '[]'                     | false",
        "IsBoolean   | false                    | true",
        "IsBoolean   | 'null'                   | false",
        "IsTimestamp | '\"2025-03-01T09:30:00Z\"' | true",
        "IsTimestamp | '\"2025-03-01\"'         | false",
        "IsTimestamp | '\"2025-03-01t09:30:00z\"' | false",
        "IsPresent   | null                     | true",
    })
    void typeTests(String operator, String value, boolean expected) {
        assertThat(matches("{\"Variable\": \"$.v\", \"" + operator + "\": true}", "{\"v\": " + value + "}"))
                .isEqualTo(expected);
        assertThat(matches("{\"Variable\": \"$.v\", \"" + operator + "\": false}", "{\"v\": " + value + "}"))
                .isEqualTo(!expected);
    }

    @Test
    void isPresentIsFalseForAMissingField() {
        assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": true}", "{}")).isFalse();
        assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": false}", "{}")).isTrue();
    }

    @ParameterizedTest(name = "''{1}'' matches ''{0}'' -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "log-*.txt         | log-2025.txt  | true",
        "log-*.txt         | log-.txt      | true",
        "log-*.txt         | log-2025.csv  | false",
        "*                 | anything      | true",
        "a*b*c             | aXXbYYc       | true",
        "a*b*c             | acb           | false",
        "literal\\\\*star  | literal*star  | true",
        "literal\\\\*star  | literalXstar  | false",
        "back\\\\\\\\slash | back\\slash   | true",
        "dots.are(literal) | dots.are(literal) | true",
        "dots.are(literal) | dotsXare(literal) | false",
    })
    void stringMatchesWildcards(String pattern, String value, boolean expected) {
        // The CSV holds JSON-escaped text: \\ in the pattern is one backslash in the definition.
        assertThat(matches("{\"Variable\": \"$.v\", \"StringMatches\": \"" + pattern + "\"}",
                "{\"v\": \"" + value.replace("\\", "\\\\") + "\"}")).isEqualTo(expected);
    }

    @Test
    void andOrNotCombineRules() {
        String rule = """
                {"And": [
                  {"Variable": "$.n", "NumericGreaterThan": 0},
                  {"Or": [{"Variable": "$.s", "StringEquals": "x"}, {"Not": {"Variable": "$.b", "BooleanEquals": true}}]}]}""";
        assertThat(matches(rule, "{\"n\": 1, \"s\": \"x\", \"b\": true}")).isTrue();
        assertThat(matches(rule, "{\"n\": 1, \"s\": \"y\", \"b\": false}")).isTrue();
        assertThat(matches(rule, "{\"n\": 1, \"s\": \"y\", \"b\": true}")).isFalse();
        assertThat(matches(rule, "{\"n\": 0, \"s\": \"x\", \"b\": false}")).isFalse();
    }

    @Test
    void theFirstMatchingRuleWinsAndDefaultCatchesTheRest() {
        String definition = """
                {"StartAt": "Route", "States": {
                  "Route": {"Type": "Choice", "Choices": [
                      {"Variable": "$.rows", "NumericGreaterThan": 100, "Next": "Big"},
                      {"Variable": "$.rows", "NumericGreaterThan": 0, "Next": "Small"}],
                    "Default": "Empty", "OutputPath": "$.rows"},
                  "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": true},
                  "Small": {"Type": "Pass", "Parameters": {"size": "small", "rows.$": "$"}, "End": true},
                  "Empty": {"Type": "Pass", "Result": "empty", "End": true}}}""";
        assertThat(run(definition, "{\"rows\": 500}").statesEntered()).containsExactly("Route", "Big");
        assertThat(run(definition, "{\"rows\": 5}").output()).isEqualTo(json("{\"size\": \"small\", \"rows\": 5}"));
        assertThat(run(definition, "{\"rows\": 0}").output()).isEqualTo(json("\"empty\""));
    }

    @Test
    void noMatchWithoutDefaultFailsWithNoChoiceMatched() {
        ExecutionResult result = run("""
                {"StartAt": "Route", "States": {
                  "Route": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "End"}]},
                  "End": {"Type": "Succeed"}}}""", "{\"a\": 1}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.NoChoiceMatched");
        assertThat(result.cause()).startsWith("An error occurred while executing the state 'Route' (entered at the event id #2).");
    }

    @Test
    void aComparisonOnAMissingVariableIsARuntimeError() {
        ExecutionResult result = run("""
                {"StartAt": "Route", "States": {
                  "Route": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEquals": "x", "Next": "End"}],
                            "Default": "End"},
                  "End": {"Type": "Succeed"}}}""", "{}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).endsWith("Invalid path '$.a': The choice state's condition path references an invalid value.");
    }

    @Test
    void variablesContextAndJsonataConditionsCanBeTested() {
        assertThat(matches("{\"Variable\": \"$$.Execution.Name\", \"StringEquals\": \"exec-1\"}", "{}")).isTrue();
        ExecutionResult jsonata = run("""
                {"QueryLanguage": "JSONata", "StartAt": "Route", "States": {
                  "Route": {"Type": "Choice", "Choices": [
                      {"Condition": "{% $states.input.rows > 10 %}", "Next": "Big", "Output": {"rows": "{% $states.input.rows %}"}}],
                    "Default": "Small"},
                  "Big": {"Type": "Succeed"},
                  "Small": {"Type": "Fail", "Error": "TooSmall"}}}""", "{\"rows\": 11}");
        assertThat(jsonata.output()).isEqualTo(json("{\"rows\": 11}"));
    }
}
