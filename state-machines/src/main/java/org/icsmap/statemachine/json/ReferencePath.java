package org.icsmap.statemachine.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An ASL reference path ({@code $}, {@code $.a.b}, {@code $['a b'][0]}): a path that names exactly
 * one node, which is what ResultPath may be.
 *
 * <p>Writing through it is done here rather than with Jayway because ResultPath must create the
 * missing objects along the way ({@code $.a.b} on {@code {}} gives {@code {"a":{"b":...}}}), which
 * Jayway's {@code set} does not do.
 */
public final class ReferencePath {

    private sealed interface Step {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private ReferencePath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** @throws IllegalArgumentException when the text is not a reference path */
    public static ReferencePath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("'" + text + "' is not a reference path: it must start with $");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                String name = text.substring(i + 1, end);
                if (name.isEmpty() || name.equals("*") || name.contains("..")) {
                    throw new IllegalArgumentException("'" + text + "' is not a reference path");
                }
                steps.add(new Field(name));
                i = end;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "' has an unclosed [");
                }
                String inside = text.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                        || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(new Field(inside.substring(1, inside.length() - 1)));
                } else if (inside.matches("\\d+")) {
                    steps.add(new Index(Integer.parseInt(inside)));
                } else {
                    throw new IllegalArgumentException("'" + text + "' is not a reference path: [" + inside + "]");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("'" + text + "' is not a reference path");
            }
        }
        return new ReferencePath(text, List.copyOf(steps));
    }

    public boolean isRoot() {
        return steps.isEmpty();
    }

    /**
     * A copy of {@code root} with {@code value} placed at this path, creating missing objects.
     *
     * @throws IllegalStateException when an existing node on the way is not a container
     */
    public JsonNode writeInto(JsonNode root, JsonNode value) {
        if (steps.isEmpty()) {
            return value;
        }
        JsonNode copy = root.deepCopy();
        JsonNode current = copy;
        for (int i = 0; i < steps.size(); i++) {
            boolean last = i == steps.size() - 1;
            Step step = steps.get(i);
            switch (step) {
                case Field field -> {
                    if (!(current instanceof ObjectNode object)) {
                        throw cannotApply(current);
                    }
                    if (last) {
                        object.set(field.name(), value);
                    } else {
                        JsonNode child = object.get(field.name());
                        if (child == null || child.isNull()) {
                            child = steps.get(i + 1) instanceof Field ? object.putObject(field.name()) : null;
                            if (child == null) {
                                throw cannotApply(current);
                            }
                        }
                        current = child;
                    }
                }
                case Index index -> {
                    if (!(current instanceof ArrayNode array) || index.index() >= array.size()) {
                        throw cannotApply(current);
                    }
                    if (last) {
                        array.set(index.index(), value);
                    } else {
                        current = array.get(index.index());
                    }
                }
            }
        }
        return copy;
    }

    private IllegalStateException cannotApply(JsonNode node) {
        return new IllegalStateException("Unable to apply ReferencePath " + text + " to input " + Json.write(node));
    }

    @Override
    public String toString() {
        return text;
    }
}
