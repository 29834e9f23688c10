package org.icsmap.aws.s3;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.icsmap.domain.port.UploadSigner;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * {@link UploadSigner} on S3: a SigV4 query-string pre-signed PutObject for one key of the landing bucket.
 * SSE-KMS under the landing key, the declared SHA-256 ({@code x-amz-checksum-sha256}) and the declared length
 * are part of the request that is signed, so S3 refuses a PUT that leaves any of them out or changes them, and
 * refuses a body whose SHA-256 differs from the declared one. The signature covers the key too: the URL cannot
 * be pointed at another provider's prefix.
 *
 * <p>The URL is signed with the function's own credentials, so it works only as long as they do (Lambda's role
 * credentials outlive the 15 minutes) and only for what the function's role may do (PutObject on
 * {@code landing/provider=*} and GenerateDataKey on the landing key).
 */
public final class S3UploadSigner implements UploadSigner {

    private final S3Presigner presigner;
    private final String bucket;
    private final String sseKmsKeyId;

    /** @param sseKmsKeyId the landing bucket's KMS key (id, alias or ARN) the object must be encrypted under */
    public S3UploadSigner(S3Presigner presigner, String bucket, String sseKmsKeyId) {
        this.presigner = Objects.requireNonNull(presigner);
        this.bucket = Objects.requireNonNull(bucket);
        this.sseKmsKeyId = Objects.requireNonNull(sseKmsKeyId);
    }

    @Override
    public SignedUpload sign(String key, long sizeBytes, String sha256Base64, Duration validFor) {
        PutObjectRequest put = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength(sizeBytes)
                .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(sseKmsKeyId)
                .checksumSHA256(sha256Base64)
                .build();
        PresignedPutObjectRequest presigned = presigner.presignPutObject(request -> request.signatureDuration(validFor).putObjectRequest(put));
        // Every signed header but Host, which any HTTP client derives from the URL.
        Map<String, String> headers = new TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        try {
            return new SignedUpload(presigned.httpRequest().method().name(), presigned.url().toURI(), headers, presigned.expiration());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the SDK made a pre-signed URL that is not a URI", e);
        }
    }
}
