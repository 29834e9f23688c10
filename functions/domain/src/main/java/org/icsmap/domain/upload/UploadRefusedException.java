package org.icsmap.domain.upload;

import java.util.Objects;

/** An upload request the service will not sign, with the reason a provider's data manager can act on. */
public final class UploadRefusedException extends RuntimeException {

    /** Why; {@link #forbidden()} separates "you may not" (HTTP 403) from "this is malformed" (HTTP 400). */
    public enum Reason {
        UNKNOWN_CALLER(true),
        NOT_A_PROVIDER(true),
        OTHER_PROVIDER(true),
        FEED_NOT_AGREED(true),
        MISSING_FIELD(false),
        FEED_UNKNOWN(false),
        PERIOD_MALFORMED(false),
        PERIOD_OUT_OF_RANGE(false),
        FILENAME_INVALID(false),
        SIZE_INVALID(false),
        SIZE_ABOVE_LIMIT(false),
        CHECKSUM_INVALID(false);

        private final boolean forbidden;

        Reason(boolean forbidden) {
            this.forbidden = forbidden;
        }

        public boolean forbidden() {
            return forbidden;
        }
    }

    private final Reason reason;

    public UploadRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }

    public boolean forbidden() {
        return reason.forbidden();
    }
}
