package org.icsmap.ingest;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.icsmap.aws.kms.KmsKeyService;
import org.icsmap.aws.s3.S3ObjectStore;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.config.Zone;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires the ingest function on AWS: the environment (read once), the SDK clients, and the domain's
 * {@link IngestService} over S3 and KMS. Micronaut creates these beans eagerly in Lambda's init phase, so
 * SnapStart snapshots them; none of them touches the network until the first event (SDK clients connect
 * and resolve credentials on first use).
 *
 * <p>{@link #collaborators(IngestEnvironment, S3Client, KmsClient, IngestLog)} is the same wiring for any
 * given clients: the end-to-end test passes clients of S3Mock and a fake KMS.
 */
@Factory
public class IngestFactory {

    /** Prefix of the directories {@link IngestService} stages an upload in, inside the work directory. */
    static final String STAGE_PREFIX = "ingest-";

    @Singleton
    IngestEnvironment environment() {
        return IngestEnvironment.from(System.getenv());
    }

    @Singleton
    @Bean(preDestroy = "close")
    S3Client s3(IngestEnvironment environment) {
        return S3Client.builder().region(Region.of(environment.region())).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    KmsClient kms(IngestEnvironment environment) {
        return KmsClient.builder().region(Region.of(environment.region())).build();
    }

    @Singleton
    IngestHandler.Collaborators collaborators(IngestEnvironment environment, S3Client s3, KmsClient kms) {
        return collaborators(environment, s3, kms, IngestLog.toStandardOutput());
    }

    /**
     * The handler's collaborators on the given clients: S3 zones, KMS keys, the ICS config, the reference data (postcodes,
     * national GP practices, and the unit costs that price the rows an upload drops, packaged in this jar).
     */
    public static IngestHandler.Collaborators collaborators(IngestEnvironment environment, S3Client s3, KmsClient kms, IngestLog log) {
        IcsConfig config = loadConfig(environment.configLocation());
        Map<String, ObjectStore> byBucket = new HashMap<>();
        Function<Zone, ObjectStore> zone = z -> byBucket.computeIfAbsent(environment.bucket(z),
                bucket -> new S3ObjectStore(s3, bucket, "", environment.sseKmsKeyId()));
        IngestService.Stores stores = new IngestService.Stores(zone.apply(Zone.LANDING), zone.apply(Zone.CURATED),
                zone.apply(Zone.QUARANTINE), zone.apply(Zone.VAULT), zone.apply(Zone.AUDIT));
        IngestService service = new IngestService(config, stores, new KmsKeyService(kms, environment.hmacKeyId(), environment.vaultKeyId()),
                PostcodeLookup.shipped(), NationalPracticeList.shipped(), UnitCosts.shipped(), environment.workDir());
        Path workDir = environment.workDir();
        IngestHandler.Ingest ingest = landingKey -> {
            removeStaleStages(workDir);
            return service.ingest(landingKey);
        };
        return new IngestHandler.Collaborators(ingest, environment.bucket(Zone.LANDING), log);
    }

    /**
     * Loads the ICS config from {@code classpath:<resource>} (the jar, or the root of the function's code
     * package, which Lambda puts on the class path) or from a file path.
     */
    static IcsConfig loadConfig(String location) {
        IcsConfigLoader loader = new IcsConfigLoader();
        if (!location.startsWith("classpath:")) {
            return loader.load(Path.of(location));
        }
        String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
        try (InputStream in = IngestFactory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the ICS config " + location + " is not on the class path: package it as " + resource
                        + " at the root of the function's code, or point " + IngestEnvironment.CONFIG + " at a file");
            }
            return loader.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes staging directories a previous invocation left behind. Lambda runs one event at a time per
     * sandbox, and one that timed out or ran out of memory never reached its own clean-up: its files would
     * otherwise fill {@code /tmp} for the next upload.
     */
    static void removeStaleStages(Path workDir) throws IOException {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        List<Path> stale;
        try (Stream<Path> children = Files.list(workDir)) {
            stale = children.filter(p -> p.getFileName().toString().startsWith(STAGE_PREFIX)).toList();
        }
        for (Path stage : stale) {
            try (Stream<Path> walk = Files.walk(stage)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
