package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fields every state may have.
 *
 * @param next        the state to go to, or null for a terminal state
 * @param inputPath   JSONPath InputPath; {@code "$"} when absent, null when the definition says null
 *                    (the effective input is then {@code {}})
 * @param outputPath  JSONPath OutputPath, with the same convention
 * @param assign      the Assign block (variables), or null
 * @param output      the JSONata Output field, or null when absent
 */
public record StateCommon(
        String name,
        String type,
        QueryLanguage queryLanguage,
        String next,
        boolean end,
        String inputPath,
        String outputPath,
        JsonNode assign,
        JsonNode output) {

    public boolean isJsonata() {
        return queryLanguage == QueryLanguage.JSONATA;
    }
}
