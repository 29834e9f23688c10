package org.icsmap.synthetic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfig.CareHome;
import org.icsmap.domain.config.IcsConfig.GpPractice;
import org.icsmap.domain.config.IcsConfig.Place;
import org.icsmap.domain.config.IcsConfig.Provider;
import org.icsmap.domain.config.ProviderKind;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.nhs.NhsNumber;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.domain.reference.PostcodeLookup.Area;

/**
 * Generates a synthetic ICS from its config: a population registered with the config's practices,
 * two years of activity in every setting written as each provider's monthly extracts, and the
 * cleartext ground truth. Deterministic: the same config, settings and seed give byte-identical files.
 *
 * <p>Output layout under the chosen directory:
 * <pre>
 * extracts/&lt;provider ODS&gt;/&lt;feed&gt;_&lt;YYYY-MM&gt;.csv[.gz]   what each provider would upload
 * truth/persons.csv.gz, truth/rows.csv.gz                    cleartext ground truth (tests only)
 * </pre>
 */
public final class SyntheticIcsGenerator {

    /** Practices around Derbyshire (ODS epraccur, OGL v3.0) that out-of-area patients register with. */
    private static final String NEIGHBOURS = "/org/icsmap/synthetic/neighbouring_practices.csv";
    private static final long NHS_NUMBER_STEP = 7_654_321L; // coprime with 10^8: a permutation of the synthetic range

    private final IcsConfig config;
    private final UnitCosts unitCosts;
    private final PostcodeLookup postcodes;

    public SyntheticIcsGenerator(IcsConfig config) {
        this(config, UnitCosts.shipped(), PostcodeLookup.shipped());
    }

    public SyntheticIcsGenerator(IcsConfig config, UnitCosts unitCosts, PostcodeLookup postcodes) {
        this.config = config;
        this.unitCosts = unitCosts;
        this.postcodes = postcodes;
    }

    public GenerationSummary generate(GeneratorSettings settings, Path outDir) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(outDir);
        GenerationSummary summary = new GenerationSummary();
        summary.firstMonth = settings.firstMonth();
        summary.lastMonth = settings.lastMonth();
        Population population = new Population(settings);
        try (ExtractFiles files = new ExtractFiles(outDir.resolve("extracts"), config, settings);
             GroundTruthWriter truth = new GroundTruthWriter(outDir.resolve("truth"))) {
            ActivityGenerator activity = new ActivityGenerator(config, unitCosts, settings, files, truth, summary);
            List<String> optedOut = new ArrayList<>();
            for (int i = 0; i < settings.population(); i++) {
                SyntheticPerson person = population.next();
                truth.person(person);
                activity.generate(person);
                summary.persons++;
                if (person.optedOut) {
                    optedOut.add(person.nhsNumber);
                    summary.optedOut++;
                }
                if (!person.registeredInIcs()) {
                    summary.registeredOutOfArea++;
                }
                if (person.careHome != null) {
                    summary.careHomeResidents++;
                }
            }
            activity.writeOptOutList(optedOut);
            summary.files = files.files().size();
        }
        summary.elapsed = Duration.ofNanos(System.nanoTime() - started);
        return summary;
    }

    /** Draws people one at a time, each from its own random stream so a person depends only on the seed and its index. */
    private final class Population {
        private final GeneratorSettings settings;
        private final List<GpPractice> practices;
        private final double[] practiceWeights;
        private final Map<String, Integer> placeIndexOfPractice = new HashMap<>();
        private final List<String[]> neighbours;
        private final Map<String, List<Area>> areasByDistrict = new HashMap<>();
        private final List<CareHome> careHomes;
        private final double[] careHomeWeights;
        private final List<String> acutes;
        private final List<String> outOfArea;
        private long nhsCursor;
        private int nextIndex;

        Population(GeneratorSettings settings) {
            this.settings = settings;
            practices = config.practices().toList();
            practiceWeights = practices.stream().mapToDouble(GpPractice::listSize).toArray();
            for (int p = 0; p < config.places().size(); p++) {
                Place place = config.places().get(p);
                for (var pcn : place.pcns()) {
                    for (GpPractice practice : pcn.practices()) {
                        placeIndexOfPractice.put(practice.ods(), p);
                    }
                }
            }
            neighbours = readNeighbours();
            for (Area area : postcodes.areas()) {
                areasByDistrict.computeIfAbsent(district(area.postcode()), d -> new ArrayList<>()).add(area);
            }
            careHomes = config.careHomes().stream().filter(h -> postcodes.find(h.postcode()).isPresent()).toList();
            careHomeWeights = careHomes.stream().mapToDouble(CareHome::beds).toArray();
            acutes = providersOfKind(ProviderKind.ACUTE);
            outOfArea = providersOfKind(ProviderKind.OUT_OF_AREA);
            nhsCursor = Math.floorMod(settings.seed() * 2_654_435_761L, 100_000_000L);
        }

        SyntheticPerson next() {
            int index = nextIndex++;
            SplittableRandom rng = new SplittableRandom(settings.seed() ^ (0x9E3779B97F4A7C15L * (index + 1)));
            String nhsNumber = nextNhsNumber();
            int age = drawAge(rng);
            LocalDate dob = settings.firstMonth().atDay(1).minusYears(age).minusDays(rng.nextInt(365));
            double sexDraw = rng.nextDouble();
            String sex = sexDraw < 0.001 ? "9" : sexDraw < 0.002 ? "X" : sexDraw < 0.493 ? "1" : "2";
            int conditions = drawConditions(rng, age);
            boolean optedOut = rng.nextDouble() < settings.optOutRate();

            String practice;
            String place;
            Area home;
            CareHome careHome = null;
            String homeAcute;
            if (rng.nextDouble() < settings.registeredOutOfArea() || practices.isEmpty()) {
                String[] neighbour = neighbours.get(rng.nextInt(neighbours.size()));
                practice = neighbour[0];
                place = null;
                home = pickArea(rng, district(neighbour[2]));
                homeAcute = acutes.isEmpty() ? outOfArea.getFirst() : acutes.get(Math.floorMod(neighbour[3].hashCode(), acutes.size()));
            } else {
                GpPractice registered = practices.get(pick(rng, practiceWeights));
                practice = registered.ods();
                int placeIndex = placeIndexOfPractice.get(practice);
                place = config.places().get(placeIndex).code();
                home = pickArea(rng, district(registered.postcode()));
                if (age >= 75 && !careHomes.isEmpty() && rng.nextDouble() < (age >= 85 ? 0.12 : 0.03)) {
                    careHome = careHomes.get(pick(rng, careHomeWeights));
                    home = postcodes.find(careHome.postcode()).orElseThrow();
                }
                homeAcute = homeAcute(rng, placeIndex);
            }
            double frailty = Math.exp(rng.nextGaussian() * 0.9)
                    * (1 + 0.7 * Integer.bitCount(conditions))
                    * (age < 5 ? 1.2 : age < 45 ? 0.7 : age < 65 ? 1.0 : age < 80 ? 1.6 : 2.6)
                    * (careHome != null ? 2.0 : 1.0)
                    * (1 + (10 - home.imdDecile()) * 0.04);
            return new SyntheticPerson(index, nhsNumber, dob, sex, home.postcode(), home.lsoa(), home.imdDecile(), practice, place,
                    careHome, conditions, frailty, optedOut, homeAcute);
        }

        /** Walks a permutation of the synthetic range, skipping identifiers whose check digit would be 10. */
        private String nextNhsNumber() {
            while (true) {
                long base = 900_000_000L + nhsCursor;
                nhsCursor = (nhsCursor + NHS_NUMBER_STEP) % 100_000_000L;
                String number = NhsNumber.withCheckDigit(Long.toString(base));
                if (number != null) {
                    return number;
                }
            }
        }

        /** Places are served mostly by one acute trust each (the config's acutes split the places in order), some by another or out of area. */
        private String homeAcute(SplittableRandom rng, int placeIndex) {
            if (acutes.isEmpty()) {
                return outOfArea.isEmpty() ? null : outOfArea.getFirst();
            }
            String primary = acutes.get(placeIndex * acutes.size() / config.places().size());
            double draw = rng.nextDouble();
            boolean northern = placeIndex < (config.places().size() + 1) / 2;
            if (!outOfArea.isEmpty() && draw < (northern ? 0.12 : 0.03)) {
                return outOfArea.get(rng.nextInt(outOfArea.size()));
            }
            if (draw > 0.92 && acutes.size() > 1) {
                return acutes.get(rng.nextInt(acutes.size()));
            }
            return primary;
        }

        private Area pickArea(SplittableRandom rng, String district) {
            List<Area> areas = areasByDistrict.get(district);
            if (areas == null) {
                areas = postcodes.areas();
            }
            return areas.get(rng.nextInt(areas.size()));
        }

        private List<String> providersOfKind(ProviderKind kind) {
            return config.providers().stream().filter(p -> p.kind() == kind && p.feeds().contains(Feed.APC)).map(Provider::ods).toList();
        }
    }

    private static int drawAge(SplittableRandom rng) {
        double d = rng.nextDouble();
        if (d < 0.055) {
            return rng.nextInt(5);
        }
        if (d < 0.205) {
            return 5 + rng.nextInt(13);
        }
        if (d < 0.535) {
            return 18 + rng.nextInt(27);
        }
        if (d < 0.795) {
            return 45 + rng.nextInt(20);
        }
        if (d < 0.905) {
            return 65 + rng.nextInt(10);
        }
        if (d < 0.975) {
            return 75 + rng.nextInt(10);
        }
        return 85 + rng.nextInt(16);
    }

    private static int drawConditions(SplittableRandom rng, int age) {
        int bits = 0;
        if (rng.nextDouble() < (age >= 65 ? 0.08 : age >= 45 ? 0.04 : 0.003)) {
            bits |= Condition.COPD.bit();
        }
        if (rng.nextDouble() < (age >= 65 ? 0.15 : age >= 45 ? 0.08 : age >= 18 ? 0.02 : 0.002)) {
            bits |= Condition.DIABETES.bit();
        }
        if (rng.nextDouble() < (age >= 18 ? 0.11 : 0.02)) {
            bits |= Condition.DEPRESSION.bit();
        }
        if (rng.nextDouble() < (age >= 80 ? 0.12 : age >= 65 ? 0.02 : 0)) {
            bits |= Condition.DEMENTIA.bit();
        }
        if (rng.nextDouble() < (age >= 80 ? 0.07 : age >= 65 ? 0.02 : age >= 45 ? 0.003 : 0)) {
            bits |= Condition.HEART_FAILURE.bit();
        }
        return bits;
    }

    static int pick(SplittableRandom rng, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static String district(String postcode) {
        int space = postcode.indexOf(' ');
        return space < 0 ? postcode : postcode.substring(0, space);
    }

    private static List<String[]> readNeighbours() {
        try (InputStream in = SyntheticIcsGenerator.class.getResourceAsStream(NEIGHBOURS)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + NEIGHBOURS);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            List<String[]> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                // ods_code,name,postcode,commissioner: a quoted name may hold commas, so read the rest from the end
                String[] f = line.split(",", -1);
                rows.add(new String[] {f[0], "", f[f.length - 2], f[f.length - 1]});
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
