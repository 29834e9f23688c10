package org.icsmap.domain.feed;

/**
 * What ingest does with a column after validating it: the rules of the data in one place.
 * Only {@link #KEEP} columns reach {@code curated/} as they arrived.
 */
public enum Handling {
    /** Kept as is: it identifies no one. */
    KEEP("kept"),
    /** The NHS number: replaced by {@code person_id} (keyed HMAC); the clear value goes only to the vault. */
    PSEUDONYMISE("replaced by person_id; clear value only in the vault"),
    /** Postcode: replaced by LSOA and IMD decile, then dropped. */
    GENERALISE_POSTCODE("replaced by lsoa and imd_decile, then dropped"),
    /** Date of birth: replaced by year of birth and age band at activity, then dropped. */
    GENERALISE_DATE_OF_BIRTH("replaced by year_of_birth and age_band, then dropped"),
    /** Free text: validated for length only, never stored. */
    DROP("dropped");

    private final String description;

    Handling(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
