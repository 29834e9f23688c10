package org.icsmap.domain.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Postcode → LSOA → IMD decile: how a postcode is generalised before anything is stored. The shipped
 * table is SYNTHETIC (see reference/README.md); a real deployment loads the ONS postcode lookup in
 * the same three-column form.
 */
public final class PostcodeLookup {

    /**
     * A postcode's area. {@code lsoaId} numbers the LSOAs of the lookup from 0 (all the postcodes of one LSOA share its
     * number and one {@code lsoa} String): the curated writer's dictionary finds an LSOA by it without hashing the code.
     */
    public record Area(String postcode, String lsoa, int imdDecile, int lsoaId) {
    }

    private static final String RESOURCE = "postcode_lsoa.csv";
    private static volatile PostcodeLookup shipped;

    private final Map<String, Area> byPostcode;
    private final List<Area> areas;

    private PostcodeLookup(List<Area> areas) {
        this.areas = Collections.unmodifiableList(areas);
        Map<String, Area> map = new HashMap<>(areas.size() * 2);
        for (Area area : areas) {
            map.put(area.postcode(), area);
        }
        this.byPostcode = map;
    }

    public static PostcodeLookup shipped() {
        PostcodeLookup lookup = shipped;
        if (lookup == null) {
            synchronized (PostcodeLookup.class) {
                if (shipped == null) {
                    try (InputStream in = PostcodeLookup.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("reference data missing from the classpath: " + RESOURCE);
                        }
                        shipped = parse(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                lookup = shipped;
            }
        }
        return lookup;
    }

    /** Reads {@code postcode,lsoa,imd_decile} with a header line. */
    public static PostcodeLookup parse(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        reader.readLine();
        List<Area> areas = new ArrayList<>();
        Map<String, Area> firstOfLsoa = new HashMap<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String[] f = line.split(",", -1);
            Area first = firstOfLsoa.get(f[1]);
            Area area = first == null ? new Area(f[0], f[1], Integer.parseInt(f[2]), firstOfLsoa.size())
                    : new Area(f[0], first.lsoa(), Integer.parseInt(f[2]), first.lsoaId());
            firstOfLsoa.putIfAbsent(area.lsoa(), area);
            areas.add(area);
        }
        return new PostcodeLookup(areas);
    }

    /** Looks a postcode up in any common form: upper or lower case, with or without its space. */
    public Optional<Area> find(String postcode) {
        return Optional.ofNullable(byPostcode.get(normalise(postcode)));
    }

    /**
     * The area of a postcode already in {@link #normalise normal form} (as validated rows hold it), or null:
     * ingest asks once a row, and normalising again would only copy nothing at the cost of a scan.
     */
    public Area areaOfNormalised(String normalisedPostcode) {
        return byPostcode.get(normalisedPostcode);
    }

    /** Already upper case, with one space exactly before the last three characters and no other. */
    private static boolean isNormal(String postcode) {
        int n = postcode.length();
        if (n < 6 || postcode.charAt(n - 4) != ' ') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = postcode.charAt(i);
            if (c >= 'a' && c <= 'z' || c > 0x7F || c == ' ' && i != n - 4) {
                return false;
            }
        }
        return true;
    }

    public List<Area> areas() {
        return areas;
    }

    /** Upper case, single space before the 3-character inward code: {@code s404tf} → {@code S40 4TF}. */
    public static String normalise(String postcode) {
        if (isNormal(postcode)) {
            return postcode; // the usual case: no copies
        }
        String compact = postcode.replace(" ", "").toUpperCase(Locale.ROOT);
        if (compact.length() < 5) {
            return compact;
        }
        return compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3);
    }
}
