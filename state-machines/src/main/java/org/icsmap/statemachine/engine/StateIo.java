package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.icsmap.statemachine.jsonata.JsonataEngine;
import org.icsmap.statemachine.json.Json;
import org.icsmap.statemachine.model.Catcher;

/**
 * A state's data flow in either query language, so the state logic is written once.
 *
 * <p>JSONPath: InputPath, then a payload template, then the result through ResultSelector,
 * ResultPath and OutputPath. JSONata: expressions over {@code $states.input}, {@code $states.result}
 * and {@code $states.errorOutput}; Output replaces the output. In both, Assign is evaluated with the
 * variable values from before the state, and only then stored.
 */
final class StateIo {

    private StateIo() {
    }

    /** What templates are evaluated against: the InputPath selection, or the raw input for JSONata. */
    static JsonNode effectiveInput(StateRun run) {
        if (run.state.common().isJsonata()) {
            return run.rawInput;
        }
        return JsonPathData.selectPath(run, run.state.common().inputPath(), run.rawInput);
    }

    /** Parameters, Arguments, ItemSelector, Items: null leaves {@code effectiveInput} as it is. */
    static JsonNode evaluate(StateRun run, JsonNode template, JsonNode effectiveInput, String field) {
        if (template == null) {
            return effectiveInput;
        }
        if (run.state.common().isJsonata()) {
            return JsonataEngine.evaluateTemplate(template, bindings(run, null, null), run.run.random, field);
        }
        return JsonPathData.payload(run, template, effectiveInput);
    }

    /** ResultSelector (JSONPath only). */
    static JsonNode selectResult(StateRun run, JsonNode resultSelector, JsonNode result) {
        if (resultSelector == null || run.state.common().isJsonata()) {
            return result;
        }
        return JsonPathData.payload(run, resultSelector, result);
    }

    /** The output of a state that produced a result (Pass, Task, Parallel, Map). */
    static JsonNode finishWithResult(StateRun run, JsonNode result, String resultPath) {
        if (run.state.common().isJsonata()) {
            return finishJsonata(run, run.state.common().assign(), run.state.common().output(), result, null, result);
        }
        assignJsonPath(run, run.state.common().assign(), result);
        JsonNode combined = JsonPathData.applyResultPath(resultPath, run.rawInput, result);
        return JsonPathData.selectPath(run, run.state.common().outputPath(), combined);
    }

    /** The output of a state without a result (Choice, Wait, Succeed), with the given Assign/Output. */
    static JsonNode finishWithoutResult(StateRun run, JsonNode assign, JsonNode output) {
        if (run.state.common().isJsonata()) {
            return finishJsonata(run, assign, output, null, null, run.rawInput);
        }
        JsonNode effective = effectiveInput(run);
        assignJsonPath(run, assign, effective);
        return JsonPathData.selectPath(run, run.state.common().outputPath(), effective);
    }

    /** The output when a catcher handles an error: the error output placed by its ResultPath. */
    static JsonNode caught(StateRun run, Catcher catcher, JsonNode errorOutput) {
        if (run.state.common().isJsonata()) {
            return finishJsonata(run, catcher.assign(), catcher.output(), null, errorOutput, errorOutput);
        }
        assignJsonPath(run, catcher.assign(), errorOutput);
        return JsonPathData.applyResultPath(catcher.resultPath(), run.rawInput, errorOutput);
    }

    /** Evaluates a JSONata field value (an expression or a literal) with {@code $states.input}. */
    static JsonNode jsonata(StateRun run, JsonNode value, String field) {
        return JsonataEngine.evaluateTemplate(value, bindings(run, null, null), run.run.random, field);
    }

    private static JsonNode finishJsonata(StateRun run, JsonNode assign, JsonNode output, JsonNode result,
            JsonNode errorOutput, JsonNode defaultOutput) {
        Map<String, JsonNode> bindings = bindings(run, result, errorOutput);
        JsonNode out = output == null ? defaultOutput
                : JsonataEngine.evaluateTemplate(output, bindings, run.run.random, "Output");
        if (assign != null) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : assign.properties()) {
                values.put(entry.getKey(), JsonataEngine.evaluateTemplate(entry.getValue(), bindings, run.run.random,
                        "Assign/" + entry.getKey()));
            }
            run.scope.assign(values);
        }
        return out;
    }

    private static void assignJsonPath(StateRun run, JsonNode assign, JsonNode data) {
        if (assign == null) {
            return;
        }
        JsonNode values = JsonPathData.payload(run, assign, data);
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        values.properties().forEach(entry -> variables.put(entry.getKey(), entry.getValue()));
        run.scope.assign(variables);
    }

    /** Variables plus the reserved {@code $states} of a JSONata state. */
    private static Map<String, JsonNode> bindings(StateRun run, JsonNode result, JsonNode errorOutput) {
        Map<String, JsonNode> bindings = run.scope.visible();
        ObjectNode states = Json.object();
        states.set("input", run.rawInput);
        states.set("context", run.contextObject());
        if (result != null) {
            states.set("result", result);
        }
        if (errorOutput != null) {
            states.set("errorOutput", errorOutput);
        }
        bindings.put("states", states);
        return bindings;
    }
}
