package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.InvalidPathException;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.icsmap.statemachine.StatesErrors;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.intrinsic.IntrinsicFunctions;
import org.icsmap.statemachine.intrinsic.IntrinsicParser;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.json.JsonPaths;
import org.icsmap.statemachine.json.ReferencePath;

/**
 * JSONPath input and output processing: InputPath, payload templates (Parameters, ResultSelector,
 * ItemSelector, Assign), ResultPath and OutputPath, with {@code $$} for the context object and
 * {@code $name} for variables.
 */
final class JsonPathData {

    private JsonPathData() {
    }

    /** InputPath and OutputPath: null (JSON null in the definition) gives {@code {}}. */
    static JsonNode selectPath(StateRun run, String path, JsonNode data) {
        if (path == null) {
            return Json.object();
        }
        try {
            return read(run, path, data);
        } catch (com.jayway.jsonpath.PathNotFoundException e) {
            throw StatesException.runtime("Invalid path '" + path + "' : " + e.getMessage());
        }
    }

    /** ResultPath: null keeps the raw input, {@code $} replaces it, anything else merges into a copy. */
    static JsonNode applyResultPath(String resultPath, JsonNode rawInput, JsonNode result) {
        if (resultPath == null) {
            return rawInput;
        }
        ReferencePath path = ReferencePath.parse(resultPath);
        if (path.isRoot()) {
            return result;
        }
        try {
            return path.writeInto(rawInput, result);
        } catch (IllegalStateException e) {
            throw StatesException.inState(StatesErrors.RESULT_PATH_MATCH_FAILURE, e.getMessage());
        }
    }

    /**
     * A payload template: keys ending in {@code .$} take the value of their path or intrinsic
     * function (evaluated against {@code input}) and lose the suffix; other values are copied,
     * nested objects and arrays being processed the same way.
     */
    static JsonNode payload(StateRun run, JsonNode template, JsonNode input) {
        if (template.isObject()) {
            ObjectNode result = Json.object();
            for (Map.Entry<String, JsonNode> entry : template.properties()) {
                String key = entry.getKey();
                if (key.endsWith(".$") && key.length() > 2) {
                    JsonNode expression = entry.getValue();
                    if (!expression.isTextual()) {
                        throw StatesException.runtime("The value for the field '" + key
                                + "' must be a STRING that contains a JSONPath but was " + expression.getNodeType());
                    }
                    result.set(key.substring(0, key.length() - 2), dynamicValue(run, key, expression.asText(), input));
                } else {
                    result.set(key, payload(run, entry.getValue(), input));
                }
            }
            return result;
        }
        if (template.isArray()) {
            ArrayNode result = Json.array();
            for (JsonNode item : template) {
                result.add(payload(run, item, input));
            }
            return result;
        }
        return template;
    }

    /** The value of a {@code .$} field: an intrinsic function call or a path. */
    static JsonNode dynamicValue(StateRun run, String field, String expression, JsonNode input) {
        if (IntrinsicParser.isIntrinsic(expression)) {
            return IntrinsicFunctions.evaluate(expression, intrinsicEnvironment(run, input));
        }
        if (!expression.startsWith("$")) {
            throw StatesException.runtime("The value for the field '" + field
                    + "' must be a JSONPath or an intrinsic function, but was '" + expression + "'");
        }
        return find(run, expression, input).orElseThrow(() -> StatesException.runtime("The JSONPath '"
                + expression + "' specified for the field '" + field + "' could not be found in the input '"
                + Json.write(sourceOf(run, expression, input)) + "'"));
    }

    static IntrinsicFunctions.Environment intrinsicEnvironment(StateRun run, JsonNode input) {
        return new IntrinsicFunctions.Environment() {
            @Override
            public JsonNode resolve(String path) {
                return find(run, path, input).orElseThrow(() -> StatesException.runtime("The JSONPath '" + path
                        + "' could not be found in the input '" + Json.write(sourceOf(run, path, input)) + "'"));
            }

            @Override
            public Random random() {
                return run.run.random;
            }
        };
    }

    /** The value at a path, or empty when it matches nothing. */
    static Optional<JsonNode> find(StateRun run, String path, JsonNode input) {
        try {
            return Optional.of(read(run, path, input));
        } catch (com.jayway.jsonpath.PathNotFoundException e) {
            return Optional.empty();
        }
    }

    private static JsonNode read(StateRun run, String path, JsonNode input) {
        try {
            if (path.startsWith("$$")) {
                return JsonPaths.read(run.contextObject(), "$" + path.substring(2));
            }
            if (isVariable(path)) {
                int end = variableNameEnd(path);
                String name = path.substring(1, end);
                JsonNode value = run.scope.lookup(name).orElseThrow(() ->
                        StatesException.runtime("The variable '$" + name + "' is not defined"));
                return JsonPaths.read(value, "$" + path.substring(end));
            }
            return JsonPaths.read(input, path);
        } catch (com.jayway.jsonpath.PathNotFoundException e) {
            throw e;
        } catch (InvalidPathException e) {
            throw StatesException.runtime("Invalid path '" + path + "': " + e.getMessage());
        }
    }

    private static JsonNode sourceOf(StateRun run, String path, JsonNode input) {
        if (path.startsWith("$$")) {
            return run.contextObject();
        }
        return input;
    }

    /** {@code $name...} refers to a variable; {@code $}, {@code $.x}, {@code $[0]} to the input. */
    static boolean isVariable(String path) {
        return path.length() > 1 && (Character.isLetter(path.charAt(1)) || path.charAt(1) == '_');
    }

    private static int variableNameEnd(String path) {
        int end = 1;
        while (end < path.length() && (Character.isLetterOrDigit(path.charAt(end)) || path.charAt(end) == '_')) {
            end++;
        }
        return end;
    }
}
