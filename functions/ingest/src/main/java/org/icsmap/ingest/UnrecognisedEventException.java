package org.icsmap.ingest;

/**
 * The function was invoked with something that is neither an S3 event notification nor an EventBridge
 * S3 event, or with one missing a field it needs. The message names fields, never their values.
 */
public final class UnrecognisedEventException extends IllegalArgumentException {

    public UnrecognisedEventException(String message) {
        super(message);
    }
}
