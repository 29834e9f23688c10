package org.icsmap.statemachine.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.UUID;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.json.JsonValues;

/** Evaluates intrinsic function calls: every {@code States.*} function of ASL. */
public final class IntrinsicFunctions {

    /** What a call needs from the running state: path values and the execution's randomness. */
    public interface Environment {

        /** The value of a path argument; a missing path raises States.Runtime. */
        JsonNode resolve(String path);

        /** Randomness for States.MathRandom (unseeded) and States.UUID; seedable for tests. */
        Random random();
    }

    private static final int MAX_ARRAY_RANGE = 1000;
    private static final int MAX_STRING_LENGTH = 10_000;
    private static final Map<String, String> HASH_ALGORITHMS = Map.of(
            "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    private IntrinsicFunctions() {
    }

    /** Parses and evaluates {@code text}, e.g. {@code States.Format('{}', $.name)}. */
    public static JsonNode evaluate(String text, Environment environment) {
        return evaluate(IntrinsicParser.parse(text), environment);
    }

    public static JsonNode evaluate(IntrinsicExpression expression, Environment environment) {
        return switch (expression) {
            case IntrinsicExpression.Literal literal -> literal.value();
            case IntrinsicExpression.PathReference reference -> environment.resolve(reference.path());
            case IntrinsicExpression.Call call -> call(call, environment);
        };
    }

    private static JsonNode call(IntrinsicExpression.Call call, Environment environment) {
        String name = call.name();
        List<JsonNode> args = new ArrayList<>();
        for (IntrinsicExpression argument : call.arguments()) {
            args.add(evaluate(argument, environment));
        }
        return switch (name) {
            case "States.Format" -> format(call, args);
            case "States.StringToJson" -> stringToJson(name, args);
            case "States.JsonToString" -> {
                arity(name, args, 1);
                yield Json.text(Json.write(args.getFirst()));
            }
            case "States.Array" -> {
                ArrayNode array = Json.array();
                args.forEach(array::add);
                yield array;
            }
            case "States.ArrayPartition" -> arrayPartition(name, args);
            case "States.ArrayContains" -> {
                arity(name, args, 2);
                yield BooleanNode.valueOf(contains(array(name, args, 0), args.get(1)));
            }
            case "States.ArrayRange" -> arrayRange(name, args);
            case "States.ArrayGetItem" -> arrayGetItem(name, args);
            case "States.ArrayLength" -> {
                arity(name, args, 1);
                yield Json.integer(array(name, args, 0).size());
            }
            case "States.ArrayUnique" -> {
                arity(name, args, 1);
                ArrayNode unique = Json.array();
                for (JsonNode item : array(name, args, 0)) {
                    if (!contains(unique, item)) {
                        unique.add(item);
                    }
                }
                yield unique;
            }
            case "States.Base64Encode" -> {
                arity(name, args, 1);
                String data = boundedString(name, args, 0);
                yield Json.text(Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode" -> base64Decode(name, args);
            case "States.Hash" -> hash(name, args);
            case "States.JsonMerge" -> jsonMerge(name, args);
            case "States.MathRandom" -> mathRandom(name, args, environment);
            case "States.MathAdd" -> {
                arity(name, args, 2);
                yield Json.integer(round(name, args, 0) + round(name, args, 1));
            }
            case "States.StringSplit" -> stringSplit(name, args);
            case "States.UUID" -> {
                arity(name, args, 0);
                yield Json.text(uuid(environment.random()).toString());
            }
            default -> throw failure("The function '" + name + "' is not a known intrinsic function.");
        };
    }

    /**
     * States.Format: each {@code {}} takes the next argument. In a literal template the escapes are
     * read from the raw text, so {@code \{\}} prints braces instead of consuming an argument.
     */
    private static JsonNode format(IntrinsicExpression.Call call, List<JsonNode> args) {
        if (args.isEmpty() || !args.getFirst().isTextual()) {
            throw failure("The first argument of the function 'States.Format' must be a string.");
        }
        String template = call.arguments().getFirst() instanceof IntrinsicExpression.Literal literal
                && literal.raw() != null ? literal.raw() : null;
        boolean escapes = template != null;
        if (!escapes) {
            template = args.getFirst().asText();
        }
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (escapes && c == '\\' && i + 1 < template.length()) {
                char escaped = template.charAt(++i);
                if ("'{}\\".indexOf(escaped) < 0) {
                    out.append(c);
                }
                out.append(escaped);
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw failure("The number of arguments of the function 'States.Format' does not match"
                            + " the number of placeholders in '" + args.getFirst().asText() + "'.");
                }
                out.append(formatValue(args.get(next++)));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw failure("The number of arguments of the function 'States.Format' does not match"
                    + " the number of placeholders in '" + args.getFirst().asText() + "'.");
        }
        return Json.text(out.toString());
    }

    /**
     * How AWS renders a States.Format argument: strings bare, and objects and arrays the way Java
     * prints maps and lists ({@code {a=1, b=[x, y]}}), which is what the recorded cases show.
     */
    static String formatValue(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isObject()) {
            StringJoiner members = new StringJoiner(", ", "{", "}");
            value.properties().forEach(e -> members.add(e.getKey() + "=" + formatValue(e.getValue())));
            return members.toString();
        }
        if (value.isArray()) {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            value.forEach(item -> items.add(formatValue(item)));
            return items.toString();
        }
        return Json.write(value);
    }

    private static JsonNode stringToJson(String name, List<JsonNode> args) {
        arity(name, args, 1);
        String text = string(name, args, 0);
        if (text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw failure("The argument of the function '" + name + "' is not valid JSON: " + text);
        }
    }

    private static JsonNode arrayPartition(String name, List<JsonNode> args) {
        arity(name, args, 2);
        ArrayNode array = array(name, args, 0);
        long size = integer(name, args, 1);
        if (size <= 0) {
            throw failure("The chunk size of the function '" + name + "' must be greater than 0.");
        }
        ArrayNode chunks = Json.array();
        ArrayNode chunk = null;
        for (int i = 0; i < array.size(); i++) {
            if (i % size == 0) {
                chunk = chunks.addArray();
            }
            chunk.add(array.get(i));
        }
        return chunks;
    }

    private static JsonNode arrayRange(String name, List<JsonNode> args) {
        arity(name, args, 3);
        long start = integer(name, args, 0);
        long end = integer(name, args, 1);
        long step = integer(name, args, 2);
        if (step == 0) {
            throw failure("The step of the function '" + name + "' cannot be 0.");
        }
        ArrayNode range = Json.array();
        for (long value = start; step > 0 ? value <= end : value >= end; value += step) {
            if (range.size() == MAX_ARRAY_RANGE) {
                throw failure("The function '" + name + "' cannot return more than " + MAX_ARRAY_RANGE + " items.");
            }
            range.add(Json.integer(value));
        }
        return range;
    }

    private static JsonNode arrayGetItem(String name, List<JsonNode> args) {
        arity(name, args, 2);
        ArrayNode array = array(name, args, 0);
        long index = integer(name, args, 1);
        if (index < 0 || index >= array.size()) {
            throw failure("The index " + index + " is out of bounds for the function '" + name
                    + "' on an array of " + array.size() + " items.");
        }
        return array.get((int) index);
    }

    private static JsonNode base64Decode(String name, List<JsonNode> args) {
        arity(name, args, 1);
        String encoded = boundedString(name, args, 0);
        try {
            return Json.text(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw failure("The argument of the function '" + name + "' is not valid Base64.");
        }
    }

    private static JsonNode hash(String name, List<JsonNode> args) {
        arity(name, args, 2);
        String data = boundedString(name, args, 0);
        String algorithm = HASH_ALGORITHMS.get(string(name, args, 1));
        if (algorithm == null) {
            throw failure("The hash algorithm '" + args.get(1).asText() + "' of the function '" + name
                    + "' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512.");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
            return Json.text(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode jsonMerge(String name, List<JsonNode> args) {
        arity(name, args, 3);
        if (!args.get(0).isObject() || !args.get(1).isObject()) {
            throw failure("The first two arguments of the function '" + name + "' must be JSON objects.");
        }
        if (!args.get(2).isBoolean()) {
            throw failure("The third argument of the function '" + name + "' must be a boolean.");
        }
        if (args.get(2).asBoolean()) {
            throw failure("The function '" + name + "' only supports shallow merging: its third argument must be false.");
        }
        ObjectNode merged = (ObjectNode) args.get(0).deepCopy();
        merged.setAll((ObjectNode) args.get(1));
        return merged;
    }

    private static JsonNode mathRandom(String name, List<JsonNode> args, Environment environment) {
        if (args.size() != 2 && args.size() != 3) {
            throw failure("The function '" + name + "' takes 2 or 3 arguments but was given " + args.size() + ".");
        }
        long start = integer(name, args, 0);
        long end = integer(name, args, 1);
        if (end <= start) {
            throw failure("The end of the function '" + name + "' must be greater than its start.");
        }
        Random random = args.size() == 3 ? new Random(integer(name, args, 2)) : environment.random();
        return Json.integer(start + (long) (random.nextDouble() * (end - start)));
    }

    private static JsonNode stringSplit(String name, List<JsonNode> args) {
        arity(name, args, 2);
        String text = string(name, args, 0);
        String delimiters = string(name, args, 1);
        ArrayNode parts = Json.array();
        StringBuilder current = new StringBuilder();
        // Every character of the delimiter splits; empty pieces are dropped, as AWS does.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (delimiters.indexOf(c) >= 0) {
                if (!current.isEmpty()) {
                    parts.add(current.toString());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current.toString());
        }
        return parts;
    }

    /** A version-4 UUID drawn from the execution's random source, so seeded runs repeat. */
    static UUID uuid(Random random) {
        long most = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (JsonValues.sameJson(item, value)) {
                return true;
            }
        }
        return false;
    }

    /** States.MathAdd rounds each operand half up, as Java's Math.round does (-1.5 becomes -1). */
    private static long round(String name, List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isNumber()) {
            throw failure(argumentPosition(index) + " argument of the function '" + name + "' must be a number.");
        }
        return value.decimalValue().add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static void arity(String name, List<JsonNode> args, int expected) {
        if (args.size() != expected) {
            throw failure("The function '" + name + "' takes " + expected + " argument" + (expected == 1 ? "" : "s")
                    + " but was given " + args.size() + ".");
        }
    }

    private static ArrayNode array(String name, List<JsonNode> args, int index) {
        if (!(args.get(index) instanceof ArrayNode array)) {
            throw failure(argumentPosition(index) + " argument of the function '" + name + "' must be an array.");
        }
        return array;
    }

    private static String string(String name, List<JsonNode> args, int index) {
        if (!args.get(index).isTextual()) {
            throw failure(argumentPosition(index) + " argument of the function '" + name + "' must be a string.");
        }
        return args.get(index).asText();
    }

    private static String boundedString(String name, List<JsonNode> args, int index) {
        String value = string(name, args, index);
        if (value.length() > MAX_STRING_LENGTH) {
            throw failure("The input of the function '" + name + "' exceeds " + MAX_STRING_LENGTH + " characters.");
        }
        return value;
    }

    private static long integer(String name, List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isNumber() || value.decimalValue().stripTrailingZeros().scale() > 0) {
            throw failure(argumentPosition(index) + " argument of the function '" + name + "' must be an integer.");
        }
        return value.decimalValue().longValue();
    }

    private static String argumentPosition(int index) {
        return switch (index) {
            case 0 -> "The first";
            case 1 -> "The second";
            case 2 -> "The third";
            default -> "Argument " + (index + 1) + " as the";
        };
    }

    private static StatesException failure(String detail) {
        return StatesException.intrinsicFailure(detail);
    }
}
