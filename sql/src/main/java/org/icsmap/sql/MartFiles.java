package org.icsmap.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.marts.Marts;
import org.icsmap.domain.port.SqlScript;

/**
 * The shared marts this module ships: every {@code sql/marts/<name>.sql} beside this class (in its jar, or its
 * classes directory), each defined by its own {@code -- mart} lines ({@link Marts}). Adding a mart is adding its file.
 *
 * <p>The files are found where this class was loaded from, not by asking the class loader for a directory: a class
 * loader cannot list one, and test resources elsewhere on the class path (a deliberately broken mart) are not marts
 * of a refresh.
 */
public final class MartFiles {

    private static final String DIRECTORY = SqlScript.RESOURCE_ROOT + Marts.DIRECTORY;

    private MartFiles() {
    }

    /** Every shared mart, parents first, otherwise by name: the order a refresh builds them in. */
    public static List<MartDefinition> shared() {
        return Shipped.MARTS;
    }

    /** Read once, on first use. */
    private static final class Shipped {
        static final List<MartDefinition> MARTS = Marts.fromFiles(read());
    }

    /** The mart files shipped with this class: name → text. */
    static Map<String, String> read() {
        Path location;
        try {
            location = Path.of(MartFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where the mart SQL files are: the location of " + MartFiles.class.getName()
                    + " is unknown", e);
        }
        try {
            if (Files.isDirectory(location)) {
                return read(location.resolve(DIRECTORY));
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return read(jar.getPath(DIRECTORY));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mart SQL files under " + DIRECTORY + " in " + location, e);
        }
    }

    private static Map<String, String> read(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no mart SQL files: " + directory + " is not a directory");
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(directory)) {
            for (Path file : list.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".sql")) {
                    files.put(name.substring(0, name.length() - ".sql".length()), Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no mart SQL files in " + directory);
        }
        return files;
    }
}
