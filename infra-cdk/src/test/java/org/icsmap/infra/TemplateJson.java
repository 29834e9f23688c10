package org.icsmap.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** A synthesised template as JSON, with intrinsic functions rendered as readable strings for policy checks. */
record TemplateJson(JsonNode root) {

    static TemplateJson of(Template template) {
        return new TemplateJson(new ObjectMapper().valueToTree(template.toJSON()));
    }

    JsonNode resources() {
        return root.get("Resources");
    }

    /** Logical id → resource, of one type. */
    List<Map.Entry<String, JsonNode>> ofType(String type) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue().path("Type").asText().equals(type)) {
                found.add(entry);
            }
        }
        return found;
    }

    String logicalIdOfRole(String roleName) {
        return ofType("AWS::IAM::Role").stream()
                .filter(e -> e.getValue().path("Properties").path("RoleName").asText().equals(roleName))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no role named " + roleName));
    }

    /** Every statement of every AWS::IAM::Policy attached to the role. */
    List<JsonNode> statementsOfRole(String roleLogicalId) {
        List<JsonNode> statements = new ArrayList<>();
        for (Map.Entry<String, JsonNode> policy : ofType("AWS::IAM::Policy")) {
            for (JsonNode role : policy.getValue().path("Properties").path("Roles")) {
                if (role.path("Ref").asText().equals(roleLogicalId)) {
                    policy.getValue().path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
                }
            }
        }
        return statements;
    }

    /** Strings or lists of them, with {@code Ref}, {@code Fn::GetAtt} and {@code Fn::Join} rendered. */
    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(n -> values.add(render(n)));
        } else {
            values.add(render(node));
        }
        return values;
    }

    static String render(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            return "<" + node.get("Ref").asText() + ">";
        }
        if (node.has("Fn::GetAtt")) {
            return "<" + node.get("Fn::GetAtt").get(0).asText() + "." + node.get("Fn::GetAtt").get(1).asText() + ">";
        }
        if (node.has("Fn::Join")) {
            StringBuilder out = new StringBuilder();
            String separator = node.get("Fn::Join").get(0).asText();
            Iterator<JsonNode> parts = node.get("Fn::Join").get(1).elements();
            while (parts.hasNext()) {
                out.append(render(parts.next()));
                if (parts.hasNext()) {
                    out.append(separator);
                }
            }
            return out.toString();
        }
        return node.toString();
    }
}
