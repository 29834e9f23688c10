package org.icsmap.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.port.KeyService.DataKey;
import org.icsmap.domain.port.KeyService.KeyServiceException;
import org.icsmap.fixtures.aws.FakeKms;
import org.icsmap.fixtures.aws.KeyServiceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The KeyService contract, and what only the KMS adapter has, against {@link FakeKms}: the real SDK client
 * sends real KMS JSON requests over HTTP. A fresh fake per test keeps its call counts exact.
 */
class KmsKeyServiceTest extends KeyServiceContract {

    private static final Map<String, String> RX1 = Map.of("provider", "RX1");

    private FakeKms fake;
    private KmsClient kms;

    @Override
    protected KeyService newKeyService() throws Exception {
        fake = FakeKms.start();
        kms = KmsClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.of(FakeKms.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        return new KmsKeyService(kms, fake.hmacKeyArn(), fake.dataKeyArn());
    }

    @AfterEach
    void stopFake() {
        kms.close();
        fake.close();
    }

    @Test
    void eachMethodIsExactlyOneKmsCall() {
        keys.pseudonymisationKey(LABEL);
        assertThat(fake.calls("GenerateMac")).isEqualTo(1);

        DataKey dataKey = keys.generateDataKey(RX1);
        assertThat(fake.calls("GenerateDataKey")).isEqualTo(1);

        keys.decryptDataKey(dataKey.encrypted(), RX1);
        assertThat(fake.calls("Decrypt")).isEqualTo(1);
        assertThat(fake.calls("GenerateMac")).isEqualTo(1);
        assertThat(fake.calls("GenerateDataKey")).isEqualTo(1);
    }

    @Test
    void theEncryptionContextTravelsWithEveryDataKeyCall() {
        DataKey dataKey = keys.generateDataKey(RX1);
        try {
            keys.decryptDataKey(dataKey.encrypted(), Map.of("provider", "RX2"));
        } catch (KeyServiceException expected) {
            // refused by KMS: what is checked here is what was sent
        }

        assertThat(fake.encryptionContexts("GenerateDataKey")).containsExactly(RX1);
        assertThat(fake.encryptionContexts("Decrypt")).containsExactly(Map.of("provider", "RX2"));
    }

    @Test
    void aContextMismatchIsKmsInvalidCiphertext() {
        DataKey dataKey = keys.generateDataKey(RX1);

        assertThatThrownBy(() -> keys.decryptDataKey(dataKey.encrypted(), Map.of("provider", "RX2")))
                .isInstanceOf(KeyServiceException.class)
                .hasMessage("KMS Decrypt failed: InvalidCiphertextException (HTTP 400)");
    }

    @Test
    void kmsErrorsBecomeKeyServiceExceptionsNamingTheOperationAndErrorCode() {
        fake.failNextCall("GenerateMac", "DisabledException");
        assertThatThrownBy(() -> keys.pseudonymisationKey(LABEL))
                .isInstanceOf(KeyServiceException.class)
                .hasMessage("KMS GenerateMac failed: DisabledException (HTTP 400)");

        fake.failNextCall("GenerateDataKey", "AccessDeniedException");
        assertThatThrownBy(() -> keys.generateDataKey(RX1))
                .isInstanceOf(KeyServiceException.class)
                .hasMessage("KMS GenerateDataKey failed: AccessDeniedException (HTTP 400)");

        assertThat(fake.calls("GenerateMac")).isEqualTo(1);
        assertThat(fake.calls("GenerateDataKey")).isEqualTo(1);
    }

    @Test
    void anUnknownKeyIsNotFound() {
        KeyService wrongKey = new KmsKeyService(kms, "alias/no-such-key", fake.dataKeyArn());

        assertThatThrownBy(() -> wrongKey.pseudonymisationKey(LABEL))
                .isInstanceOf(KeyServiceException.class)
                .hasMessage("KMS GenerateMac failed: NotFoundException (HTTP 400)");
    }

    @Test
    void decryptNamesTheVaultKeySoAnotherKeysCiphertextIsRefused() {
        DataKey dataKey = keys.generateDataKey(RX1);
        KeyService otherVaultKey = new KmsKeyService(kms, fake.hmacKeyArn(), fake.hmacKeyArn());

        assertThatThrownBy(() -> otherVaultKey.decryptDataKey(dataKey.encrypted(), RX1))
                .isInstanceOf(KeyServiceException.class)
                .hasMessage("KMS Decrypt failed: IncorrectKeyException (HTTP 400)");
    }

    @Test
    void anUnreachableKmsIsAKeyServiceExceptionToo() {
        fake.close();

        assertThatThrownBy(() -> keys.pseudonymisationKey(LABEL))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageStartingWith("KMS GenerateMac failed: SdkClientException");
    }
}
