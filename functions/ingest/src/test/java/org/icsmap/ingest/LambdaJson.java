package org.icsmap.ingest;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Events in and summaries out through the serializer the Lambda runtime itself would use: the
 * {@link CustomPojoSerializer} this jar registers in {@code META-INF/services}.
 */
final class LambdaJson {

    static final CustomPojoSerializer SERIALIZER = ServiceLoader.load(CustomPojoSerializer.class).findFirst()
            .orElseThrow(() -> new IllegalStateException("no CustomPojoSerializer registered in META-INF/services"));

    /** The handler's input type, {@code Map<String, Object>}, as the runtime sees it. */
    static final Type EVENT_TYPE = IngestHandler.class.getGenericSuperclass() instanceof java.lang.reflect.ParameterizedType p
            ? p.getActualTypeArguments()[0] : Map.class;

    private LambdaJson() {
    }

    /** A captured event under {@code src/test/resources/events/}. */
    static Map<String, Object> event(String name) {
        try (InputStream in = LambdaJson.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no captured event " + name);
            }
            return SERIALIZER.fromJson(in, EVENT_TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> parse(String json) {
        return SERIALIZER.fromJson(json, EVENT_TYPE);
    }

    /** The handler's answer as the runtime would send it back. */
    static String toJson(IngestSummary summary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SERIALIZER.toJson(summary, out, IngestSummary.class);
        return out.toString(StandardCharsets.UTF_8);
    }
}
