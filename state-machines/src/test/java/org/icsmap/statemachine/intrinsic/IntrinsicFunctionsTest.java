package org.icsmap.statemachine.intrinsic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.icsmap.statemachine.StatesException;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.json.JsonPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntrinsicFunctionsTest {

    private static final JsonNode INPUT = Json.parse("""
            {"name": "apc", "n": 3, "list": [1, 2, 2, 3], "rows": [{"org": "A", "v": 1}, {"org": "B, C", "v": 2}],
             "text": "a,b;c", "obj": {"k": "v"}}""");

    private static JsonNode eval(String expression) {
        return IntrinsicFunctions.evaluate(expression, new IntrinsicFunctions.Environment() {
            @Override
            public JsonNode resolve(String path) {
                return JsonPaths.read(INPUT, path);
            }

            @Override
            public Random random() {
                return new Random(7);
            }
        });
    }

    private static String text(String expression) {
        return eval(expression).asText();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "States.Format('plain')                             | plain",
        "States.Format('{} and {}', $.name, $.n)            | apc and 3",
        "States.Format('escaped \\{\\} braces {}', 1)       | escaped {} braces 1",
        "States.Format('it\\'s {}', $.name)                 | it's apc",
        "States.Format('back\\\\slash {}', true)            | back\\slash true",
        "States.Format('trailing comma', )                  | ",
        "States.Format( 'spaces' )                          | spaces",
        "States.Format('{}', null)                          | null",
        "States.Format('{} {}', -1.50, 0)                   | -1.50 0",
        "States.Format('{}', States.Format('<{}>', $.name)) | <apc>",
        "States.Format('{}', $.obj)                         | {k=v}",
        "States.Format('{}', $.list)                        | [1, 2, 2, 3]",
        "States.Format('{}', $.rows[?(@.org == 'B, C')].v)  | [2]",
        "States.Format('unknown \\n escape')                | unknown \\n escape",
    })
    void formatParsesLiteralsEscapesPathsAndNestedCalls(String expression, String expected) {
        if (expected == null) {
            assertThatThrownBy(() -> eval(expression)).isInstanceOf(StatesException.class)
                    .extracting(e -> ((StatesException) e).error()).isEqualTo("States.IntrinsicFailure");
        } else {
            assertThat(text(expression)).isEqualTo(expected);
        }
    }

    @Test
    void literalsKeepTheirJsonType() {
        assertThat(eval("States.Array('a', 1, 1.0, -2, true, false, null, $.n)"))
                .isEqualTo(Json.parse("[\"a\", 1, 1.0, -2, true, false, null, 3]"));
        assertThat(eval("States.Array('a', 1, 1.0)").get(2).toString()).isEqualTo("1.0");
        assertThat(eval("States.Array()")).isEqualTo(Json.parse("[]"));
    }

    @Test
    void arrayFunctions() {
        assertThat(eval("States.ArrayPartition($.list, 3)")).isEqualTo(Json.parse("[[1, 2, 2], [3]]"));
        assertThat(eval("States.ArrayContains($.list, 2)").asBoolean()).isTrue();
        assertThat(eval("States.ArrayContains($.rows, States.StringToJson('{\"org\": \"A\", \"v\": 1}'))").asBoolean()).isTrue();
        assertThat(eval("States.ArrayRange(1, 9, 2)")).isEqualTo(Json.parse("[1, 3, 5, 7, 9]"));
        assertThat(eval("States.ArrayRange(5, 1, -2)")).isEqualTo(Json.parse("[5, 3, 1]"));
        assertThat(eval("States.ArrayGetItem($.list, 3)")).isEqualTo(Json.parse("3"));
        assertThat(eval("States.ArrayLength($.rows)")).isEqualTo(Json.parse("2"));
        assertThat(eval("States.ArrayUnique($.list)")).isEqualTo(Json.parse("[1, 2, 3]"));
    }

    @Test
    void stringAndJsonFunctions() {
        assertThat(eval("States.StringSplit($.text, ',;')")).isEqualTo(Json.parse("[\"a\", \"b\", \"c\"]"));
        assertThat(eval("States.StringToJson('{\"a\": [1, 2.0]}')")).isEqualTo(Json.parse("{\"a\": [1, 2.0]}"));
        assertThat(text("States.JsonToString($.obj)")).isEqualTo("{\"k\":\"v\"}");
        assertThat(eval("States.JsonMerge($.obj, States.StringToJson('{\"k\": 1, \"x\": 2}'), false)"))
                .isEqualTo(Json.parse("{\"k\": 1, \"x\": 2}"));
        assertThat(text("States.Base64Encode('Data to encode')")).isEqualTo("RGF0YSB0byBlbmNvZGU=");
        assertThat(text("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).isEqualTo("Data to encode");
        assertThat(text("States.Hash('input data', 'SHA-256')"))
                .isEqualTo("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3");
    }

    @Test
    void mathFunctions() {
        assertThat(eval("States.MathAdd($.n, -5)")).isEqualTo(Json.parse("-2"));
        assertThat(eval("States.MathAdd(1.5, -1.5)")).isEqualTo(Json.parse("1")); // each rounded half up: 2 + -1
        JsonNode seeded = eval("States.MathRandom(1, 100, 12345)");
        assertThat(seeded).isEqualTo(eval("States.MathRandom(1, 100, 12345)"));
        assertThat(seeded.asInt()).isBetween(1, 99);
    }

    @Test
    void uuidsComeFromTheExecutionRandomness() {
        String uuid = text("States.UUID()");
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(text("States.UUID()")).isEqualTo(uuid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "States.Format('{} {}', 1)",
        "States.Format('{}', 1, 2)",
        "States.Format('unterminated)",
        "States.Format('a' 'b')",
        "States.Nope(1)",
        "States.ArrayLength('not an array')",
        "States.ArrayGetItem($.list, 4)",
        "States.ArrayPartition($.list, 0)",
        "States.ArrayRange(1, 2, 0)",
        "States.ArrayRange(0, 2000, 1)",
        "States.JsonMerge($.obj, $.obj, true)",
        "States.StringToJson('{not json')",
        "States.Base64Decode('***')",
        "States.Hash('x', 'SHA-3')",
        "States.MathAdd('1', 2)",
        "States.UUID(1)",
        "States.Format('x') trailing",
    })
    void badCallsAreIntrinsicFailures(String expression) {
        assertThatThrownBy(() -> eval(expression)).isInstanceOf(StatesException.class)
                .extracting(e -> ((StatesException) e).error()).isEqualTo("States.IntrinsicFailure");
    }

    @Test
    void theParserKeepsRawTextForFormatTemplates() {
        IntrinsicExpression.Call call = IntrinsicParser.parse("States.Format('a\\{b\\}\\'c', $.x[0], States.Array())");
        assertThat(call.name()).isEqualTo("States.Format");
        assertThat(call.arguments()).hasSize(3);
        IntrinsicExpression.Literal literal = (IntrinsicExpression.Literal) call.arguments().getFirst();
        assertThat(literal.value().asText()).isEqualTo("a{b}'c");
        assertThat(literal.raw()).isEqualTo("a\\{b\\}\\'c");
        assertThat(call.arguments().get(1)).isEqualTo(new IntrinsicExpression.PathReference("$.x[0]"));
        assertThat(call.arguments().get(2)).isInstanceOf(IntrinsicExpression.Call.class);
    }
}
