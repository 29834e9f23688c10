package org.icsmap.statemachine.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONPath evaluation as Step Functions does it.
 *
 * <p>Step Functions evaluates paths with Jayway JsonPath (its error texts, e.g.
 * {@code No results for path: $['foo']}, are Jayway's), so using the same library reproduces its
 * filters, slices, wildcards and the rule that an indefinite path yields an array, even an empty
 * one, while a definite path that matches nothing is an error.
 */
public final class JsonPaths {

    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .build();

    /** Paths come from definitions, so there are few of them: compile each once. */
    private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

    private JsonPaths() {
    }

    /**
     * The value at {@code path} in {@code document}.
     *
     * @throws PathNotFoundException when a definite path matches nothing (an indefinite one gives
     *                               an empty array)
     * @throws InvalidPathException  when {@code path} is not JSONPath
     */
    public static JsonNode read(JsonNode document, String path) {
        if (path.equals("$")) {
            return document;
        }
        JsonPath compiled = COMPILED.computeIfAbsent(path, JsonPath::compile);
        try {
            return toNode(JsonPath.using(CONFIGURATION).parse(document).read(compiled));
        } catch (PathNotFoundException e) {
            // A path with a wildcard, slice or filter selects a list, empty when a step is missing.
            if (!compiled.isDefinite()) {
                return Json.array();
            }
            throw e;
        }
    }

    /** The value at {@code path}, or empty when nothing matches (a bad path is still an error). */
    public static Optional<JsonNode> find(JsonNode document, String path) {
        try {
            return Optional.of(read(document, path));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    // Jayway's Jackson provider hands back scalars unwrapped to Java values.
    private static JsonNode toNode(Object value) {
        return switch (value) {
            case null -> NullNode.getInstance();
            case JsonNode node -> node;
            case String s -> Json.NODES.textNode(s);
            case Boolean b -> Json.NODES.booleanNode(b);
            case Integer i -> Json.integer(i);
            case Long l -> Json.integer(l);
            case BigInteger big -> Json.integer(big);
            case BigDecimal decimal -> Json.decimal(decimal);
            default -> Json.fromJava(value);
        };
    }
}
