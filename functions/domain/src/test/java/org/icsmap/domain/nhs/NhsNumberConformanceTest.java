package org.icsmap.domain.nhs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared NHS number vectors (uk-fci/nhs-number, MIT), copied into test resources. Scotland's CHI
 * date check is out of scope (see {@link NhsNumber}): the one vector that depends on it is expected to differ.
 */
class NhsNumberConformanceTest {

    @TestFactory
    List<DynamicTest> sharedVectors() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/conformance/nhs_number_cases.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases.get("calculate_checksum")) {
            String id = c.get("identifier").asText();
            Integer expected = c.get("checksum").isNull() ? null : c.get("checksum").asInt();
            tests.add(DynamicTest.dynamicTest("checksum " + id, () ->
                    assertThat(NhsNumber.checkDigit(id)).isEqualTo(expected == null ? -1 : expected)));
        }
        for (JsonNode c : cases.get("standardise")) {
            tests.add(DynamicTest.dynamicTest("standardise '" + c.get("input").asText() + "'", () ->
                    assertThat(NhsNumber.standardise(c.get("input").asText())).isEqualTo(c.get("output").asText())));
        }
        for (JsonNode c : cases.get("is_valid")) {
            String input = c.get("input").asText();
            boolean chiDateCase = c.path("note").asText().contains("impossible date");
            boolean expected = chiDateCase || c.get("valid").asBoolean();
            tests.add(DynamicTest.dynamicTest("valid '" + input + "'" + (chiDateCase ? " (CHI date check not applied)" : ""), () ->
                    assertThat(NhsNumber.isValid(input)).isEqualTo(expected)));
        }
        for (JsonNode c : cases.get("region_of")) {
            String number = c.get("number").asText();
            tests.add(DynamicTest.dynamicTest("region of " + number, () ->
                    assertThat(NhsNumber.regionOf(number).name()).isEqualTo(c.get("region").asText())));
        }
        for (JsonNode c : cases.get("is_valid_for_region")) {
            String input = c.get("input").asText();
            tests.add(DynamicTest.dynamicTest("region check " + input + " " + c.get("region").asText(), () ->
                    assertThat(NhsNumber.isValid(input) && NhsNumber.regionOf(input).name().equals(c.get("region").asText()))
                            .isEqualTo(c.get("valid").asBoolean())));
        }
        return tests;
    }
}
