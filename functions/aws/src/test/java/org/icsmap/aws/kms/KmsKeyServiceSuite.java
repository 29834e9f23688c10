package org.icsmap.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.icsmap.aws.backend.Backend;
import org.icsmap.aws.backend.KmsEndpoint;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.port.KeyService.DataKey;
import org.icsmap.domain.port.KeyService.KeyServiceException;
import org.icsmap.fixtures.aws.KeyServiceContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * The KeyService contract through the KMS adapter, and the KMS behaviours icsmap relies on, on every
 * {@link Backend}: the HMAC key gives the same MAC for the same label (so pseudonyms are stable across
 * invocations), a data key's ciphertext decrypts only under the encryption context it was made with (so the
 * vault of one provider is closed to another), and each key refuses the other's operations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KmsKeyServiceSuite extends KeyServiceContract {

    private KmsEndpoint endpoint;

    /** The backend this run of the suite is on. */
    protected abstract Backend backend();

    @BeforeAll
    void openBackend() {
        if (backend().available()) {
            endpoint = KmsEndpoint.open(backend());
        }
    }

    @AfterAll
    void closeBackend() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    @Override
    protected KeyService newKeyService() {
        backend().assumeAvailable();
        return new KmsKeyService(endpoint.kms(), endpoint.hmacKeyId(), endpoint.dataKeyId());
    }

    @Test
    void generateMacIsAStableHmacSha256OfTheMessage() {
        SdkBytes label = SdkBytes.fromString("icsmap/person-id/v1", StandardCharsets.UTF_8);

        SdkBytes first = endpoint.kms().generateMac(r -> r.keyId(endpoint.hmacKeyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .message(label)).mac();
        SdkBytes second = endpoint.kms().generateMac(r -> r.keyId(endpoint.hmacKeyId()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                .message(label)).mac();

        assertThat(first.asByteArray()).hasSize(32).isEqualTo(second.asByteArray());
    }

    @Test
    void decryptUnderAnotherProvidersContextIsInvalidCiphertext() {
        DataKey dataKey = keys.generateDataKey(Map.of("ics", "QJ2", "provider", "RFS"));

        assertThatThrownBy(() -> endpoint.kms().decrypt(r -> r.keyId(endpoint.dataKeyId())
                .ciphertextBlob(SdkBytes.fromByteArray(dataKey.encrypted()))
                .encryptionContext(Map.of("ics", "QJ2", "provider", "RTG"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> endpoint.kms().decrypt(r -> r.keyId(endpoint.dataKeyId())
                .ciphertextBlob(SdkBytes.fromByteArray(dataKey.encrypted()))))
                .as("no context at all")
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void eachKeyRefusesTheOthersOperation() {
        assertThatThrownBy(() -> endpoint.kms().generateMac(r -> r.keyId(endpoint.dataKeyId())
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(InvalidKeyUsageException.class);
        assertThatThrownBy(() -> new KmsKeyService(endpoint.kms(), endpoint.hmacKeyId(), endpoint.hmacKeyId())
                .generateDataKey(Map.of("provider", "RFS")))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining("InvalidKeyUsageException");
    }
}
