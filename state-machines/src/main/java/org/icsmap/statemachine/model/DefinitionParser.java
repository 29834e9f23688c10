package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.icsmap.statemachine.DefinitionException;
import org.icsmap.statemachine.StatesErrors;
import org.icsmap.statemachine.UnsupportedFeatureException;
import org.icsmap.statemachine.json.ReferencePath;
import org.icsmap.statemachine.json.Timestamps;

/**
 * Turns definition JSON into the typed model, checking what AWS checks at CreateStateMachine.
 *
 * <p>Every field is accounted for: a field this interpreter does not know is reported as
 * unsupported instead of being ignored, so a definition never runs with part of it silently dropped.
 */
final class DefinitionParser {

    private static final Set<String> MACHINE_FIELDS =
            Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("Comment", "StartAt", "States", "ProcessorConfig");
    private static final Set<String> COMMON_FIELDS =
            Set.of("Type", "Comment", "QueryLanguage", "Next", "End", "InputPath", "OutputPath", "Assign", "Output");
    private static final Map<String, Set<String>> TYPE_FIELDS = Map.of(
            "Pass", Set.of("Parameters", "Result", "ResultPath"),
            "Task", Set.of("Resource", "Parameters", "Arguments", "ResultSelector", "ResultPath", "Retry", "Catch",
                    "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath"),
            "Choice", Set.of("Choices", "Default"),
            "Wait", Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath"),
            "Succeed", Set.of(),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel", Set.of("Branches", "Parameters", "Arguments", "ResultSelector", "ResultPath", "Retry", "Catch"),
            "Map", Set.of("Iterator", "ItemProcessor", "ItemsPath", "Items", "ItemSelector", "Parameters",
                    "MaxConcurrency", "MaxConcurrencyPath", "ResultSelector", "ResultPath", "Retry", "Catch"));
    /** Fields that are valid ASL but deliberately not implemented, with the feature they belong to. */
    private static final Map<String, String> UNSUPPORTED_FIELDS = Map.of(
            "Credentials", "Task Credentials (cross-account access)",
            "ItemReader", "Map ItemReader (Distributed Map)",
            "ItemBatcher", "Map ItemBatcher (Distributed Map)",
            "ResultWriter", "Map ResultWriter (Distributed Map)",
            "ToleratedFailurePercentage", "Map ToleratedFailurePercentage (Distributed Map)",
            "ToleratedFailurePercentagePath", "Map ToleratedFailurePercentagePath (Distributed Map)",
            "ToleratedFailureCount", "Map ToleratedFailureCount (Distributed Map)",
            "ToleratedFailureCountPath", "Map ToleratedFailureCountPath (Distributed Map)",
            "Label", "Map Label (Distributed Map)");
    /** JSONPath-only fields, which a JSONata state must not have. */
    private static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "Parameters", "ResultSelector",
            "ResultPath", "ItemsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "Result",
            "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath");
    /** JSONata-only fields, which a JSONPath state must not have. */
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");

    private QueryLanguage machineLanguage = QueryLanguage.JSONPATH;

    StateMachine parse(JsonNode definition) {
        requireObject(definition, "the definition");
        checkFields(definition, MACHINE_FIELDS, "the state machine");
        if (definition.has("QueryLanguage")) {
            machineLanguage = language(definition.get("QueryLanguage"), "the state machine");
        }
        if (definition.has("Version") && !"1.0".equals(definition.get("Version").asText())) {
            throw new DefinitionException("unknown Version '" + definition.get("Version").asText() + "'");
        }
        Integer timeout = optionalInt(definition, "TimeoutSeconds", 1, "the state machine");
        String comment = definition.path("Comment").asText(null);
        return new StateMachine(comment, machineLanguage, branch(definition, "the state machine"), timeout);
    }

    private Branch branch(JsonNode node, String where) {
        String startAt = requiredText(node, "StartAt", where);
        JsonNode statesNode = node.get("States");
        requireObject(statesNode, "States of " + where);
        Map<String, State> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : statesNode.properties()) {
            states.put(entry.getKey(), state(entry.getKey(), entry.getValue()));
        }
        if (!states.containsKey(startAt)) {
            throw new DefinitionException("StartAt '" + startAt + "' of " + where + " is not one of its states");
        }
        for (State state : states.values()) {
            for (String target : transitions(state)) {
                if (!states.containsKey(target)) {
                    throw new DefinitionException("state '" + state.name() + "' goes to '" + target
                            + "', which is not a state of " + where);
                }
            }
        }
        return new Branch(startAt, Map.copyOf(states));
    }

    private static List<String> transitions(State state) {
        List<String> targets = new ArrayList<>();
        if (state.common().next() != null) {
            targets.add(state.common().next());
        }
        switch (state) {
            case ChoiceState choice -> {
                choice.choices().forEach(rule -> targets.add(rule.next()));
                if (choice.defaultNext() != null) {
                    targets.add(choice.defaultNext());
                }
            }
            case TaskState task -> task.errorHandling().catchers().forEach(c -> targets.add(c.next()));
            case ParallelState parallel -> parallel.errorHandling().catchers().forEach(c -> targets.add(c.next()));
            case MapState map -> map.errorHandling().catchers().forEach(c -> targets.add(c.next()));
            default -> {
            }
        }
        return targets;
    }

    private State state(String name, JsonNode node) {
        String where = "state '" + name + "'";
        requireObject(node, where);
        String type = requiredText(node, "Type", where);
        Set<String> typeFields = TYPE_FIELDS.get(type);
        if (typeFields == null) {
            throw new DefinitionException(where + " has unknown Type '" + type + "'");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (UNSUPPORTED_FIELDS.containsKey(key)) {
                throw new UnsupportedFeatureException(UNSUPPORTED_FIELDS.get(key) + " in " + where);
            }
            if (!COMMON_FIELDS.contains(key) && !typeFields.contains(key)) {
                throw new UnsupportedFeatureException("field '" + key + "' in " + type + " " + where);
            }
        }
        QueryLanguage language = node.has("QueryLanguage") ? language(node.get("QueryLanguage"), where) : machineLanguage;
        for (String key : language == QueryLanguage.JSONATA ? JSONPATH_ONLY : JSONATA_ONLY) {
            if (node.has(key)) {
                throw new DefinitionException(where + " uses " + language.aslName() + " and cannot have " + key);
            }
        }
        StateCommon common = common(name, type, language, node, where);
        return switch (type) {
            case "Pass" -> new PassState(common, node.get("Parameters"), node.get("Result"), resultPath(node, where));
            case "Task" -> task(common, node, where);
            case "Choice" -> choice(common, node, where);
            case "Wait" -> waitState(common, node, where);
            case "Succeed" -> new SucceedState(common);
            case "Fail" -> fail(common, node, where);
            case "Parallel" -> parallel(common, node, where);
            case "Map" -> map(common, node, where);
            default -> throw new IllegalStateException(type);
        };
    }

    private StateCommon common(String name, String type, QueryLanguage language, JsonNode node, String where) {
        boolean terminalOrChoice = type.equals("Choice") || type.equals("Succeed") || type.equals("Fail");
        String next = node.has("Next") ? requiredText(node, "Next", where) : null;
        boolean end = node.path("End").asBoolean(false);
        if (node.has("End") && !node.get("End").isBoolean()) {
            throw new DefinitionException(where + ": End must be a boolean");
        }
        if (terminalOrChoice && (next != null || node.has("End"))) {
            throw new DefinitionException(where + ": a " + type + " state cannot have Next or End");
        }
        if (!terminalOrChoice && (next == null) == !end) {
            throw new DefinitionException(where + " must have exactly one of Next or \"End\": true");
        }
        if (type.equals("Fail") && (node.has("InputPath") || node.has("OutputPath") || node.has("Output")
                || node.has("Assign"))) {
            throw new DefinitionException(where + ": a Fail state has no input or output processing");
        }
        if (type.equals("Succeed") && node.has("Assign")) {
            throw new DefinitionException(where + ": a Succeed state cannot Assign");
        }
        JsonNode assign = node.get("Assign");
        if (assign != null && !assign.isObject()) {
            throw new DefinitionException(where + ": Assign must be an object");
        }
        return new StateCommon(name, type, language, next, end, pathField(node, "InputPath", where),
                pathField(node, "OutputPath", where), assign, node.get("Output"));
    }

    private TaskState task(StateCommon common, JsonNode node, String where) {
        String resource = requiredText(node, "Resource", where);
        if (resource.endsWith(".waitForTaskToken")) {
            throw new UnsupportedFeatureException("callback task (" + resource + ") in " + where);
        }
        if (resource.startsWith("arn:aws:states:") && resource.contains(":activity:")) {
            throw new UnsupportedFeatureException("activity task (" + resource + ") in " + where);
        }
        JsonNode parameters = common.isJsonata() ? node.get("Arguments") : node.get("Parameters");
        return new TaskState(common, resource, parameters, node.get("ResultSelector"), resultPath(node, where),
                errorHandling(node, common, where), optionalInt(node, "TimeoutSeconds", 1, where),
                optionalInt(node, "HeartbeatSeconds", 1, where));
    }

    private ChoiceState choice(StateCommon common, JsonNode node, String where) {
        JsonNode choices = node.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new DefinitionException(where + " needs a non-empty Choices array");
        }
        List<ChoiceRule> rules = new ArrayList<>();
        for (JsonNode rule : choices) {
            requireObject(rule, "a Choices entry of " + where);
            String next = requiredText(rule, "Next", "a Choices entry of " + where);
            JsonNode assign = rule.get("Assign");
            JsonNode output = rule.get("Output");
            if (output != null && !common.isJsonata()) {
                throw new DefinitionException(where + ": Output in a choice rule needs JSONata");
            }
            rules.add(new ChoiceRule(condition(rule, true, common.queryLanguage(), where), next, assign, output));
        }
        String defaultNext = node.has("Default") ? requiredText(node, "Default", where) : null;
        return new ChoiceState(common, List.copyOf(rules), defaultNext);
    }

    private Condition condition(JsonNode rule, boolean topLevel, QueryLanguage language, String where) {
        requireObject(rule, "a choice rule of " + where);
        List<Condition.Comparison> comparisons = new ArrayList<>();
        Condition composite = null;
        int kinds = 0;
        for (Map.Entry<String, JsonNode> field : rule.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "Comment", "Variable" -> {
                }
                case "Next", "Assign", "Output" -> {
                    if (!topLevel) {
                        throw new DefinitionException(where + ": a nested choice rule cannot have " + key);
                    }
                }
                case "Condition" -> {
                    if (language != QueryLanguage.JSONATA) {
                        throw new DefinitionException(where + ": Condition needs JSONata");
                    }
                    composite = new Condition.Jsonata(value);
                    kinds++;
                }
                case "And", "Or" -> {
                    if (!value.isArray() || value.isEmpty()) {
                        throw new DefinitionException(where + ": " + key + " needs a non-empty array");
                    }
                    List<Condition> parts = new ArrayList<>();
                    for (JsonNode part : value) {
                        parts.add(condition(part, false, language, where));
                    }
                    composite = key.equals("And") ? new Condition.And(List.copyOf(parts)) : new Condition.Or(List.copyOf(parts));
                    kinds++;
                }
                case "Not" -> {
                    composite = new Condition.Not(condition(value, false, language, where));
                    kinds++;
                }
                default -> {
                    comparisons.add(comparison(rule, key, value, where));
                    kinds++;
                }
            }
        }
        if (kinds != 1) {
            throw new DefinitionException(where + ": a choice rule needs exactly one comparison, And, Or, Not"
                    + (language == QueryLanguage.JSONATA ? " or Condition" : "") + " (found " + kinds + ")");
        }
        if (composite != null) {
            if (rule.has("Variable")) {
                throw new DefinitionException(where + ": Variable is only allowed with a comparison");
            }
            return composite;
        }
        return comparisons.getFirst();
    }

    private Condition.Comparison comparison(JsonNode rule, String key, JsonNode operand, String where) {
        boolean byPath = key.endsWith("Path") && ComparisonOperator.fromAsl(key.substring(0, key.length() - 4)) != null;
        ComparisonOperator operator = ComparisonOperator.fromAsl(byPath ? key.substring(0, key.length() - 4) : key);
        if (operator == null || (byPath && !operator.hasPathVariant())) {
            throw new UnsupportedFeatureException("choice operator '" + key + "' in " + where);
        }
        String variable = requiredText(rule, "Variable", "a choice rule of " + where);
        if (!variable.startsWith("$")) {
            throw new DefinitionException(where + ": Variable must be a path, not '" + variable + "'");
        }
        String wrongType = where + ": " + key + " needs ";
        if (byPath) {
            if (!operand.isTextual() || !operand.asText().startsWith("$")) {
                throw new DefinitionException(wrongType + "a path");
            }
        } else {
            switch (operator.family()) {
                case STRING, STRING_MATCHES -> require(operand.isTextual(), wrongType + "a string");
                case NUMERIC -> require(operand.isNumber(), wrongType + "a number");
                case BOOLEAN, TYPE_TEST -> require(operand.isBoolean(), wrongType + "a boolean");
                case TIMESTAMP -> require(operand.isTextual() && isTimestamp(operand.asText()), wrongType + "a timestamp");
            }
        }
        return new Condition.Comparison(variable, operator, operand, byPath);
    }

    private WaitState waitState(StateCommon common, JsonNode node, String where) {
        List<WaitState.Kind> given = new ArrayList<>();
        for (WaitState.Kind kind : WaitState.Kind.values()) {
            if (node.has(fieldOf(kind))) {
                given.add(kind);
            }
        }
        if (given.size() != 1) {
            throw new DefinitionException(where + " needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
        }
        WaitState.Kind kind = given.getFirst();
        JsonNode value = node.get(fieldOf(kind));
        boolean expression = common.isJsonata() && isJsonataExpression(value);
        switch (kind) {
            case SECONDS -> require(expression || (value.canConvertToLong() && value.isIntegralNumber() && value.asLong() >= 0),
                    where + ": Seconds must be a non-negative integer");
            case TIMESTAMP -> require(expression || (value.isTextual() && isTimestamp(value.asText())),
                    where + ": Timestamp must be an ISO-8601 timestamp");
            case SECONDS_PATH, TIMESTAMP_PATH -> require(value.isTextual() && value.asText().startsWith("$"),
                    where + ": " + fieldOf(kind) + " must be a path");
        }
        return new WaitState(common, kind, value);
    }

    static String fieldOf(WaitState.Kind kind) {
        return switch (kind) {
            case SECONDS -> "Seconds";
            case SECONDS_PATH -> "SecondsPath";
            case TIMESTAMP -> "Timestamp";
            case TIMESTAMP_PATH -> "TimestampPath";
        };
    }

    private FailState fail(StateCommon common, JsonNode node, String where) {
        if (node.has("Error") && node.has("ErrorPath") || node.has("Cause") && node.has("CausePath")) {
            throw new DefinitionException(where + ": Error/ErrorPath and Cause/CausePath are exclusive");
        }
        return new FailState(common, optionalText(node, "Error", where), optionalText(node, "ErrorPath", where),
                optionalText(node, "Cause", where), optionalText(node, "CausePath", where));
    }

    private ParallelState parallel(StateCommon common, JsonNode node, String where) {
        JsonNode branchesNode = node.get("Branches");
        if (branchesNode == null || !branchesNode.isArray() || branchesNode.isEmpty()) {
            throw new DefinitionException(where + " needs a non-empty Branches array");
        }
        List<Branch> branches = new ArrayList<>();
        for (JsonNode branchNode : branchesNode) {
            requireObject(branchNode, "a branch of " + where);
            checkFields(branchNode, BRANCH_FIELDS, "a branch of " + where);
            branches.add(branch(branchNode, "a branch of " + where));
        }
        JsonNode parameters = common.isJsonata() ? node.get("Arguments") : node.get("Parameters");
        return new ParallelState(common, List.copyOf(branches), parameters, node.get("ResultSelector"),
                resultPath(node, where), errorHandling(node, common, where));
    }

    private MapState map(StateCommon common, JsonNode node, String where) {
        if (node.has("Iterator") == node.has("ItemProcessor")) {
            throw new DefinitionException(where + " needs exactly one of ItemProcessor or Iterator");
        }
        JsonNode processorNode = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
        requireObject(processorNode, "the ItemProcessor of " + where);
        checkFields(processorNode, BRANCH_FIELDS, "the ItemProcessor of " + where);
        JsonNode config = processorNode.path("ProcessorConfig");
        String mode = config.path("Mode").asText("INLINE");
        if (mode.equals("DISTRIBUTED")) {
            throw new UnsupportedFeatureException("Distributed Map (ProcessorConfig.Mode DISTRIBUTED) in " + where);
        }
        if (!mode.equals("INLINE")) {
            throw new DefinitionException(where + ": unknown ProcessorConfig.Mode '" + mode + "'");
        }
        if (node.has("ItemSelector") && node.has("Parameters")) {
            throw new DefinitionException(where + " cannot have both ItemSelector and Parameters");
        }
        Branch processor = branch(processorNode, "the ItemProcessor of " + where);
        String itemsPath = node.has("ItemsPath") ? pathField(node, "ItemsPath", where) : "$";
        if (itemsPath == null) {
            throw new DefinitionException(where + ": ItemsPath cannot be null");
        }
        JsonNode selector = node.has("ItemSelector") ? node.get("ItemSelector") : node.get("Parameters");
        return new MapState(common, processor, itemsPath, node.get("Items"), selector,
                optionalInt(node, "MaxConcurrency", 0, where), node.get("ResultSelector"), resultPath(node, where),
                errorHandling(node, common, where));
    }

    private ErrorHandling errorHandling(JsonNode node, StateCommon common, String where) {
        List<Retrier> retriers = new ArrayList<>();
        JsonNode retry = node.get("Retry");
        if (retry != null) {
            require(retry.isArray(), where + ": Retry must be an array");
            for (JsonNode r : retry) {
                retriers.add(retrier(r, where));
            }
            checkAllIsLast(retriers.stream().map(Retrier::errorEquals).toList(), "Retry", where);
        }
        List<Catcher> catchers = new ArrayList<>();
        JsonNode catchNode = node.get("Catch");
        if (catchNode != null) {
            require(catchNode.isArray(), where + ": Catch must be an array");
            for (JsonNode c : catchNode) {
                catchers.add(catcher(c, common, where));
            }
            checkAllIsLast(catchers.stream().map(Catcher::errorEquals).toList(), "Catch", where);
        }
        return retriers.isEmpty() && catchers.isEmpty()
                ? ErrorHandling.NONE : new ErrorHandling(List.copyOf(retriers), List.copyOf(catchers));
    }

    private Retrier retrier(JsonNode node, String where) {
        String what = "a Retry entry of " + where;
        requireObject(node, what);
        checkFields(node, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                "JitterStrategy", "Comment"), what);
        Integer interval = optionalInt(node, "IntervalSeconds", 1, what);
        Integer maxAttempts = optionalInt(node, "MaxAttempts", 0, what);
        BigDecimal backoff = Retrier.DEFAULT_BACKOFF_RATE;
        if (node.has("BackoffRate")) {
            JsonNode rate = node.get("BackoffRate");
            require(rate.isNumber() && rate.decimalValue().compareTo(BigDecimal.ONE) >= 0,
                    what + ": BackoffRate must be a number >= 1.0");
            backoff = rate.decimalValue();
        }
        String jitter = node.path("JitterStrategy").asText("NONE");
        require(jitter.equals("NONE") || jitter.equals("FULL"), what + ": JitterStrategy must be FULL or NONE");
        return new Retrier(errorEquals(node, what),
                interval == null ? Retrier.DEFAULT_INTERVAL_SECONDS : interval,
                maxAttempts == null ? Retrier.DEFAULT_MAX_ATTEMPTS : maxAttempts,
                backoff, optionalInt(node, "MaxDelaySeconds", 1, what), jitter);
    }

    private Catcher catcher(JsonNode node, StateCommon common, String where) {
        String what = "a Catch entry of " + where;
        requireObject(node, what);
        checkFields(node, Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Output", "Comment"), what);
        if (common.isJsonata() && node.has("ResultPath") || !common.isJsonata() && node.has("Output")) {
            throw new DefinitionException(what + " mixes JSONPath and JSONata fields");
        }
        return new Catcher(errorEquals(node, what), requiredText(node, "Next", what), resultPath(node, what),
                node.get("Assign"), node.get("Output"));
    }

    private static List<String> errorEquals(JsonNode node, String what) {
        JsonNode names = node.get("ErrorEquals");
        require(names != null && names.isArray() && !names.isEmpty(), what + " needs a non-empty ErrorEquals");
        List<String> result = new ArrayList<>();
        for (JsonNode name : names) {
            require(name.isTextual(), what + ": ErrorEquals holds strings");
            result.add(name.asText());
        }
        return List.copyOf(result);
    }

    /** AWS: States.ALL must be the only name of its entry, and that entry must come last. */
    private static void checkAllIsLast(List<List<String>> entries, String field, String where) {
        for (int i = 0; i < entries.size(); i++) {
            List<String> names = entries.get(i);
            if (names.contains(StatesErrors.ALL) && (names.size() > 1 || i < entries.size() - 1)) {
                throw new DefinitionException(where + ": in " + field + ", States.ALL must appear alone in the last entry");
            }
        }
    }

    private static String resultPath(JsonNode node, String where) {
        String path = pathField(node, "ResultPath", where);
        if (path != null) {
            try {
                ReferencePath.parse(path);
            } catch (IllegalArgumentException e) {
                throw new DefinitionException(where + ": ResultPath " + e.getMessage());
            }
        }
        return path;
    }

    /** A path-valued field: {@code "$"} when absent, null when the definition says null. */
    private static String pathField(JsonNode node, String field, String where) {
        if (!node.has(field)) {
            return "$";
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return null;
        }
        require(value.isTextual() && value.asText().startsWith("$"), where + ": " + field + " must be a path or null");
        return value.asText();
    }

    private static QueryLanguage language(JsonNode value, String where) {
        try {
            return QueryLanguage.fromAsl(value.asText());
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(where + ": " + e.getMessage());
        }
    }

    static boolean isJsonataExpression(JsonNode value) {
        return value != null && value.isTextual() && value.asText().startsWith("{%") && value.asText().endsWith("%}");
    }

    private static boolean isTimestamp(String text) {
        return Timestamps.parse(text) != null;
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (UNSUPPORTED_FIELDS.containsKey(field.getKey())) {
                throw new UnsupportedFeatureException(UNSUPPORTED_FIELDS.get(field.getKey()) + " in " + where);
            }
            if (!allowed.contains(field.getKey())) {
                throw new UnsupportedFeatureException("field '" + field.getKey() + "' in " + where);
            }
        }
    }

    private static void requireObject(JsonNode node, String what) {
        require(node != null && node.isObject(), what + " must be a JSON object");
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        require(value != null && value.isTextual(), where + " needs a string " + field);
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        require(value.isTextual(), where + ": " + field + " must be a string");
        return value.asText();
    }

    private static Integer optionalInt(JsonNode node, String field, int min, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        require(value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= min,
                where + ": " + field + " must be an integer >= " + min);
        return value.asInt();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new DefinitionException(message);
        }
    }
}
