package org.icsmap.statemachine.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.json.Json;

/**
 * Parses intrinsic function calls with AWS's argument rules: string literals in single quotes with
 * the escapes {@code \'}, {@code \{}, {@code \}} and {@code \\}; numbers; {@code true}, {@code false},
 * {@code null}; paths; and nested calls.
 */
public final class IntrinsicParser {

    private final String text;
    private int pos;

    private IntrinsicParser(String text) {
        this.text = text;
    }

    /** Whether a {@code .$} value is an intrinsic function call rather than a path. */
    public static boolean isIntrinsic(String text) {
        return text.startsWith("States.");
    }

    /** @throws StatesException States.IntrinsicFailure when the text is not a well-formed call */
    public static IntrinsicExpression.Call parse(String text) {
        IntrinsicParser parser = new IntrinsicParser(text);
        parser.skipSpace();
        IntrinsicExpression.Call call = parser.call();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the closing parenthesis");
        }
        return call;
    }

    private IntrinsicExpression.Call call() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '_')) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (!name.startsWith("States.") || name.length() == "States.".length()) {
            throw error("expected a function name such as States.Format");
        }
        skipSpace();
        expect('(');
        List<IntrinsicExpression> arguments = new ArrayList<>();
        skipSpace();
        if (peek() == ')') {
            pos++;
            return new IntrinsicExpression.Call(name, List.copyOf(arguments));
        }
        while (true) {
            skipSpace();
            arguments.add(argument());
            skipSpace();
            char c = peek();
            pos++;
            if (c == ')') {
                return new IntrinsicExpression.Call(name, List.copyOf(arguments));
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ')'");
            }
        }
    }

    private IntrinsicExpression argument() {
        char c = peek();
        if (c == '\'') {
            return string();
        }
        if (c == '$') {
            return new IntrinsicExpression.PathReference(path());
        }
        if (text.startsWith("States.", pos)) {
            return call();
        }
        for (String keyword : new String[] {"true", "false", "null"}) {
            if (text.startsWith(keyword, pos) && !isWordChar(pos + keyword.length())) {
                pos += keyword.length();
                JsonNode value = switch (keyword) {
                    case "true" -> BooleanNode.TRUE;
                    case "false" -> BooleanNode.FALSE;
                    default -> NullNode.getInstance();
                };
                return new IntrinsicExpression.Literal(value, null);
            }
        }
        if (c == '-' || Character.isDigit(c)) {
            return number();
        }
        throw error("expected an argument");
    }

    private IntrinsicExpression.Literal string() {
        pos++; // opening quote
        StringBuilder value = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                char escaped = text.charAt(pos++);
                raw.append(c).append(escaped);
                if (escaped == '\'' || escaped == '{' || escaped == '}' || escaped == '\\') {
                    value.append(escaped);
                } else {
                    // Not one of ASL's escapes: the backslash is an ordinary character.
                    value.append(c).append(escaped);
                }
            } else if (c == '\'') {
                return new IntrinsicExpression.Literal(Json.text(value.toString()), raw.toString());
            } else {
                value.append(c);
                raw.append(c);
            }
        }
        throw error("unterminated string literal");
    }

    /** A path runs to the next ',' or ')' outside brackets, parentheses and quotes (filters have them). */
    private String path() {
        int start = pos;
        int depth = 0;
        char quote = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (quote != 0) {
                if (c == '\\') {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || (c == ')' && depth > 0)) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ')')) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    private IntrinsicExpression.Literal number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (pos < text.length() && (Character.isDigit(peek()) || "+-.eE".indexOf(peek()) >= 0)) {
            pos++;
        }
        String literal = text.substring(start, pos);
        try {
            BigDecimal number = new BigDecimal(literal);
            boolean integral = literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
            JsonNode value = integral ? Json.integer(number.toBigIntegerExact()) : Json.decimal(number);
            return new IntrinsicExpression.Literal(value, null);
        } catch (NumberFormatException | ArithmeticException e) {
            pos = start;
            throw error("'" + literal + "' is not a number");
        }
    }

    private boolean isWordChar(int index) {
        return index < text.length() && Character.isLetterOrDigit(text.charAt(index));
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private StatesException error(String problem) {
        return StatesException.intrinsicFailure(
                "Invalid intrinsic function '" + text + "': " + problem + " at position " + pos + ".");
    }
}
