package org.icsmap.domain.port;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Objects by key, as S3 keeps them: a bucket per zone on AWS, a directory on disk locally. Keys use
 * {@code /} and never start with one. Reads stream; writes are whole objects (an S3 PUT is atomic per
 * object), which is why writers stage data in a local file first.
 */
public interface ObjectStore {

    /** Metadata of one stored object. {@code userMetadata} holds what {@link #put} was given (lower-case keys). */
    record StoredObject(String key, long size, Instant lastModified, Map<String, String> userMetadata) {
        public StoredObject {
            userMetadata = Map.copyOf(userMetadata);
        }
    }

    /** Streams an object's bytes. */
    InputStream open(String key) throws IOException;

    Optional<StoredObject> stat(String key) throws IOException;

    /** Stores a local file's bytes under the key, replacing any object there. */
    void put(String key, Path source, Map<String, String> userMetadata) throws IOException;

    /**
     * As {@link #put(String, Path, Map)}, but the local file is handed over: it is gone afterwards, whether or not the
     * put succeeded. A store on the same disk moves it rather than copying it (ingest's outputs are tens of megabytes);
     * others upload it and delete it.
     */
    default void moveIn(String key, Path source, Map<String, String> userMetadata) throws IOException {
        try {
            put(key, source, userMetadata);
        } finally {
            java.nio.file.Files.deleteIfExists(source);
        }
    }

    /** Stores bytes under the key, replacing any object there. */
    void put(String key, byte[] bytes, Map<String, String> userMetadata) throws IOException;

    /**
     * Stores bytes under the key only if no object is there yet, atomically: of two concurrent writers of the
     * same key exactly one succeeds, and an existing object is never replaced. Returns {@code false}, having
     * written nothing, when an object already exists. For append-only records (the audit trail): on S3 a
     * conditional PUT ({@code If-None-Match: *}), locally a hard link, which fails if the name exists.
     */
    boolean putIfAbsent(String key, byte[] bytes, Map<String, String> userMetadata) throws IOException;

    /** Every object whose key starts with the prefix, in key order. */
    List<StoredObject> list(String prefix) throws IOException;

    /** Deletes the object if it exists. */
    void delete(String key) throws IOException;

    /** Thrown by {@link #open} when there is no object under the key. */
    final class NoSuchObjectException extends IOException {
        public NoSuchObjectException(String key) {
            super("no object at " + key);
        }
    }
}
