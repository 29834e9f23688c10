package org.icsmap.engine.ingest;

import java.util.Objects;
import org.icsmap.domain.feed.Disposition;
import org.icsmap.domain.feed.ReasonCode;

/**
 * A whole extract is rejected ({@code FILE_NOT_READABLE}, {@code FILE_EMPTY}, {@code FILE_HEADER_MISMATCH}, …):
 * nothing from it may be written. Checked on purpose, so that a caller streaming rows out cannot forget
 * that rows it has already seen must be discarded when this arrives late (a corrupt gzip is only
 * discovered where the corruption is).
 *
 * <p>The message says what and where (line, byte offset, header names), never a data value.
 */
public final class ExtractRejectedException extends Exception {

    private final ReasonCode reason;

    public ExtractRejectedException(ReasonCode reason, String message) {
        this(reason, message, null);
    }

    public ExtractRejectedException(ReasonCode reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
        if (reason.disposition() != Disposition.REJECT_FILE) {
            throw new IllegalArgumentException(reason + " is not a file-level reason");
        }
    }

    public ReasonCode reason() {
        return reason;
    }
}
