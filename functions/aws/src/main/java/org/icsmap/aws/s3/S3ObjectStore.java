package org.icsmap.aws.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.icsmap.domain.port.ObjectStore;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ObjectStore} on one S3 bucket, optionally under a key prefix (a zone such as {@code landing/}).
 * Reads stream straight from the GetObject response; puts of a file stream from disk. When a KMS key is
 * given, every put asks for SSE-KMS under it (the bucket's default encryption applies otherwise).
 *
 * <p>The client is the caller's: it decides region, credentials and endpoint (an emulator in tests).
 * SDK failures become {@link IOException}s naming the operation, the object and the AWS error code.
 *
 * <p>{@link #list} returns user metadata as the port promises, which S3's listing does not carry: it
 * costs one HeadObject per object listed, so list narrow prefixes.
 */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;
    private final String bucket;
    private final String keyPrefix;
    private final Optional<String> sseKmsKeyId;

    /** The whole bucket, with the bucket's default encryption. */
    public S3ObjectStore(S3Client s3, String bucket) {
        this(s3, bucket, "", Optional.empty());
    }

    /**
     * @param keyPrefix   prepended to every key; empty, or ending in {@code /}
     * @param sseKmsKeyId the KMS key (id, alias or ARN) every put is encrypted under, if any
     */
    public S3ObjectStore(S3Client s3, String bucket, String keyPrefix, Optional<String> sseKmsKeyId) {
        if (!keyPrefix.isEmpty() && (!keyPrefix.endsWith("/") || keyPrefix.startsWith("/"))) {
            throw new IllegalArgumentException("key prefix must be empty or end with '/' and not start with one: " + keyPrefix);
        }
        this.s3 = Objects.requireNonNull(s3);
        this.bucket = Objects.requireNonNull(bucket);
        this.keyPrefix = keyPrefix;
        this.sseKmsKeyId = Objects.requireNonNull(sseKmsKeyId);
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(request -> request.bucket(bucket).key(s3Key(key)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchObjectException(key);
        } catch (SdkException e) {
            throw failure("GetObject", key, e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(s3Key(key)));
            return Optional.of(new StoredObject(key, head.contentLength(), head.lastModified(), lowerCaseKeys(head.metadata())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) { // HEAD has no body, so some servers' 404s carry no NoSuchKey code
                return Optional.empty();
            }
            throw failure("HeadObject", key, e);
        } catch (SdkException e) {
            throw failure("HeadObject", key, e);
        }
    }

    @Override
    public void put(String key, Path source, Map<String, String> userMetadata) throws IOException {
        put(key, RequestBody.fromFile(source), userMetadata);
    }

    @Override
    public void put(String key, byte[] bytes, Map<String, String> userMetadata) throws IOException {
        put(key, RequestBody.fromBytes(bytes), userMetadata);
    }

    /**
     * A conditional PUT: {@code If-None-Match: *} makes S3 refuse (412 Precondition Failed) when the key exists,
     * and of concurrent conditional writers only one wins. A 409 (another conditional write of the key is in
     * flight) is an {@link IOException}: the caller cannot know yet which write won.
     */
    @Override
    public boolean putIfAbsent(String key, byte[] bytes, Map<String, String> userMetadata) throws IOException {
        PutObjectRequest.Builder request = putRequest(key, userMetadata).ifNoneMatch("*");
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(bytes));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw failure("PutObject (If-None-Match)", key, e);
        } catch (SdkException e) {
            throw failure("PutObject (If-None-Match)", key, e);
        }
    }

    private void put(String key, RequestBody body, Map<String, String> userMetadata) throws IOException {
        try {
            s3.putObject(putRequest(key, userMetadata).build(), body);
        } catch (SdkException e) {
            throw failure("PutObject", key, e);
        }
    }

    private PutObjectRequest.Builder putRequest(String key, Map<String, String> userMetadata) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(s3Key(key))
                .metadata(lowerCaseKeys(userMetadata));
        sseKmsKeyId.ifPresent(kmsKey -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKey));
        return request;
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        List<StoredObject> objects = new ArrayList<>();
        try {
            // ListObjectsV2 returns keys in UTF-8 binary order, page by page; the paginator follows the tokens.
            for (S3Object listed : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(keyPrefix + prefix)).contents()) {
                stat(listed.key().substring(keyPrefix.length())).ifPresent(objects::add); // gone meanwhile: skip it
            }
        } catch (SdkException e) {
            throw failure("ListObjectsV2", prefix, e);
        }
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(s3Key(key))); // S3 answers 204 for a missing key too
        } catch (SdkException e) {
            throw failure("DeleteObject", key, e);
        }
    }

    private String s3Key(String key) {
        if (key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("object key must be non-empty and not start with '/': " + key);
        }
        return keyPrefix + key;
    }

    /** S3 returns user metadata names in lower case; the port promises lower case in both homes. */
    private static Map<String, String> lowerCaseKeys(Map<String, String> metadata) {
        Map<String, String> lower = new HashMap<>();
        metadata.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }

    private IOException failure(String operation, String key, SdkException e) {
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")"
                : e.getClass().getSimpleName();
        return new IOException("S3 " + operation + " s3://" + bucket + "/" + keyPrefix + key + " failed: " + code, e);
    }
}
