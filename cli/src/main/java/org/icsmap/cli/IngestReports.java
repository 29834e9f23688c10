package org.icsmap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.domain.port.ObjectStore;

/** The ingest reports behind what is in {@code curated/} now: one per partition, the upload its data came from. */
final class IngestReports {

    private static final Pattern DATA_KEY = Pattern.compile("curated/feed=([^/]+)/provider=([^/]+)/period=([^/]+)/data\\.parquet");
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private IngestReports() {
    }

    /**
     * For every curated partition, the report of the upload it holds (named by the data's {@code icsmap-upload-id}
     * metadata); a partition whose report is missing is skipped, as is one written before uploads were named.
     */
    static List<IngestReport> current(ObjectStore store) throws IOException {
        List<IngestReport> reports = new ArrayList<>();
        for (ObjectStore.StoredObject data : store.list("curated/")) {
            Matcher key = DATA_KEY.matcher(data.key());
            String uploadId = data.userMetadata().get(CuratedSchema.META_UPLOAD);
            if (!key.matches() || uploadId == null) {
                continue;
            }
            String reportKey = IngestReport.key(key.group(2), key.group(1), key.group(3), uploadId);
            if (store.stat(reportKey).isPresent()) {
                try (InputStream in = store.open(reportKey)) {
                    reports.add(JSON.readValue(in, IngestReport.class));
                }
            }
        }
        return reports;
    }
}
