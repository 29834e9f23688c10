package org.icsmap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of bad input a provider's data manager will one day send: each case gets a clear,
 * specific reason, and no row is lost — a file is either rejected whole (nothing written) or every one
 * of its rows ends curated, quarantined, dropped as a duplicate or counted as opted out.
 */
class BadInputCatalogueTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));

    @TempDir
    static Path dir;
    static DirectoryObjectStore store;
    static IngestService ingest;

    @BeforeAll
    static void setUp() throws IOException {
        store = new DirectoryObjectStore(dir.resolve("bucket"));
        ingest = new IngestService(CONFIG, IngestService.Stores.allIn(store), new LocalKeyService(dir.resolve("k.p12"), "t".toCharArray()),
                PostcodeLookup.shipped(), NationalPracticeList.shipped(), dir.resolve("work"));
    }

    /** What a case must end as: rejected whole with a reason, or accepted with these counts. */
    record Expect(String rejectedFor, long in, long curated, Map<String, Long> quarantined, long duplicates) {
        static Expect rejected(String reason) {
            return new Expect(reason, 0, 0, Map.of(), 0);
        }

        static Expect accepted(long in, long curated, Map<String, Long> quarantined, long duplicates) {
            return new Expect(null, in, curated, quarantined, duplicates);
        }
    }

    record Case(String name, String key, byte[] content, Expect expect) {
    }

    static final String AMB = String.join(",", Feed.AMBULANCE.definition().header());
    static final String ED = String.join(",", Feed.ED.definition().header());

    /** A valid ambulance row for RX9 in period P (replaced), with a distinct id and NHS number. */
    static String amb(int n) {
        String[] nhs = {"9434765919", "9000000009", "9000000017", "4000000632", "9876543210"};
        return nhs[n % nhs.length] + ",1990-01-01,1,S40 1AA,C81001,RX9,INC-" + n + ",P-05,2,see_and_convey,RFS,AMBSC,";
    }

    static String ed(int n, String complaint) {
        return "9434765919,1990-01-01,2,DE1 1BW,C81001,RFS,ED-" + n + ",P-07,1,01,AE,VB03Z,S00.9,W19X," + complaint + ",350.00";
    }

    static String ambFile(String period, String... rows) {
        StringBuilder text = new StringBuilder(AMB).append('\n');
        for (String row : rows) {
            text.append(row.replace("P-", period + "-")).append('\n');
        }
        return text.toString();
    }

    static String key(String provider, String feed, String period, String name) {
        return "landing/provider=" + provider + "/feed=" + feed + "/period=" + period + "/" + name;
    }

    static List<Case> catalogue() {
        List<Case> cases = new ArrayList<>();
        String good = ambFile("2025-01", amb(1), amb(2));
        byte[] gz = gzip(ambFile("2025-02", amb(1), amb(2)).repeat(1).getBytes(StandardCharsets.UTF_8));
        byte[] big = gzip((AMB + "\n" + (amb(1).replace("P-", "2025-03-") + "\n").repeat(5000)).getBytes(StandardCharsets.UTF_8));
        cases.add(new Case("truncated gzip", key("RX9", "ambulance", "2025-03", "t.csv.gz"), Arrays.copyOf(big, big.length / 2),
                Expect.rejected("FILE_NOT_READABLE")));
        cases.add(new Case("binary garbage", key("RX9", "ambulance", "2025-04", "b.csv"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3},
                Expect.rejected("FILE_NOT_READABLE")));
        cases.add(new Case("Latin-1 bytes", key("RX9", "ambulance", "2025-04", "l.csv"),
                ambFile("2025-04", amb(1).replace("INC-1", "INC-\u00e91")).getBytes(StandardCharsets.ISO_8859_1), Expect.rejected("FILE_NOT_READABLE")));
        cases.add(new Case("UTF-16 file", key("RX9", "ambulance", "2025-04", "u16.csv"), ambFile("2025-04", amb(1)).getBytes(StandardCharsets.UTF_16),
                Expect.rejected("FILE_NOT_READABLE")));
        cases.add(new Case("empty file", key("RX9", "ambulance", "2025-04", "e.csv"), new byte[0], Expect.rejected("FILE_EMPTY")));
        cases.add(new Case("wrong header (renamed column)", key("RX9", "ambulance", "2025-04", "h.csv"),
                good.replace("incident_date", "incident_dt").getBytes(StandardCharsets.UTF_8), Expect.rejected("FILE_HEADER_MISMATCH")));
        cases.add(new Case("missing column", key("RX9", "ambulance", "2025-04", "m.csv"),
                good.replace(",cost\n", "\n").getBytes(StandardCharsets.UTF_8), Expect.rejected("FILE_HEADER_MISMATCH")));
        cases.add(new Case("extra column", key("RX9", "ambulance", "2025-04", "x.csv"),
                good.replace(",cost\n", ",cost,notes\n").getBytes(StandardCharsets.UTF_8), Expect.rejected("FILE_HEADER_MISMATCH")));
        cases.add(new Case("provider not in the config", key("ZZ9", "ambulance", "2025-04", "p.csv"), good.getBytes(StandardCharsets.UTF_8),
                Expect.rejected("FILE_PROVIDER_UNKNOWN")));
        cases.add(new Case("feed the provider has no agreement for", key("RX9", "apc", "2025-04", "f.csv"), good.getBytes(StandardCharsets.UTF_8),
                Expect.rejected("FILE_FEED_NOT_AGREED")));
        cases.add(new Case("unknown feed", key("RX9", "xray", "2025-04", "f.csv"), good.getBytes(StandardCharsets.UTF_8),
                Expect.rejected("FILE_FEED_NOT_AGREED")));
        cases.add(new Case("malformed period", key("RX9", "ambulance", "2025-13", "q.csv"), good.getBytes(StandardCharsets.UTF_8),
                Expect.rejected("FILE_PERIOD_INVALID")));
        cases.add(new Case("not a CSV name", "landing/provider=RX9/feed=ambulance/period=2025-04/report.xlsx", good.getBytes(StandardCharsets.UTF_8),
                Expect.rejected("FILE_KEY_INVALID")));
        cases.add(new Case("outside the landing layout", "landing/RX9/ambulance.csv", good.getBytes(StandardCharsets.UTF_8),
                Expect.rejected("FILE_KEY_INVALID")));

        cases.add(new Case("header only", key("RX9", "ambulance", "2025-05", "ho.csv"), (AMB + "\n").getBytes(StandardCharsets.UTF_8),
                Expect.accepted(0, 0, Map.of(), 0)));
        cases.add(new Case("BOM and CRLF", key("RX9", "ambulance", "2025-06", "bom.csv"),
                ("\uFEFF" + ambFile("2025-06", amb(1), amb(2)).replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8),
                Expect.accepted(2, 2, Map.of(), 0)));
        cases.add(new Case("pipe-delimited", key("RX9", "ambulance", "2025-07", "pipe.csv"),
                ambFile("2025-07", amb(1), amb(2)).replace(',', '|').getBytes(StandardCharsets.UTF_8), Expect.accepted(2, 2, Map.of(), 0)));
        cases.add(new Case("gzip content under a .csv name", key("RX9", "ambulance", "2025-02", "gz.csv"), gz, Expect.accepted(2, 2, Map.of(), 0)));
        cases.add(new Case("exact duplicate rows", key("RX9", "ambulance", "2025-08", "dup.csv"),
                ambFile("2025-08", amb(1), amb(1), amb(2), amb(1)).getBytes(StandardCharsets.UTF_8), Expect.accepted(4, 2, Map.of(), 2)));
        cases.add(new Case("wrong column count", key("RX9", "ambulance", "2025-09", "cc.csv"),
                ambFile("2025-09", amb(1), amb(2) + ",extra", amb(3).substring(0, amb(3).lastIndexOf(','))).getBytes(StandardCharsets.UTF_8),
                Expect.accepted(3, 1, Map.of("ROW_COLUMN_COUNT", 2L), 0)));
        cases.add(new Case("blank line", key("RX9", "ambulance", "2025-09", "blank.csv"),
                ambFile("2025-09", amb(1), "", amb(2)).getBytes(StandardCharsets.UTF_8), Expect.accepted(3, 2, Map.of("ROW_COLUMN_COUNT", 1L), 0)));
        cases.add(new Case("unclosed quote: one line lost to quarantine, the rest recovered", key("RX9", "ambulance", "2025-10", "q.csv"),
                ambFile("2025-10", amb(1).replace("INC-1", "\"INC-1"), amb(2), amb(3)).getBytes(StandardCharsets.UTF_8),
                Expect.accepted(3, 2, Map.of("ROW_MALFORMED_QUOTES", 1L), 0)));
        cases.add(new Case("a 1 MB line", key("RX9", "ambulance", "2025-11", "long.csv"),
                ambFile("2025-11", amb(1).replace("INC-1", "INC-" + "9".repeat(1 << 20)), amb(2)).getBytes(StandardCharsets.UTF_8),
                Expect.accepted(2, 1, Map.of("ROW_TOO_LONG", 1L), 0)));
        cases.add(new Case("activity date outside the period", key("RX9", "ambulance", "2025-12", "per.csv"),
                ambFile("2025-12", amb(1), amb(2).replace("P-05", "2025-11-05")).getBytes(StandardCharsets.UTF_8),
                Expect.accepted(2, 1, Map.of("DATE_OUTSIDE_PERIOD", 1L), 0)));
        cases.add(new Case("impossible date", key("RX9", "ambulance", "2026-02", "imp.csv"),
                ambFile("2026-02", amb(1), amb(2).replace("P-05", "2026-02-30")).getBytes(StandardCharsets.UTF_8),
                Expect.accepted(2, 1, Map.of("DATE_INVALID", 1L), 0)));
        cases.add(new Case("money: negative and three decimals", key("RX9", "ambulance", "2026-03", "money.csv"),
                ambFile("2026-03", amb(1) + "-12.00", amb(2) + "12.345", amb(3) + "£12", amb(4) + "1,234.00", amb(5) + "427.50")
                        .replace(",£12", ",\"£12\"").replace(",1,234.00", ",\"1,234.00\"").getBytes(StandardCharsets.UTF_8),
                Expect.accepted(5, 1, Map.of("MONEY_INVALID", 4L), 0)));
        cases.add(new Case("malformed postcode and sex", key("RX9", "ambulance", "2026-04", "pc.csv"),
                ambFile("2026-04", amb(1).replace("S40 1AA", "S40 1A"), amb(2).replace(",1,S40", ",M,S40"), amb(3))
                        .getBytes(StandardCharsets.UTF_8), Expect.accepted(3, 1, Map.of("POSTCODE_INVALID", 1L, "SEX_INVALID", 1L), 0)));
        cases.add(new Case("unknown practice and a provider column that is not the sender", key("RX9", "ambulance", "2026-05", "ods.csv"),
                ambFile("2026-05", amb(1).replace("C81001", "Z99999"), amb(2).replace(",RX9,", ",RFS,"), amb(3)).getBytes(StandardCharsets.UTF_8),
                Expect.accepted(3, 1, Map.of("GP_PRACTICE_UNKNOWN", 1L, "ORGANISATION_UNKNOWN", 1L), 0)));
        cases.add(new Case("missing and invalid NHS numbers are kept, flagged", key("RX9", "ambulance", "2026-06", "nhs.csv"),
                ambFile("2026-06", amb(1).replace("9434765919", ""), amb(2).replace("9000000009", "9000000008"), amb(3))
                        .getBytes(StandardCharsets.UTF_8), Expect.accepted(3, 3, Map.of(), 0)));
        String edFile = ED + "\n" + ed(1, "\"fell, hit head\nthen \"\"dizzy\"\"\"").replace("P-", "2026-07-") + "\n"
                + ed(2, "\"=cmd|' /C calc'!A0\"").replace("P-", "2026-07-") + "\n"
                + ed(3, "@SUM(A1:A9)").replace("P-", "2026-07-") + "\n";
        cases.add(new Case("embedded newline, quotes and formula-injection text in free text", key("RFS", "ed", "2026-07", "ed.csv"),
                edFile.getBytes(StandardCharsets.UTF_8), Expect.accepted(3, 3, Map.of(), 0)));
        return cases;
    }

    @TestFactory
    List<DynamicTest> everyBadInputGetsAClearReasonAndLosesNoRow() {
        List<Case> cases = catalogue();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            store.put(c.key(), c.content(), Map.of());
            IngestReport report = ingest.ingest(c.key());
            if (c.expect().rejectedFor() != null) {
                assertThat(report.outcome()).as(report.toString()).isEqualTo(IngestReport.Outcome.REJECTED);
                assertThat(report.rejection().reason()).isEqualTo(c.expect().rejectedFor());
                assertThat(report.rejection().message()).isNotBlank().doesNotContain("9434765919", "S40 1AA", "1990-01-01");
                if (report.provider() != null && report.period() != null) {
                    assertThat(store.list("curated/feed=" + report.feed() + "/provider=" + report.provider() + "/period=" + report.period() + "/"))
                            .as("nothing curated for a rejected file").isEmpty();
                }
            } else {
                assertThat(report.outcome()).as(report.toString()).isEqualTo(IngestReport.Outcome.ACCEPTED);
                assertThat(report.rows().addUp()).isTrue();
                assertThat(report.rows().in()).as("rows in").isEqualTo(c.expect().in());
                assertThat(report.rows().curated()).as("curated").isEqualTo(c.expect().curated());
                assertThat(report.quarantinedByReason()).as("quarantined by reason").isEqualTo(c.expect().quarantined());
                assertThat(report.rows().duplicates()).as("duplicates").isEqualTo(c.expect().duplicates());
                if (report.outputs().quarantine() != null) {
                    try (var in = store.open(report.outputs().quarantine())) {
                        String quarantine = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        assertThat(quarantine).doesNotContain("9434765919", "9000000009", "S40 1AA", "1990-01-01");
                        assertThat(quarantine.lines().skip(1).count()).isEqualTo(report.rows().quarantined());
                    }
                }
            }
        })).toList();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
