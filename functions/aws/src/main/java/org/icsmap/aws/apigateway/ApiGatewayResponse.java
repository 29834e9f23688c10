package org.icsmap.aws.apigateway;

import java.util.Map;

/**
 * What a Lambda proxy integration returns to API Gateway: a status, headers and a JSON body. Every response
 * says {@code Cache-Control: no-store}: answers hold signed URLs or NHS numbers that no cache may keep.
 */
public record ApiGatewayResponse(int statusCode, Map<String, String> headers, String body) {

    public static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

    public ApiGatewayResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiGatewayResponse json(int statusCode, String body) {
        return new ApiGatewayResponse(statusCode, JSON_HEADERS, body);
    }
}
