package org.icsmap.ingest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the objects out of the two event shapes S3 reaches a Lambda function in:
 *
 * <ul>
 *   <li>an <b>S3 event notification</b>: {@code Records[]} with {@code eventSource = aws:s3},
 *       {@code eventName = ObjectCreated:*}, {@code s3.bucket.name} and {@code s3.object.key}. The key is
 *       URL-encoded the way HTML forms are ({@code =} as {@code %3D}, a space as {@code +}) and is decoded here;</li>
 *   <li>an <b>EventBridge</b> event from S3: {@code source = aws.s3}, {@code detail-type = Object Created},
 *       {@code detail.bucket.name} and {@code detail.object.key}, which is not encoded.</li>
 * </ul>
 *
 * Events of other kinds of the same shapes (an object removed, restored, tagged) are returned with
 * {@code created = false} for the caller to ignore. Anything else is an {@link UnrecognisedEventException}
 * that names the fields it looked for, never a value from the event (a key could hold anything).
 */
public final class S3Events {

    static final String EVENTBRIDGE_SOURCE = "aws.s3";
    static final String OBJECT_CREATED = "Object Created";

    private S3Events() {
    }

    /** The objects the event is about, in the order the event lists them. */
    public static List<ObjectEvent> objects(Map<String, ?> event) {
        if (event == null) {
            throw new UnrecognisedEventException("the function was invoked without an event");
        }
        if (event.containsKey("Records")) {
            return notification(event.get("Records"));
        }
        if (event.containsKey("detail-type") || event.containsKey("detail")) {
            return List.of(eventBridge(event));
        }
        throw new UnrecognisedEventException("not an S3 event notification (no Records) nor an EventBridge event from "
                + EVENTBRIDGE_SOURCE + " (no source, detail-type and detail); the event's fields are " + new TreeSet<>(event.keySet()));
    }

    private static List<ObjectEvent> notification(Object records) {
        if (!(records instanceof List<?> list) || list.isEmpty()) {
            throw new UnrecognisedEventException("an S3 event notification needs a non-empty Records array");
        }
        List<ObjectEvent> objects = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = "Records[" + i + "]";
            Map<?, ?> record = object(list.get(i), at);
            String eventSource = text(record, "eventSource", at);
            if (!"aws:s3".equals(eventSource)) {
                throw new UnrecognisedEventException(at + ".eventSource is not aws:s3: only S3 event notifications sent straight to "
                        + "the function are read (not ones relayed through SQS or SNS)");
            }
            String eventName = text(record, "eventName", at);
            Map<?, ?> s3 = object(record.get("s3"), at + ".s3");
            String bucket = text(object(s3.get("bucket"), at + ".s3.bucket"), "name", at + ".s3.bucket");
            String encoded = text(object(s3.get("object"), at + ".s3.object"), "key", at + ".s3.object");
            String key;
            try {
                key = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new UnrecognisedEventException(at + ".s3.object.key is not URL-encoded as S3 event notifications are");
            }
            objects.add(new ObjectEvent(bucket, key, eventName.startsWith("ObjectCreated:")));
        }
        return List.copyOf(objects);
    }

    private static ObjectEvent eventBridge(Map<String, ?> event) {
        if (!EVENTBRIDGE_SOURCE.equals(event.get("source"))) {
            throw new UnrecognisedEventException("an EventBridge event whose source is not " + EVENTBRIDGE_SOURCE
                    + ": the rule that invokes this function must match S3 events only");
        }
        String detailType = text(event, "detail-type", "");
        Map<?, ?> detail = object(event.get("detail"), "detail");
        String bucket = text(object(detail.get("bucket"), "detail.bucket"), "name", "detail.bucket");
        String key = text(object(detail.get("object"), "detail.object"), "key", "detail.object");
        return new ObjectEvent(bucket, key, OBJECT_CREATED.equals(detailType));
    }

    private static Map<?, ?> object(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new UnrecognisedEventException(path + (value == null ? " is missing" : " is not a JSON object"));
    }

    private static String text(Map<?, ?> object, String field, String path) {
        Object value = object.get(field);
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        throw new UnrecognisedEventException((path.isEmpty() ? field : path + "." + field) + (value == null ? " is missing" : " is not a non-empty string"));
    }
}
