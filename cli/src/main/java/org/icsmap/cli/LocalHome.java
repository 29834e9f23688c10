package org.icsmap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;

/**
 * The embedded default: every zone is a folder under one directory, keys live in a keystore file there.
 * The only place the CLI wires adapters.
 */
final class LocalHome {

    /** Keystore password for local use; set ICSMAP_KEYSTORE_PASSWORD to choose your own. */
    private static final String DEFAULT_PASSWORD = "icsmap-local-only";

    /** Where a home keeps its keystore, relative to the home. */
    static final Path KEYSTORE = Path.of("keys", "icsmap-keys.p12");

    final Path root;
    final IcsConfig config;
    final DirectoryObjectStore store;
    final LocalKeyService keys;

    private LocalHome(Path root, IcsConfig config, LocalKeyService keys) throws IOException {
        this.root = root;
        this.config = config;
        this.store = new DirectoryObjectStore(root.resolve(BUCKET));
        this.keys = keys;
    }

    /**
     * An existing home, for every command but the two that may start one: never creates a home or a key, so a mistyped
     * {@code --home} is refused rather than turned into an empty home with a key of its own.
     */
    static LocalHome open(Path root, IcsConfig config) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ExitCodes.UserError("no local home at " + root + ": check --home (icsmap demo or a first icsmap ingest starts one)");
        }
        requireKeystore(root);
        return new LocalHome(root, config, LocalKeyService.open(root.resolve(KEYSTORE), password()));
    }

    /**
     * The key rule (docs/security.md): a home's keys are created only by the first ingest or demo into a home that holds no
     * data yet. A home that holds data and has lost its keystore is refused, naming the file: a new key would silently
     * give every later upload pseudonyms that match nothing already there, vaults nobody can open, and opt-outs that no
     * longer apply.
     */
    static LocalHome openOrStart(Path root, IcsConfig config) throws IOException {
        Path keystore = root.resolve(KEYSTORE);
        if (Files.exists(keystore)) {
            return new LocalHome(root, config, LocalKeyService.open(keystore, password()));
        }
        if (holdsData(root)) {
            throw keystoreMissing(root);
        }
        Files.createDirectories(root);
        return new LocalHome(root, config, LocalKeyService.create(keystore, password()));
    }

    private static void requireKeystore(Path root) {
        if (Files.notExists(root.resolve(KEYSTORE)) && holdsData(root)) {
            throw keystoreMissing(root);
        }
        if (Files.notExists(root.resolve(KEYSTORE))) {
            throw new ExitCodes.UserError("the home " + root + " has no keystore " + root.resolve(KEYSTORE)
                    + " and no data: a first icsmap ingest (or icsmap demo) starts a home");
        }
    }

    private static ExitCodes.UserError keystoreMissing(Path root) {
        return new ExitCodes.UserError("the home " + root + " holds data but its keystore " + root.resolve(KEYSTORE) + " is missing: restore it "
                + "from a backup. A new key would match none of the home's pseudonyms, vaults or opt-outs, so none is made.");
    }

    /** Whether any object is stored in the home's zones: once one is, the home's key is part of what it holds. */
    private static boolean holdsData(Path root) {
        Path zones = root.resolve(BUCKET);
        if (!Files.isDirectory(zones)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(zones)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static char[] password() {
        return System.getenv().getOrDefault("ICSMAP_KEYSTORE_PASSWORD", DEFAULT_PASSWORD).toCharArray();
    }

    /** The bucket every SQL location names: the zones' directory, so the engine and the store see the same files. */
    static final String BUCKET = "zones";

    /** Starts the in-process Trino over this home (its metastore and the views live here too). Close it after use. */
    org.icsmap.local.trino.TrinoLocalQueryEngine startEngine() {
        return org.icsmap.local.trino.TrinoLocalQueryEngine.start(root);
    }

    /** Whether anything has been ingested into the home at {@code root} yet (asked before opening it, which creates it). */
    static boolean hasIngested(Path root) {
        return Files.isDirectory(root.resolve(BUCKET).resolve("curated"));
    }

    IngestService ingestService() throws IOException {
        return new IngestService(config, IngestService.Stores.allIn(store), keys, PostcodeLookup.shipped(), NationalPracticeList.shipped(),
                root.resolve("work"));
    }
}
