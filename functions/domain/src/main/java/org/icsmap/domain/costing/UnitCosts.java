package org.icsmap.domain.costing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icsmap.domain.feed.Feed;

/**
 * The reference unit cost table ({@code org/icsmap/domain/reference/unit_costs.csv}): the price of activity that
 * arrives without a patient-level cost. The SQL costing step reads the same file as a table.
 */
public final class UnitCosts {

    /** Where the shipped table sits on the classpath (the icsmap-sql jar). */
    public static final String RESOURCE = "org/icsmap/domain/reference/unit_costs.csv";

    public enum Unit { EPISODE, ATTENDANCE, CONTACT, INCIDENT, APPOINTMENT, BED_DAY }

    public record UnitCost(Feed feed, String pod, String code, Unit unit, BigDecimal unitCost, String description) {
    }

    private record Key(Feed feed, String pod, String code) {
    }

    private final Map<Key, UnitCost> byKey;
    private final List<UnitCost> all;

    private UnitCosts(List<UnitCost> all) {
        this.all = List.copyOf(all);
        Map<Key, UnitCost> map = new HashMap<>();
        for (UnitCost cost : all) {
            if (map.put(new Key(cost.feed(), cost.pod(), cost.code()), cost) != null) {
                throw new IllegalArgumentException("unit cost defined twice: " + cost.feed() + "/" + cost.pod() + "/" + cost.code());
            }
        }
        this.byKey = map;
    }

    /** The table shipped with icsmap, read from the classpath. */
    public static UnitCosts shipped() {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            in = UnitCosts.class.getClassLoader().getResourceAsStream(RESOURCE);
        }
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath (it ships in the icsmap-sql jar)");
        }
        return parse(in);
    }

    /** Reads the CSV: {@code feed,pod,code,unit,unit_cost,description} (the description may contain commas). */
    public static UnitCosts parse(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            List<UnitCost> costs = new java.util.ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", 6);
                Feed feed = Feed.fromId(f[0]).orElseThrow(() -> new IllegalArgumentException("unknown feed in unit costs: " + f[0]));
                costs.add(new UnitCost(feed, f[1], f[2], Unit.valueOf(f[3].toUpperCase(java.util.Locale.ROOT)),
                        new BigDecimal(f[4]), f.length > 5 ? f[5] : ""));
            }
            return new UnitCosts(costs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<UnitCost> find(Feed feed, String pod, String code) {
        return Optional.ofNullable(byKey.get(new Key(feed, pod, code)));
    }

    public List<UnitCost> all() {
        return all;
    }

    /** A social care row's cost: its weekly cost pro rata for the days it covers, rounded half up to the penny. */
    public static BigDecimal weeklyCostFor(BigDecimal weeklyCost, int days) {
        return weeklyCost.multiply(BigDecimal.valueOf(days)).divide(BigDecimal.valueOf(7), 2, java.math.RoundingMode.HALF_UP);
    }

    /** The reference cost of one row: the unit cost, times its bed days when priced per bed day. */
    public BigDecimal costOf(UnitCost unitCost, int bedDays) {
        return unitCost.unit() == Unit.BED_DAY ? unitCost.unitCost().multiply(BigDecimal.valueOf(bedDays)) : unitCost.unitCost();
    }
}
