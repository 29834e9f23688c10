package org.icsmap.uploadurl;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.icsmap.aws.lambda.PackagedConfig;
import org.icsmap.aws.s3.S3ObjectStore;
import org.icsmap.aws.s3.S3UploadSigner;
import org.icsmap.domain.upload.UploadService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Wires the upload-url function on AWS: the environment (read once), an S3 client (audit records) and presigner
 * (URLs), and the domain's {@link UploadService}. Created eagerly in Lambda's init phase, so SnapStart snapshots
 * them; nothing touches the network until the first request. {@link #collaborators} is the same wiring for any
 * given client and presigner: the end-to-end test passes ones pointed at S3Mock.
 */
@Factory
public class UploadUrlFactory {

    @Singleton
    UploadUrlEnvironment environment() {
        return UploadUrlEnvironment.from(System.getenv());
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Client s3(UploadUrlEnvironment environment) {
        return S3Client.builder().region(Region.of(environment.region())).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Presigner presigner(UploadUrlEnvironment environment) {
        return S3Presigner.builder().region(Region.of(environment.region())).build();
    }

    @Singleton
    UploadUrlHandler.Collaborators collaborators(UploadUrlEnvironment environment, S3Client s3, S3Presigner presigner) {
        return collaborators(environment, s3, presigner, Clock.systemUTC(), UploadUrlLog.toStandardOutput());
    }

    public static UploadUrlHandler.Collaborators collaborators(UploadUrlEnvironment environment, S3Client s3, S3Presigner presigner, Clock clock,
                                                               UploadUrlLog log) {
        UploadService service = new UploadService(PackagedConfig.load(environment.configLocation(), UploadUrlEnvironment.CONFIG),
                new S3UploadSigner(presigner, environment.landingBucket(), environment.sseKmsKeyId()),
                // Audit records take the audit bucket's own default key: audit readers need not hold the landing key.
                new S3ObjectStore(s3, environment.auditBucket(), "", Optional.empty()),
                clock, environment.uploadLimit(), UploadService.MAX_VALIDITY);
        return new UploadUrlHandler.Collaborators(service, environment.organisationRoles(), log);
    }
}
