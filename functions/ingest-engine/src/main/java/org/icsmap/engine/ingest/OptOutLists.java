package org.icsmap.engine.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.domain.port.ObjectStore.StoredObject;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.engine.curated.CuratedParquet;
import org.icsmap.engine.hashing.Hash128Set;

/**
 * The current national data opt-out list: the latest period's {@code opt_out} partition in curated, as pseudonyms.
 * Kept while its object is unchanged, since a Lambda instance ingests many uploads.
 */
final class OptOutLists {

    private record Loaded(String key, long size, Instant modified, OptOutFilter filter) {
    }

    private final ObjectStore curated;
    private volatile Loaded loaded;

    OptOutLists(ObjectStore curated) {
        this.curated = curated;
    }

    /** A filter for the list in force now; {@code stage} is a work directory the list may be copied to. */
    OptOutFilter current(Path stage) throws IOException {
        Optional<StoredObject> latest = curated.list("curated/feed=" + Feed.OPT_OUT.id() + "/").stream()
                .filter(o -> o.key().endsWith("/data.parquet"))
                .max(Comparator.comparing(o -> o.key().substring(o.key().indexOf("/period=")) + o.key()));
        if (latest.isEmpty()) {
            return OptOutFilter.nobody();
        }
        StoredObject list = latest.get();
        Loaded cached = loaded;
        if (cached != null && cached.key().equals(list.key()) && cached.size() == list.size() && cached.modified().equals(list.lastModified())) {
            return cached.filter();
        }
        OptOutFilter filter = new OptOutFilter(read(stage, list).lookup());
        loaded = new Loaded(list.key(), list.size(), list.lastModified(), filter);
        return filter;
    }

    /** The opted-out pseudonyms as 128-bit set members (their first 32 hex digits), no String kept per patient. */
    private Hash128Set read(Path stage, StoredObject list) throws IOException {
        Path local = stage.resolve("opt_out.parquet");
        try (InputStream in = curated.open(list.key())) {
            Files.copy(in, local);
        }
        Hash128Set personIds = new Hash128Set();
        CuratedParquet.read(Feed.OPT_OUT, local, row -> {
            Object id = row.get(CuratedSchema.PERSON_ID);
            if (id != null) {
                String hex = id.toString();
                personIds.add(Pseudonymiser.high(hex), Pseudonymiser.low(hex));
            }
        });
        return personIds;
    }
}
