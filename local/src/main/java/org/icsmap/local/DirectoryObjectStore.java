package org.icsmap.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.icsmap.domain.port.ObjectStore;

/**
 * The local home of {@link ObjectStore}: a directory on disk, one plain file per object at the path its
 * key names, so the local query engine (Trino's Hive connector) reads curated Parquet straight from here.
 *
 * <ul>
 *   <li><b>Atomic per object.</b> Bytes go to a hidden temporary file in the target directory, are forced
 *       to disk, then moved over the object with {@code ATOMIC_MOVE}: a reader sees the old object or the
 *       new one, never part of one, and a reader that already opened the old one keeps reading it.
 *   <li><b>User metadata</b> lives in a hidden sidecar {@code .<name>.meta} beside the object (a
 *       {@link Properties} file in UTF-8). A sidecar rather than extended attributes because xattrs are
 *       missing or size-limited on some file systems (tmpfs on older kernels, many network mounts), and
 *       Hive and Trino skip hidden files, so sidecars never show up as data. The sidecar is written just
 *       before the object and removed just after it; during an overwrite a concurrent {@link #stat} can
 *       see the new metadata with the old bytes for an instant. A file with no sidecar (written by another
 *       tool, such as Trino) simply has no metadata. Names and values must be printable ASCII, the most
 *       S3's HTTP headers carry intact.
 *   <li><b>Keys</b> follow {@link ObjectKeys}: stricter than S3, so a key that works locally works on S3.
 *       A key cannot be both an object and a "folder" of other objects ({@code a} and {@code a/b}), which
 *       S3 would allow; the second put fails with an {@link IOException}.
 *   <li>Directories are created on demand and never removed: S3 has none, so empty ones mean nothing, and
 *       removing them would race with a concurrent put into the same directory.
 * </ul>
 */
public final class DirectoryObjectStore implements ObjectStore {

    private static final String SIDECAR_SUFFIX = ".meta";
    private static final String TEMP_SUFFIX = ".tmp";

    /** S3 lists keys in the order of their UTF-8 bytes; {@link String#compareTo} differs above U+FFFF. */
    private static final Comparator<String> S3_KEY_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final Path root;

    /** Uses (and creates if needed) {@code root} as the store's top directory. */
    public DirectoryObjectStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    public Path root() {
        return root;
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path file = fileOf(key);
        if (Files.isDirectory(file)) {
            throw new NoSuchObjectException(key);
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(key);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path file = fileOf(key);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new StoredObject(key, attributes.size(), attributes.lastModifiedTime().toInstant(), readMetadata(file)));
    }

    @Override
    public void put(String key, Path source, Map<String, String> userMetadata) throws IOException {
        store(key, userMetadata, temp -> Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING));
    }

    /** What fills the hidden temporary file an object is staged in before {@link #commit}. */
    private interface Staging {
        void into(Path temp) throws IOException;
    }

    /** Stages the object's bytes in a temporary file beside it, then commits it; the temporary file never outlives the call. */
    private void store(String key, Map<String, String> userMetadata, Staging staging) throws IOException {
        Path file = fileOf(key);
        requirePrintableAscii(userMetadata);
        Path temp = newTempFile(file);
        try {
            staging.into(temp);
            commit(temp, file, userMetadata);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames the file into place when it is on the store's file system (no copy), else copies it; forced to disk either way. */
    @Override
    public void moveIn(String key, Path source, Map<String, String> userMetadata) throws IOException {
        try {
            store(key, userMetadata, temp -> {
                try {
                    Files.move(source, temp, StandardCopyOption.ATOMIC_MOVE); // replaces the empty temp file (a rename)
                } catch (AtomicMoveNotSupportedException e) { // another file system
                    Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
                }
            });
        } finally {
            Files.deleteIfExists(source);
        }
    }

    @Override
    public void put(String key, byte[] bytes, Map<String, String> userMetadata) throws IOException {
        store(key, userMetadata, temp -> Files.write(temp, bytes));
    }

    /**
     * The object appears by hard link, which fails if the name exists (a rename would replace it), then its
     * metadata sidecar: a concurrent {@link #stat} can see the new object without metadata for an instant.
     */
    @Override
    public boolean putIfAbsent(String key, byte[] bytes, Map<String, String> userMetadata) throws IOException {
        Path file = fileOf(key);
        requirePrintableAscii(userMetadata);
        Path temp = newTempFile(file);
        Path sidecarTemp = newTempFile(file);
        try {
            Files.write(temp, bytes);
            force(temp);
            writeMetadata(sidecarTemp, userMetadata);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            Files.move(sidecarTemp, sidecarOf(file), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(sidecarTemp);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        ObjectKeys.requireValidPrefix(prefix);
        // Walk only the deepest directory the prefix names in full: "curated/feed=apc/per" walks curated/feed=apc.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        collectKeys(start, prefix, keys);
        keys.sort(S3_KEY_ORDER);
        List<StoredObject> objects = new ArrayList<>(keys.size());
        for (String key : keys) {
            stat(key).ifPresent(objects::add); // an object deleted meanwhile drops out here
        }
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = fileOf(key);
        if (Files.isDirectory(file)) {
            return; // a "folder" of other objects, not an object
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(sidecarOf(file));
    }

    /**
     * Walks by hand rather than with {@link Files#walk}, which fails when a concurrent put's temporary file
     * vanishes mid-walk: hidden names are skipped before anything else is read from them.
     */
    private void collectKeys(Path directory, String prefix, List<String> keys) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(".")) {
                    continue; // sidecars and temporary files
                }
                String key = keyOf(entry);
                if (Files.isDirectory(entry)) {
                    String folder = key + "/";
                    if (folder.startsWith(prefix) || prefix.startsWith(folder)) {
                        collectKeys(entry, prefix, keys);
                    }
                } else if (key.startsWith(prefix)) {
                    keys.add(key);
                }
            }
        } catch (NoSuchFileException e) {
            // the directory went away while we listed it: nothing in it to list
        }
    }

    private Path fileOf(String key) {
        ObjectKeys.requireValid(key);
        return root.resolve(key);
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static Path sidecarOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + SIDECAR_SUFFIX);
    }

    private static Path newTempFile(Path file) throws IOException {
        Path directory = Files.createDirectories(file.getParent());
        return Files.createTempFile(directory, "." + file.getFileName() + ".", TEMP_SUFFIX);
    }

    /** Forces the staged bytes to disk, then publishes metadata and object, each with one atomic rename. */
    private static void commit(Path temp, Path file, Map<String, String> userMetadata) throws IOException {
        force(temp);
        Path sidecar = sidecarOf(file);
        Path sidecarTemp = newTempFile(file);
        try {
            writeMetadata(sidecarTemp, userMetadata);
            Files.move(sidecarTemp, sidecar, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(sidecarTemp);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void writeMetadata(Path sidecar, Map<String, String> userMetadata) throws IOException {
        Properties properties = new Properties();
        // Lower-case keys, as S3 returns them, so both homes give callers the same map.
        userMetadata.forEach((name, value) -> properties.setProperty(name.toLowerCase(Locale.ROOT), value));
        try (Writer writer = Files.newBufferedWriter(sidecar, StandardCharsets.UTF_8)) {
            properties.store(writer, null);
        }
        force(sidecar);
    }

    /** S3 carries user metadata in HTTP headers, where only printable ASCII survives intact: refuse the rest here too. */
    private static void requirePrintableAscii(Map<String, String> userMetadata) {
        userMetadata.forEach((name, value) -> {
            if (name.isEmpty() || !(name + value).chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("user metadata must be printable ASCII with a non-empty name: " + name);
            }
        });
    }

    private static Map<String, String> readMetadata(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(sidecarOf(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, String> metadata = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> metadata.put(name, properties.getProperty(name)));
        return metadata;
    }
}
