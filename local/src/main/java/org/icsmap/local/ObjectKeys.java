package org.icsmap.local;

/**
 * The keys {@link DirectoryObjectStore} accepts: {@code /}-separated segments, none empty, none {@code .}
 * or {@code ..}, none starting with {@code .} (hidden names hold the store's sidecars and temporary
 * files), no backslash or NUL. Every such key is also a plain S3 key, so the local home is the stricter
 * one and a key that passes the local tests also works on AWS.
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /** Throws {@link IllegalArgumentException} naming the rule the key breaks. */
    public static String requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        if (key.endsWith("/")) {
            throw new IllegalArgumentException("object key ends with '/': " + key);
        }
        checkSegments(key);
        return key;
    }

    /** A list prefix: empty (everything), or a key's first characters, which may end in {@code /}. */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix is null");
        }
        if (!prefix.isEmpty()) {
            checkSegments(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        return prefix;
    }

    private static void checkSegments(String key) {
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key starts with '/': " + key);
        }
        if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("object key contains a backslash or NUL: " + key);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("object key has an empty segment ('//'): " + key);
            }
            if (segment.startsWith(".")) {
                throw new IllegalArgumentException("object key has a segment starting with '.' ('.', '..' and hidden names are reserved): " + key);
            }
        }
    }
}
