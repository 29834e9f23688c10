package org.icsmap.engine.ingest;

import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.pseudonymise.Pseudonymiser;

/**
 * Pseudonymises: a patient's standardised NHS number becomes their {@code person_id}. K is derived from the key service
 * on the first patient, so an upload without a valid NHS number costs no key-service call and any other costs one.
 * One per upload; not thread-safe (it hands back the same {@link Pseudonym} each time).
 */
final class PersonIds {

    /** A patient's pseudonym: its hex text (as curated and the vault store it) and its 128-bit set member. */
    static final class Pseudonym {
        static final int HEX = 2 * Pseudonymiser.BYTES;
        final byte[] hex = new byte[HEX];
        long high;
        long low;

        String text() {
            return new String(hex, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private final KeyService keys;
    private final byte[] bytes = new byte[Pseudonymiser.BYTES];
    private final Pseudonym pseudonym = new Pseudonym();
    private Pseudonymiser pseudonymiser;

    PersonIds(KeyService keys) {
        this.keys = keys;
    }

    /** The pseudonym of the standardised NHS number written {@code chars[from, to)}, valid until the next call. */
    Pseudonym of(char[] chars, int from, int to) {
        if (pseudonymiser == null) {
            pseudonymiser = Pseudonymiser.derive(keys);
        }
        pseudonymiser.personId(chars, from, to, bytes);
        Pseudonymiser.hexAscii(bytes, pseudonym.hex);
        pseudonym.high = Pseudonymiser.high(bytes);
        pseudonym.low = Pseudonymiser.low(bytes);
        return pseudonym;
    }

    /** The pseudonym of an accepted row's patient, or null when the row has no valid NHS number. */
    Pseudonym of(AcceptedRow row, int nhsNumber) {
        return row.present(nhsNumber) ? of(row.chars(nhsNumber), row.start(nhsNumber), row.end(nhsNumber)) : null;
    }
}
