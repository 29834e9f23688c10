package org.icsmap.statemachine.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.icsmap.statemachine.StatesErrors;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.json.Json;

/**
 * JSONata for states with {@code "QueryLanguage": "JSONata"}, on the dashjoin Java port of the
 * reference implementation, plus the functions Step Functions adds ({@code $partition},
 * {@code $range}, {@code $hash}, {@code $random}, {@code $uuid}, {@code $parse}).
 *
 * <p>Values cross between Jackson trees and the plain Java values the library works on. JSONata
 * computes in doubles, so whole results come back as integers and fractions in their shortest form.
 */
public final class JsonataEngine {

    private static final Map<String, Jsonata> COMPILED = new ConcurrentHashMap<>();

    private JsonataEngine() {
    }

    /** Whether a field value is a JSONata expression: a string wrapped in {@code {% %}}. */
    public static boolean isExpression(JsonNode value) {
        return value != null && value.isTextual() && isExpression(value.asText());
    }

    public static boolean isExpression(String text) {
        return text.startsWith("{%") && text.endsWith("%}") && text.length() >= 4;
    }

    /**
     * Evaluates every expression string inside {@code template} (objects and arrays are walked;
     * other values are literals).
     *
     * @param bindings variables visible to the expressions, by name without the {@code $}
     * @param field    the field being evaluated, for error messages
     */
    public static JsonNode evaluateTemplate(JsonNode template, Map<String, JsonNode> bindings, Random random, String field) {
        if (isExpression(template)) {
            return evaluate(template.asText(), bindings, random, field);
        }
        if (template.isObject()) {
            ObjectNode result = Json.object();
            for (Map.Entry<String, JsonNode> entry : template.properties()) {
                result.set(entry.getKey(), evaluateTemplate(entry.getValue(), bindings, random, field + "/" + entry.getKey()));
            }
            return result;
        }
        if (template.isArray()) {
            ArrayNode result = Json.array();
            for (JsonNode item : template) {
                result.add(evaluateTemplate(item, bindings, random, field));
            }
            return result;
        }
        return template;
    }

    /** Evaluates one {@code {% expression %}} string. */
    public static JsonNode evaluate(String wrapped, Map<String, JsonNode> bindings, Random random, String field) {
        String expression = wrapped.substring(2, wrapped.length() - 2).strip();
        try {
            Jsonata compiled = COMPILED.computeIfAbsent(expression, JsonataEngine::compile);
            Jsonata.Frame frame = compiled.createFrame();
            bindings.forEach((name, node) -> frame.bind(name, toJava(node)));
            bindStepFunctionsFunctions(frame, random);
            Object value = compiled.evaluate(null, frame);
            if (value == null) {
                throw StatesException.inState(StatesErrors.QUERY_EVALUATION_ERROR,
                        "The JSONata expression '" + expression + "' specified for the field '" + field
                                + "' returned nothing (undefined).");
            }
            return toNode(value);
        } catch (JException e) {
            throw StatesException.inState(StatesErrors.QUERY_EVALUATION_ERROR,
                    "The JSONata expression '" + expression + "' specified for the field '" + field
                            + "' threw an error during evaluation. " + e.getMessage());
        } catch (StatesException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StatesException.inState(StatesErrors.QUERY_EVALUATION_ERROR,
                    "The JSONata expression '" + expression + "' specified for the field '" + field
                            + "' threw an error during evaluation. " + e);
        }
    }

    private static Jsonata compile(String expression) {
        Jsonata compiled = Jsonata.jsonata(expression);
        // Keep JSON null (NULL_VALUE) apart from undefined (Java null) in results.
        compiled.setOutputConvertNulls(false);
        return compiled;
    }

    private static void bindStepFunctionsFunctions(Jsonata.Frame frame, Random random) {
        frame.bind("partition", Jsonata.function("partition", (Jsonata.FnVarArgs<Object>) args -> partition(args), null));
        frame.bind("range", Jsonata.function("range", (Jsonata.FnVarArgs<Object>) args -> range(args), null));
        frame.bind("hash", Jsonata.function("hash", (Jsonata.FnVarArgs<Object>) args -> hash(args), null));
        frame.bind("random", Jsonata.function("random", (Jsonata.FnVarArgs<Object>) args ->
                args.isEmpty() || args.getFirst() == null ? random.nextDouble()
                        : new Random(((Number) args.getFirst()).longValue()).nextDouble(), null));
        frame.bind("uuid", Jsonata.function("uuid", (Jsonata.FnVarArgs<Object>) args -> uuid(random), null));
        frame.bind("parse", Jsonata.function("parse", (Jsonata.FnVarArgs<Object>) args -> {
            if (args.size() != 1 || !(args.getFirst() instanceof String text)) {
                throw new JException("$parse() takes one string argument");
            }
            try {
                return toJava(Json.parse(text));
            } catch (IllegalArgumentException e) {
                throw new JException("$parse() was given text that is not JSON: " + text);
            }
        }, null));
    }

    private static Object partition(List<?> args) {
        if (args.size() != 2 || !(args.get(0) instanceof List<?> items) || !(args.get(1) instanceof Number size)
                || size.intValue() <= 0) {
            throw new JException("$partition() takes an array and a chunk size greater than 0");
        }
        List<Object> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size.intValue()) {
            chunks.add(new ArrayList<>(items.subList(i, Math.min(items.size(), i + size.intValue()))));
        }
        return chunks;
    }

    /** A JSONata sequence, so that a single value comes back unwrapped as in Step Functions. */
    private static Object range(List<?> args) {
        if (args.size() != 3 || !(args.get(0) instanceof Number start) || !(args.get(1) instanceof Number end)
                || !(args.get(2) instanceof Number step) || step.longValue() == 0) {
            throw new JException("$range() takes a start, an end and a non-zero step");
        }
        List<Object> sequence = Utils.createSequence();
        for (long v = start.longValue(); step.longValue() > 0 ? v <= end.longValue() : v >= end.longValue();
                v += step.longValue()) {
            sequence.add(Utils.convertNumber(v));
        }
        return sequence;
    }

    private static Object hash(List<?> args) {
        if (args.size() != 2 || !(args.get(0) instanceof String data) || !(args.get(1) instanceof String algorithm)) {
            throw new JException("$hash() takes a string and an algorithm name");
        }
        if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
            throw new JException("$hash() supports MD5, SHA-1, SHA-256, SHA-384 and SHA-512, not " + algorithm);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uuid(Random random) {
        long most = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /** Jackson tree to the values the library expects (JSON null is its NULL_VALUE). */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                map.put(entry.getKey(), toJava(entry.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? Utils.convertNumber(node.asLong()) : node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        throw new IllegalArgumentException("cannot hand " + node.getNodeType() + " to JSONata");
    }

    static JsonNode toNode(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NullNode.getInstance();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = Json.object();
            map.forEach((k, v) -> {
                if (v != null) { // undefined members vanish, as in JSON.stringify
                    object.set(String.valueOf(k), toNode(v));
                }
            });
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = Json.array();
            list.forEach(item -> array.add(toNode(item)));
            return array;
        }
        return switch (value) {
            case String s -> Json.text(s);
            case Boolean b -> Json.NODES.booleanNode(b);
            case Integer i -> Json.integer(i);
            case Long l -> Json.integer(l);
            case BigInteger big -> Json.integer(big);
            case BigDecimal decimal -> Json.decimal(decimal);
            case Number n -> number(n.doubleValue());
            default -> throw new JException("the expression returned a " + value.getClass().getSimpleName()
                    + ", which is not a JSON value");
        };
    }

    private static JsonNode number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new JException("the expression returned a number that JSON cannot hold: " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return Json.integer((long) d);
        }
        return Json.decimal(BigDecimal.valueOf(d));
    }
}
