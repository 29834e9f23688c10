package org.icsmap.aws.kms;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.icsmap.domain.port.KeyService;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * {@link KeyService} on KMS: an HMAC_256 key for pseudonymisation (GenerateMac; the key never leaves KMS)
 * and a symmetric key for the vault's data keys (GenerateDataKey and Decrypt, bound to an encryption
 * context, so KMS itself refuses a caller whose context names another organisation).
 *
 * <p>Each method is exactly one KMS request (plus the SDK's retries on throttling). Failures become
 * {@link KeyServiceException}s naming the operation and the AWS error code: never key material,
 * plaintext or the encryption context.
 */
public final class KmsKeyService implements KeyService {

    private final KmsClient kms;
    private final String hmacKeyId;
    private final String dataKeyId;

    /**
     * @param hmacKeyId the HMAC_256 key (id, alias or ARN) the pseudonymisation key is derived under
     * @param dataKeyId the symmetric key (id, alias or ARN) data keys are encrypted under
     */
    public KmsKeyService(KmsClient kms, String hmacKeyId, String dataKeyId) {
        this.kms = Objects.requireNonNull(kms);
        this.hmacKeyId = Objects.requireNonNull(hmacKeyId);
        this.dataKeyId = Objects.requireNonNull(dataKeyId);
    }

    @Override
    public byte[] pseudonymisationKey(String label) {
        return call("GenerateMac", () -> kms.generateMac(request -> request
                        .keyId(hmacKeyId)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                        .message(SdkBytes.fromUtf8String(label)))
                .mac().asByteArray());
    }

    @Override
    public DataKey generateDataKey(Map<String, String> encryptionContext) {
        GenerateDataKeyResponse response = call("GenerateDataKey", () -> kms.generateDataKey(request -> request
                .keyId(dataKeyId)
                .keySpec(DataKeySpec.AES_256)
                .encryptionContext(encryptionContext)));
        return new DataKey(response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray());
    }

    @Override
    public byte[] decryptDataKey(byte[] encryptedKey, Map<String, String> encryptionContext) {
        // Naming the key makes KMS refuse a ciphertext made under any other key (IncorrectKeyException).
        return call("Decrypt", () -> kms.decrypt(request -> request
                        .keyId(dataKeyId)
                        .ciphertextBlob(SdkBytes.fromByteArray(encryptedKey))
                        .encryptionContext(encryptionContext)))
                .plaintext().asByteArray();
    }

    private static <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : "unknown";
            throw new KeyServiceException("KMS " + operation + " failed: " + code + " (HTTP " + e.statusCode() + ")", e);
        } catch (SdkException e) {
            throw new KeyServiceException("KMS " + operation + " failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
