package org.icsmap.domain.reidentify;

import java.util.List;
import java.util.Objects;

/** What a re-identification request got. Either way, an audit record with the same request id exists. */
public sealed interface ReidentificationAnswer {

    /** The id of the request and of its audit record. */
    String requestId();

    /**
     * The request was answered. {@code identified}: the asked pseudonyms the caller's own organisation submitted,
     * with the NHS numbers it submitted. {@code notFound}: every other asked pseudonym, in the order asked, and
     * nothing more, so the answer never tells whether another organisation knows a patient.
     */
    record Answered(String requestId, List<Identified> identified, List<String> notFound) implements ReidentificationAnswer {
        public Answered {
            identified = List.copyOf(identified);
            notFound = List.copyOf(notFound);
        }
    }

    /** The request was refused, with why. */
    record Refused(String requestId, Reason reason, String message) implements ReidentificationAnswer {
        public Refused {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(message);
        }
    }

    /** One re-identified patient. */
    record Identified(String pseudonym, String nhsNumber) {
        @Override
        public String toString() {
            return "Identified[" + pseudonym + ", nhsNumber=***]"; // never in a log line or an exception by accident
        }
    }

    /** Why a request was refused; {@link #forbidden()} separates "you may not" (HTTP 403) from "malformed" (HTTP 400). */
    enum Reason {
        UNKNOWN_CALLER(true),
        ORGANISATION_UNKNOWN(true),
        PURPOSE_NOT_AGREED(true),
        MISSING_FIELD(false),
        NO_PSEUDONYMS(false),
        TOO_MANY_PSEUDONYMS(false),
        PSEUDONYM_MALFORMED(false);

        private final boolean forbidden;

        Reason(boolean forbidden) {
            this.forbidden = forbidden;
        }

        public boolean forbidden() {
            return forbidden;
        }
    }
}
