package org.icsmap.domain.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every GP practice code in England (ODS epraccur, prescribing setting 4), with its status and
 * commissioner: how a practice code from outside the ICS is told apart from a typo.
 * Source: NHS England Organisation Data Service, Open Government Licence v3.0 (see reference/README.md).
 */
public final class NationalPracticeList {

    public record Entry(String odsCode, Status status, String commissioner) {
    }

    public enum Status { ACTIVE, CLOSED, DORMANT, PROPOSED }

    private static final String RESOURCE = "gp_practices.csv";
    private static volatile NationalPracticeList shipped;

    private final Map<String, Entry> byCode;

    private NationalPracticeList(Map<String, Entry> byCode) {
        this.byCode = Map.copyOf(byCode);
    }

    /** The list shipped with icsmap (loaded once). */
    public static NationalPracticeList shipped() {
        NationalPracticeList list = shipped;
        if (list == null) {
            synchronized (NationalPracticeList.class) {
                if (shipped == null) {
                    shipped = load();
                }
                list = shipped;
            }
        }
        return list;
    }

    public Optional<Entry> find(String odsCode) {
        return Optional.ofNullable(byCode.get(odsCode));
    }

    public boolean contains(String odsCode) {
        return byCode.containsKey(odsCode);
    }

    public int size() {
        return byCode.size();
    }

    private static NationalPracticeList load() {
        try (InputStream in = NationalPracticeList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("reference data missing from the classpath: " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine(); // header: ods_code,status,commissioner
            Map<String, Entry> entries = new HashMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",", -1);
                entries.put(f[0], new Entry(f[0], status(f[1]), f[2]));
            }
            return new NationalPracticeList(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Status status(String code) {
        return switch (code) {
            case "A" -> Status.ACTIVE;
            case "C" -> Status.CLOSED;
            case "D" -> Status.DORMANT;
            default -> Status.PROPOSED;
        };
    }
}
