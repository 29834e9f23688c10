package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One Catch entry.
 *
 * @param resultPath where the error output goes in the state's input ({@code "$"} by default,
 *                   null to discard it)
 */
public record Catcher(List<String> errorEquals, String next, String resultPath, JsonNode assign, JsonNode output) {
}
