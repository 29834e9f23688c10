package org.icsmap.domain.port;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the URL a provider uploads one file to: on AWS a SigV4 pre-signed S3 PUT. The URL is good for one
 * key, for a limited time, and only with the given headers (the server-side encryption and the declared
 * checksum are part of the signature), so the object cannot land elsewhere, unencrypted, or with other bytes.
 */
public interface UploadSigner {

    /**
     * @param key            the landing key the object must be stored under
     * @param sizeBytes      the declared size
     * @param sha256Base64   the declared SHA-256 of the bytes, base64 (S3's {@code x-amz-checksum-sha256})
     * @param validFor       how long the URL works; at most 15 minutes
     */
    SignedUpload sign(String key, long sizeBytes, String sha256Base64, Duration validFor);

    /**
     * What the client must do: send {@code method} to {@code url} with exactly {@code headers} and the file as
     * the body, before {@code expires}.
     */
    record SignedUpload(String method, URI url, Map<String, String> headers, Instant expires) {
        public SignedUpload {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(expires, "expires");
        }

        @Override
        public String toString() {
            return "SignedUpload[" + method + " " + url.getHost() + url.getPath() + ", expires " + expires + "]"; // never the signature
        }
    }
}
