package org.icsmap.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.icsmap.domain.port.ObjectStore.StoredObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the directory store has to get right. The port's contract itself (round trips, listing,
 * deletes) runs against this store in functions/aws, beside S3, from test-fixtures' ObjectStoreContract:
 * this module cannot depend on test-fixtures, which depends on it.
 */
class DirectoryObjectStoreTest {

    @TempDir
    Path temp;

    Path root;
    DirectoryObjectStore store;

    @BeforeEach
    void open() throws IOException {
        root = temp.resolve("store");
        store = new DirectoryObjectStore(root);
    }

    @Test
    void anObjectIsAPlainFileAtItsKeyWithItsMetadataInAHiddenSidecar() throws IOException {
        store.put("curated/feed=apc/part-0.parquet", utf8("PAR1"), Map.of("feed", "apc"));

        assertThat(root.resolve("curated/feed=apc/part-0.parquet")).hasBinaryContent(utf8("PAR1"));
        assertThat(root.resolve("curated/feed=apc/.part-0.parquet.meta")).exists();
        assertThat(filesUnder(root)).containsExactlyInAnyOrder(
                "curated/feed=apc/part-0.parquet", "curated/feed=apc/.part-0.parquet.meta");
    }

    @Test
    void listNeverReturnsSidecarsOrTemporaryFiles() throws IOException {
        store.put("landing/a.csv", utf8("a"), Map.of("feed", "apc"));
        Files.writeString(root.resolve("landing/.a.csv.123.tmp"), "half an object");

        assertThat(store.list("")).extracting(StoredObject::key).containsExactly("landing/a.csv");
    }

    @Test
    void aFileWrittenByAnotherToolIsAnObjectWithoutMetadata() throws IOException {
        Files.createDirectories(root.resolve("marts"));
        Files.writeString(root.resolve("marts/by_place.csv"), "written by the query engine");

        assertThat(store.stat("marts/by_place.csv")).get().extracting(StoredObject::userMetadata).isEqualTo(Map.of());
        assertThat(store.list("marts/")).extracting(StoredObject::key).containsExactly("marts/by_place.csv");
    }

    @Test
    void aReaderKeepsTheVersionItOpenedWhileAnOverwriteReplacesIt() throws IOException {
        store.put("marts/totals.csv", utf8("version 1"), Map.of());

        try (InputStream reader = store.open("marts/totals.csv")) {
            store.put("marts/totals.csv", utf8("version 2 is longer"), Map.of());

            assertThat(reader.readAllBytes()).isEqualTo(utf8("version 1"));
        }
        try (InputStream reader = store.open("marts/totals.csv")) {
            assertThat(reader.readAllBytes()).isEqualTo(utf8("version 2 is longer"));
        }
    }

    @Test
    void concurrentReadersSeeOnlyWholeObjects() throws Exception {
        byte[] a = new byte[256 * 1024];
        byte[] b = new byte[512 * 1024];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        store.put("x", a, Map.of());

        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<?> writer = threads.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    store.put("x", i % 2 == 0 ? b : a, Map.of());
                }
                return null;
            });
            Future<?> reader = threads.submit(() -> {
                while (!writer.isDone()) {
                    try (InputStream in = store.open("x")) {
                        byte[] read = in.readAllBytes();
                        assertThat(read).satisfiesAnyOf(r -> assertThat(r).isEqualTo(a), r -> assertThat(r).isEqualTo(b));
                    }
                }
                return null;
            });
            writer.get();
            reader.get();
        }
        assertThat(filesUnder(root)).containsExactlyInAnyOrder("x", ".x.meta"); // no temporary file left behind
    }

    @Test
    void aFailedPutLeavesNothingBehind() throws IOException {
        store.put("landing/a.csv", utf8("kept"), Map.of("feed", "apc"));

        assertThatThrownBy(() -> store.put("landing/a.csv", root.resolve("no-such-source.csv"), Map.of()))
                .isInstanceOf(IOException.class);

        try (InputStream in = store.open("landing/a.csv")) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("kept"));
        }
        assertThat(store.stat("landing/a.csv").orElseThrow().userMetadata()).isEqualTo(Map.of("feed", "apc"));
        assertThat(filesUnder(root)).containsExactlyInAnyOrder("landing/a.csv", "landing/.a.csv.meta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/landing/a.csv", "landing//a.csv", "landing/a.csv/", "../outside.csv",
            "landing/../../outside.csv", "landing/./a.csv", "landing/.a.csv.meta", "landing\\a.csv"})
    void invalidKeysAreRefusedBeforeTouchingTheDisk(String key) throws IOException {
        assertThatThrownBy(() -> store.put(key, utf8("x"), Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
        assertThat(filesUnder(temp)).noneMatch(path -> path.contains("outside"));
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void metadataS3CouldNotCarryIsRefused() {
        assertThatThrownBy(() -> store.put("a.csv", utf8("a"), Map.of("place", "Ynys M\u00f4n")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("a.csv", utf8("a"), Map.of("note", "two\nlines")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("a.csv", utf8("a"), Map.of("", "nameless")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/landing", "../", "landing//", "landing/../"})
    void invalidPrefixesAreRefused(String prefix) {
        assertThatThrownBy(() -> store.list(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAreListedInTheOrderOfTheirUtf8BytesAsS3ListsThem() throws IOException {
        // U+FF21 (FULLWIDTH A) sorts before U+1F600 (an emoji) as UTF-8 but after it as UTF-16.
        store.put("k/\uD83D\uDE00", utf8("emoji"), Map.of());
        store.put("k/\uFF21", utf8("fullwidth"), Map.of());

        assertThat(store.list("k/")).extracting(StoredObject::key).containsExactly("k/\uFF21", "k/\uD83D\uDE00");
    }

    private static List<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).map(path -> directory.relativize(path).toString()).toList();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
