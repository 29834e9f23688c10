package org.icsmap.domain.upload;

import org.icsmap.domain.port.UploadSigner.SignedUpload;

/**
 * A signed upload: where the file will land and how to send it.
 *
 * @param uploadId  the upload's id (the landing key's file name without extension)
 * @param key       {@code landing/provider=<ODS>/feed=<feed>/period=<YYYY-MM>/<upload-id>.<csv|csv.gz>}
 * @param sizeBytes the declared size
 * @param sha256Hex the declared SHA-256, lower-case hex
 * @param upload    the method, URL, headers and expiry the client must use
 */
public record UploadGrant(String uploadId, String key, long sizeBytes, String sha256Hex, SignedUpload upload) {
}
