package org.icsmap.engine.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.quarantine.Quarantine;

/**
 * Where the rows validation rejected go: an exact duplicate is dropped (and costed, in the report), any other is written
 * to the quarantine file with its reasons, identifiers masked (and costed).
 */
final class RejectedRows implements Closeable {

    private final Quarantine quarantine;
    /** Null for the opt-out list, which is not activity. */
    private final DroppedCosts costs;

    RejectedRows(Path quarantineFile, DroppedCosts costs) {
        this.quarantine = new Quarantine(quarantineFile);
        this.costs = costs;
    }

    void add(ExtractRecord record, RejectedRow rejected) throws IOException {
        if (rejected.reason() == ReasonCode.ROW_DUPLICATE) {
            if (costs != null) {
                costs.duplicate(record);
            }
            return;
        }
        String failures = rejected.failures().stream()
                .map(f -> (f.column() == null ? "" : f.column() + ":") + f.reason().name())
                .collect(Collectors.joining(";"));
        quarantine.add(record.line(), record.number(), rejected.reason().name(), failures, record.raw());
        if (costs != null) {
            costs.quarantined(record);
        }
    }

    long quarantined() {
        return quarantine.rows();
    }

    @Override
    public void close() throws IOException {
        quarantine.close();
    }
}
