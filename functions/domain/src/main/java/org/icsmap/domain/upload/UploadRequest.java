package org.icsmap.domain.upload;

/**
 * What a provider declares before uploading a file, as it sent it (values are checked by
 * {@link UploadService}, which says precisely what is wrong with each).
 *
 * @param feed      canonical feed id, e.g. {@code apc}
 * @param period    the month the file covers, {@code YYYY-MM}
 * @param filename  the provider's own file name; only its extension ({@code .csv} or {@code .csv.gz}) is used in the key
 * @param sizeBytes the file's exact size in bytes
 * @param sha256    the file's SHA-256: 64 hex digits (as {@code sha256sum} prints it) or base64 of the 32 bytes
 * @param provider  optional; if present it must be the caller's own organisation (the key's provider always is)
 */
public record UploadRequest(String feed, String period, String filename, Long sizeBytes, String sha256, String provider) {
}
