package org.icsmap.uploadurl;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * API Gateway proxy events as the Lambda runtime delivers them: the captured {@code events/api-gateway-post-uploads.json}
 * read through the serializer this jar registers, with the caller and body replaced.
 */
final class ApiGatewayEvents {

    static final CustomPojoSerializer SERIALIZER = ServiceLoader.load(CustomPojoSerializer.class).findFirst()
            .orElseThrow(() -> new IllegalStateException("no CustomPojoSerializer registered in META-INF/services"));
    static final Type EVENT_TYPE = ((ParameterizedType) UploadUrlHandler.class.getGenericSuperclass()).getActualTypeArguments()[0];

    private ApiGatewayEvents() {
    }

    static Map<String, Object> captured() {
        try (InputStream in = ApiGatewayEvents.class.getResourceAsStream("/events/api-gateway-post-uploads.json")) {
            return SERIALIZER.fromJson(in, EVENT_TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The captured event from {@code callerArn} (null: no identity) with {@code body}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> post(String callerArn, String body) {
        Map<String, Object> event = captured();
        Map<String, Object> identity = (Map<String, Object>) ((Map<String, Object>) event.get("requestContext")).get("identity");
        identity.put("userArn", callerArn);
        event.put("body", body);
        return event;
    }
}
