package org.icsmap.reidentify;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.icsmap.aws.kms.KmsKeyService;
import org.icsmap.aws.lambda.PackagedConfig;
import org.icsmap.aws.s3.S3ObjectStore;
import org.icsmap.domain.reidentify.ReidentificationService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires the reidentify function on AWS: the environment (read once), S3 and KMS clients, and the domain's
 * {@link ReidentificationService} over the vault and audit buckets and KMS. Created eagerly in the init phase
 * (SnapStart); nothing touches the network until the first request. {@link #collaborators} is the same wiring for
 * given clients: the end-to-end test passes S3Mock's and a fake KMS's.
 */
@Factory
public class ReidentifyFactory {

    @Singleton
    ReidentifyEnvironment environment() {
        return ReidentifyEnvironment.from(System.getenv());
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Client s3(ReidentifyEnvironment environment) {
        return S3Client.builder().region(Region.of(environment.region())).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    KmsClient kms(ReidentifyEnvironment environment) {
        return KmsClient.builder().region(Region.of(environment.region())).build();
    }

    @Singleton
    ReidentifyHandler.Collaborators collaborators(ReidentifyEnvironment environment, S3Client s3, KmsClient kms) {
        return collaborators(environment, s3, kms, Clock.systemUTC(), ReidentifyLog.toStandardOutput());
    }

    public static ReidentifyHandler.Collaborators collaborators(ReidentifyEnvironment environment, S3Client s3, KmsClient kms, Clock clock,
                                                                ReidentifyLog log) {
        // The HMAC key id is never used here: re-identification only decrypts vault data keys.
        KmsKeyService keys = new KmsKeyService(kms, "unused-by-reidentification", environment.vaultKeyId());
        ReidentificationService service = new ReidentificationService(PackagedConfig.load(environment.configLocation(), ReidentifyEnvironment.CONFIG),
                new S3ObjectStore(s3, environment.vaultBucket(), "", Optional.empty()),
                new S3ObjectStore(s3, environment.auditBucket(), "", environment.sseKmsKeyId()), keys, clock);
        return new ReidentifyHandler.Collaborators(service, environment.organisationRoles(), log);
    }
}
