package org.icsmap.aws.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.icsmap.fixtures.aws.FakeKms;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * A KMS to test against on one {@link Backend}, with the two keys icsmap uses: an HMAC_256 key for
 * pseudonyms (GenerateMac) and a symmetric key for the vault's data keys (GenerateDataKey, Decrypt).
 * In-process it is {@link FakeKms}, which speaks KMS's JSON protocol; on LocalStack both keys are created.
 */
public final class KmsEndpoint implements AutoCloseable {

    private final Backend backend;
    private final KmsClient client;
    private final String hmacKeyId;
    private final String dataKeyId;
    private final FakeKms fake;

    private KmsEndpoint(Backend backend, KmsClient client, String hmacKeyId, String dataKeyId, FakeKms fake) {
        this.backend = backend;
        this.client = client;
        this.hmacKeyId = hmacKeyId;
        this.dataKeyId = dataKeyId;
        this.fake = fake;
    }

    public static KmsEndpoint open(Backend backend) {
        if (backend == Backend.IN_PROCESS) {
            FakeKms fake;
            try {
                fake = FakeKms.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            KmsClient client = KmsClient.builder()
                    .endpointOverride(fake.endpoint())
                    .region(Region.of(FakeKms.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
            return new KmsEndpoint(backend, client, fake.hmacKeyArn(), fake.dataKeyArn(), fake);
        }
        KmsClient client = KmsClient.builder()
                .endpointOverride(LocalStackEnvironment.container().getEndpoint())
                .region(LocalStackEnvironment.region())
                .credentialsProvider(LocalStackEnvironment.credentials())
                .build();
        String hmac = client.createKey(request -> request.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                .description("icsmap integration test: pseudonymisation")).keyMetadata().arn();
        String data = client.createKey(request -> request.keySpec(KeySpec.SYMMETRIC_DEFAULT).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                .description("icsmap integration test: vault")).keyMetadata().arn();
        return new KmsEndpoint(backend, client, hmac, data, null);
    }

    public Backend backend() {
        return backend;
    }

    public KmsClient kms() {
        return client;
    }

    public String hmacKeyId() {
        return hmacKeyId;
    }

    public String dataKeyId() {
        return dataKeyId;
    }

    @Override
    public void close() {
        client.close();
        if (fake != null) {
            fake.close();
        }
    }
}
