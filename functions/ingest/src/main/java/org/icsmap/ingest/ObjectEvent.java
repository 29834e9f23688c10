package org.icsmap.ingest;

/**
 * One object an S3 event is about, read by {@link S3Events} from either event shape the function accepts.
 *
 * @param bucket  the bucket the object is in
 * @param key     the object key, decoded (S3 notifications URL-encode it; EventBridge does not)
 * @param created whether the event says the object was created (anything else is ignored)
 */
public record ObjectEvent(String bucket, String key, boolean created) {
}
