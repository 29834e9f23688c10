package org.icsmap.engine.ingest;

import org.icsmap.engine.hashing.Hash128Set;

/**
 * Applies the national data opt-out: whether a patient, by pseudonym, is on the current list. The list holds
 * pseudonyms only, so a row is checked once its patient is pseudonymised, and before anything of it is written.
 */
final class OptOutFilter {

    private static final OptOutFilter NOBODY = new OptOutFilter(new Hash128Set().lookup());

    private final Hash128Set.Lookup optedOut;

    OptOutFilter(Hash128Set.Lookup optedOut) {
        this.optedOut = optedOut;
    }

    /** An empty list: for the opt-out feed itself, and before any list has arrived. */
    static OptOutFilter nobody() {
        return NOBODY;
    }

    boolean excludes(PersonIds.Pseudonym patient) {
        return optedOut.contains(patient.high, patient.low);
    }
}
