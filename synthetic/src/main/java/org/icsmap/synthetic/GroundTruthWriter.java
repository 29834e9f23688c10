package org.icsmap.synthetic;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The cleartext ground truth, for tests only: {@code truth/persons.csv.gz} (one line per patient)
 * and {@code truth/rows.csv.gz} (one line per data line written to any extract, duplicates included).
 */
final class GroundTruthWriter implements Closeable {

    static final String PERSONS_HEADER = "person,nhs_number,date_of_birth,sex,postcode,lsoa,imd_decile,gp_practice,place,"
            + "care_home,conditions,frailty,opted_out";
    static final String ROWS_HEADER = "file,record,feed,provider,period,activity_id,person,true_cost,cost_supplied,bed_days,defect";

    private final Writer persons;
    private final Writer rows;
    private final StringBuilder line = new StringBuilder(256);

    GroundTruthWriter(Path truthDir) throws IOException {
        Files.createDirectories(truthDir);
        persons = open(truthDir.resolve("persons.csv.gz"));
        rows = open(truthDir.resolve("rows.csv.gz"));
        persons.write(PERSONS_HEADER + "\n");
        rows.write(ROWS_HEADER + "\n");
    }

    private static Writer open(Path path) throws IOException {
        OutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        return new OutputStreamWriter(new OffThreadOutputStream(gzip, "ground-truth " + path.getFileName()), StandardCharsets.UTF_8);
    }

    void person(SyntheticPerson p) {
        line.setLength(0);
        line.append(p.index).append(',').append(p.nhsNumber).append(',').append(p.dateOfBirth).append(',').append(p.sex).append(',')
                .append(p.postcode).append(',').append(p.lsoa).append(',').append(p.imdDecile).append(',').append(p.practice).append(',')
                .append(p.place == null ? "" : p.place).append(',').append(p.careHome == null ? "" : p.careHome.cqcLocationId()).append(',');
        boolean first = true;
        for (Condition c : Condition.values()) {
            if (p.has(c)) {
                line.append(first ? "" : ";").append(c.name());
                first = false;
            }
        }
        line.append(',').append(String.format(java.util.Locale.ROOT, "%.4f", p.frailty)).append(',').append(p.optedOut).append('\n');
        append(persons);
    }

    void row(String file, int record, String feed, String provider, String period, String activityId, int person, long costPence,
             boolean costSupplied, int bedDays, Defect defect) {
        line.setLength(0);
        line.append(file).append(',').append(record).append(',').append(feed).append(',').append(provider).append(',').append(period)
                .append(',').append(activityId).append(',').append(person).append(',');
        Money.appendPounds(line, costPence);
        line.append(',').append(costSupplied).append(',').append(bedDays).append(',').append(defect.name()).append('\n');
        append(rows);
    }

    private void append(Writer writer) {
        try {
            writer.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try (rows) {
            persons.close();
        }
    }
}
