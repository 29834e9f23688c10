package org.icsmap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    final Path root;
    final IcsConfig config;
    final DirectoryObjectStore store;
    final LocalKeyService keys;

    LocalHome(Path root, IcsConfig config) throws IOException {
        this.root = root;
        this.config = config;
        Files.createDirectories(root);
        this.store = new DirectoryObjectStore(root.resolve(BUCKET));
        String password = System.getenv().getOrDefault("ICSMAP_KEYSTORE_PASSWORD", DEFAULT_PASSWORD);
        this.keys = new LocalKeyService(root.resolve("keys").resolve("icsmap-keys.p12"), password.toCharArray());
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
