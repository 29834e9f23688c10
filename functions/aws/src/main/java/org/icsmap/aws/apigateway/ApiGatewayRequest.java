package org.icsmap.aws.apigateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway REST API (Lambda proxy integration) event a function behind IAM authorisation
 * needs: who called ({@code requestContext.identity.userArn}, set by API Gateway from the SigV4 signature it
 * verified, so a caller cannot choose it), the body, and API Gateway's request id for correlating logs.
 *
 * @param callerArn the caller's IAM principal ARN, empty if the event has none (no IAM authorisation)
 * @param body      the request body as text, decoded if API Gateway base64-encoded it; empty string if none
 * @param requestId {@code requestContext.requestId}, or empty
 */
public record ApiGatewayRequest(Optional<String> callerArn, String body, Optional<String> requestId) {

    /** Reads a proxy-integration event; anything missing is simply absent, for the function to refuse. */
    public static ApiGatewayRequest from(Map<String, ?> event) {
        Map<?, ?> context = event == null ? Map.of() : object(event.get("requestContext"));
        Optional<String> caller = text(object(context.get("identity")).get("userArn"));
        Optional<String> requestId = text(context.get("requestId"));
        String body = event == null ? "" : text(event.get("body")).orElse("");
        if (event != null && Boolean.TRUE.equals(event.get("isBase64Encoded")) && !body.isEmpty()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                body = ""; // not base64 after all: treated as an empty (so invalid) request
            }
        }
        return new ApiGatewayRequest(caller, body, requestId);
    }

    private static Map<?, ?> object(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }
}
