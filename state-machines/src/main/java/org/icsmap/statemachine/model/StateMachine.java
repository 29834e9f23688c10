package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.icsmap.statemachine.json.Json;

/**
 * A parsed, validated state machine definition.
 *
 * @param timeoutSeconds the definition's TimeoutSeconds, or null (not enforced locally)
 */
public record StateMachine(String comment, QueryLanguage queryLanguage, Branch main, Integer timeoutSeconds) {

    /**
     * Parses a definition.
     *
     * @throws org.icsmap.statemachine.DefinitionException         when it is not valid ASL
     * @throws org.icsmap.statemachine.UnsupportedFeatureException when it uses something the local
     *                                                              interpreter does not implement
     */
    public static StateMachine parse(JsonNode definition) {
        return new DefinitionParser().parse(definition);
    }

    public static StateMachine parse(String definitionJson) {
        return parse(Json.parse(definitionJson));
    }

    public static StateMachine read(Path definitionFile) {
        return parse(Json.read(definitionFile));
    }
}
