package org.icsmap.domain.config;

/** The storage zones of DESIGN.md, each with its own key, retention and readers. */
public enum Zone {
    /** Raw provider uploads: identifiable, read by ingest only, deleted soon. */
    LANDING,
    /** Rejected rows with identifiers masked, and their reasons. */
    QUARANTINE,
    /** Pseudonymised row-level Parquet. */
    CURATED,
    /** Encrypted NHS numbers per provider: read only by re-identification. */
    VAULT,
    /** Published outputs: shared aggregates and per-organisation prefixes. */
    MARTS,
    /** Who did what: ingest reports, re-identification requests. */
    AUDIT
}
