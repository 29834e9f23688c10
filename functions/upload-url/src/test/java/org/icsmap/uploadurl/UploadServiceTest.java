package org.icsmap.uploadurl;

import org.icsmap.domain.upload.UploadService;
import org.icsmap.domain.upload.UploadGrant;
import org.icsmap.domain.upload.UploadRequest;
import org.icsmap.domain.upload.UploadRefusedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.icsmap.domain.access.Caller;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.landing.LandingKey;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.domain.port.UploadSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadServiceTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    static final String SHA = "ab".repeat(32);
    static final UploadSigner SIGNER = (key, size, sha, validFor) ->
            new UploadSigner.SignedUpload("PUT", URI.create("https://landing.example/" + key), Map.of("x-amz-checksum-sha256", sha), NOW.instant().plus(validFor));

    @TempDir
    Path dir;

    UploadService service(long max) throws Exception {
        return new UploadService(CONFIG, SIGNER, new DirectoryObjectStore(dir), NOW, max, UploadService.MAX_VALIDITY);
    }

    @Test
    void aGrantIsForAValidLandingKeyOfTheCallersOwnPrefixWithTheChecksumInBase64() throws Exception {
        UploadGrant grant = service(1000).grant(Caller.of("p", "RTG"), new UploadRequest("op", "2026-11", "X.CSV.GZ", 999L, SHA.toUpperCase(), null));

        LandingKey key = LandingKey.parse(grant.key(), org.icsmap.domain.landing.PeriodRule.of(CONFIG, NOW)).key();
        assertThat(key).isNotNull();
        assertThat(key.provider()).isEqualTo("RTG");
        assertThat(key.gzipped()).isTrue();
        assertThat(grant.sha256Hex()).isEqualTo(SHA);
        assertThat(grant.upload().headers()).containsEntry("x-amz-checksum-sha256", "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=");
        assertThat(grant.upload().expires()).isEqualTo(NOW.instant().plus(Duration.ofMinutes(15)));
        assertThat(dir.resolve("audit/uploads/provider=RTG/" + grant.uploadId() + ".json")).isRegularFile();
    }

    @Test
    void uploadIdsAreUniqueUuid7s() throws Exception {
        UploadService service = service(1000);
        String a = service.grant(Caller.of("p", "RFS"), new UploadRequest("apc", "2026-10", "a.csv", 1L, SHA, "RFS")).uploadId();
        String b = service.grant(Caller.of("p", "RFS"), new UploadRequest("apc", "2026-10", "a.csv", 1L, SHA, "RFS")).uploadId();
        assertThat(a).isNotEqualTo(b).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(java.util.UUID.fromString(a).version()).isEqualTo(7);
    }

    @Test
    void theEarliestPeriodFollowsTheCuratedRetention() throws Exception {
        // 1095 days before 2026-11-01 is 2023-11-02: November 2023 is the earliest month kept.
        service(1000).grant(Caller.of("p", "RFS"), new UploadRequest("apc", "2023-11", "a.csv", 1L, SHA, null));
        assertThatThrownBy(() -> service(1000).grant(Caller.of("p", "RFS"), new UploadRequest("apc", "2023-10", "a.csv", 1L, SHA, null)))
                .isInstanceOf(UploadRefusedException.class).hasMessageContaining("the earliest period accepted is 2023-11");
    }

    @Test
    void aBadChecksumOrNonPositiveSizeIsRefused() {
        assertThatThrownBy(() -> service(1000).grant(Caller.of("p", "RFS"), new UploadRequest("apc", "2026-10", "a.csv", 1L, "abc", null)))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> service(1000).grant(Caller.of("p", "RFS"), new UploadRequest("apc", "2026-10", "a.csv", 0L, SHA, null)))
                .hasMessageContaining("positive number of bytes");
        assertThatThrownBy(() -> service(1000).grant(Caller.of("p", "QJ3"), new UploadRequest("apc", "2026-10", "a.csv", 1L, SHA, null)))
                .hasMessageContaining("not a provider in ICS QJ2");
    }

    @Test
    void theLimitCannotExceedOnePut() {
        assertThatThrownBy(() -> service(UploadService.SINGLE_PUT_LIMIT_BYTES + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
