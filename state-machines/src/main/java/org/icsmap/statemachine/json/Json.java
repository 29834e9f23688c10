package org.icsmap.statemachine.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON configuration of the interpreter.
 *
 * <p>Floats are read as {@link BigDecimal} and never normalised, so a number keeps the textual form
 * it arrived in ({@code 1.0} stays {@code 1.0}, {@code 1.10} stays {@code 1.10}): Step Functions
 * echoes numbers the way it received them, and the recorded conformance cases depend on it.
 */
public final class Json {

    /** Since Jackson 2.15 the default factory keeps a BigDecimal's scale. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(NODES)
            .build();

    private Json() {
    }

    /** Parses JSON text; blank text is JSON null (as Step Functions treats an empty input). */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node instanceof MissingNode ? NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON text, as Step Functions writes it (no spaces). */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static JsonNode text(String value) {
        return value == null ? NullNode.getInstance() : NODES.textNode(value);
    }

    /** An integral number in the narrowest node, so it compares equal to parsed JSON. */
    public static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    public static JsonNode integer(BigInteger value) {
        return value.bitLength() < 64 ? integer(value.longValue()) : NODES.numberNode(value);
    }

    public static JsonNode decimal(BigDecimal value) {
        return NODES.numberNode(value);
    }

    /** Converts any plain Java value (maps, lists, numbers, strings) to a tree. */
    public static JsonNode fromJava(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        return MAPPER.valueToTree(value);
    }
}
