package org.icsmap.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfig.Provider;
import org.icsmap.domain.config.ProviderKind;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.costing.UnitCosts.UnitCost;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.synthetic.ExtractFiles.ExtractFile;

/**
 * One person's two years of activity in every setting, written to the providers' extracts as it is
 * drawn. Rates scale with the person's latent frailty, so cost is heavy-tailed as Derbyshire found:
 * a small share of patients consume most of the resources.
 */
final class ActivityGenerator {

    /** Providers and feeds whose extracts carry a patient-level cost (PLICS); the rest are costed from reference unit costs. */
    private static final List<String> PLICS = List.of("RFS/apc", "RFS/op", "RFS/ed", "RTG/apc", "RY8/community");
    /** Providers whose systems print NHS numbers in 3-3-4 groups. */
    private static final List<String> SPACED_NHS_NUMBERS = List.of("RXM");

    private final IcsConfig config;
    private final UnitCosts unitCosts;
    private final GeneratorSettings settings;
    private final ExtractFiles files;
    private final GroundTruthWriter truth;
    private final GenerationSummary summary;
    private final Map<Feed, String> submitterOf = new EnumMap<>(Feed.class);
    private final List<String> socialCare;
    private final Map<String, Long> nextId = new HashMap<>();
    private final NationalPracticeList nationalPractices = NationalPracticeList.shipped();

    ActivityGenerator(IcsConfig config, UnitCosts unitCosts, GeneratorSettings settings, ExtractFiles files, GroundTruthWriter truth,
                      GenerationSummary summary) {
        this.config = config;
        this.unitCosts = unitCosts;
        this.settings = settings;
        this.files = files;
        this.truth = truth;
        this.summary = summary;
        for (Feed feed : Feed.values()) {
            config.providers().stream().filter(p -> p.feeds().contains(feed) && config.mayReceive(p.ods(), feed)).findFirst()
                    .ifPresent(p -> submitterOf.put(feed, p.ods()));
        }
        socialCare = config.providers().stream().filter(p -> p.kind() == ProviderKind.SOCIAL_CARE && p.feeds().contains(Feed.SOCIAL_CARE))
                .map(Provider::ods).toList();
    }

    void generate(SyntheticPerson person) {
        SplittableRandom rng = new SplittableRandom(settings.seed() * 0x5DEECE66DL + person.index * 1_000_003L + 17);
        boolean inArea = person.registeredInIcs();
        for (int m = 0; m < settings.months(); m++) {
            YearMonth month = settings.firstMonth().plusMonths(m);
            int age = person.ageOn(month.atDay(1));
            double f = person.frailty;
            double elderly = age >= 80 ? 2.2 : age >= 65 ? 1.5 : age < 5 ? 1.3 : age < 18 ? 0.6 : 0.9;
            double careHome = person.careHome != null ? 2.5 : 1;
            double visitor = inArea ? 1 : 0.3;

            if (person.homeAcute != null) {
                for (int n = poisson(rng, visitor * (0.05 * Math.pow(f, 1.3)) / 12); n > 0; n--) {
                    admission(person, rng, month, age, Pod.NEL);
                }
                for (int n = poisson(rng, visitor * 0.08 * elderly / 12); n > 0; n--) {
                    admission(person, rng, month, age, rng.nextDouble() < 0.25 ? Pod.EL : rng.nextDouble() < 0.9 ? Pod.DC : Pod.RDA);
                }
                for (int n = poisson(rng, visitor * 0.9 * elderly * Math.pow(f, 0.6) / 12); n > 0; n--) {
                    outpatient(person, rng, month);
                }
                for (int n = poisson(rng, (inArea ? 1 : 0.6) * 0.25 * Math.pow(f, 0.9) * elderly * careHome / 12); n > 0; n--) {
                    emergency(person, rng, month, age);
                }
            }
            for (int n = poisson(rng, (inArea ? 1 : 0.4) * 0.06 * f * elderly * careHome / 12); n > 0; n--) {
                ambulance(person, rng, month);
            }
            if (!inArea) {
                continue;
            }
            for (int n = poisson(rng, 3.5 * elderly * (0.6 + 0.4 * f) / 12); n > 0; n--) {
                gpAppointment(person, rng, month);
            }
            for (int n = poisson(rng, (age >= 65 ? 0.8 : 0.12) * Math.pow(f, 1.1) * careHome / 12); n > 0; n--) {
                communityContact(person, rng, month, age);
            }
            mentalHealth(person, rng, month, age);
            socialCare(person, rng, month, m);
        }
    }

    private enum Pod { NEL, EL, DC, RDA }

    private record Hrg(String code, String diagnosis, boolean fall) {
    }

    private void admission(SyntheticPerson p, SplittableRandom rng, YearMonth month, int age, Pod pod) {
        Hrg hrg = switch (pod) {
            case NEL -> nonElectiveHrg(p, rng, age);
            case EL -> new Hrg("HN12D", "M16.9", false);
            case DC -> rng.nextBoolean() ? new Hrg("BZ34B", "H25.9", false) : new Hrg("FE21Z", "K57.3", false);
            case RDA -> new Hrg("SA17G", "D64.9", false);
        };
        int los = switch (pod) {
            case NEL -> (int) Math.min(150, Math.round(Math.exp(Math.log(2.5) + 0.35 * Math.log(p.frailty) + (age >= 75 ? 0.5 : 0)
                    + rng.nextGaussian() * 0.9)));
            case EL -> 2 + rng.nextInt(4);
            case DC, RDA -> 0;
        };
        String method = switch (pod) {
            case NEL -> pickCode(rng, "21", 0.7, "22", 0.18, "2A", 0.06, "28", 0.06);
            case EL -> rng.nextDouble() < 0.8 ? "11" : "12";
            case DC -> pickCode(rng, "11", 0.6, "12", 0.3, "13", 0.1);
            case RDA -> "13";
        };
        LocalDate discharge = month.atDay(1 + rng.nextInt(month.lengthOfMonth()));
        LocalDate admitted = discharge.minusDays(los);
        String provider = p.homeAcute;
        String spell = nextId(provider, "SPELL");
        StringBuilder secondary = new StringBuilder(hrg.fall ? "W19X" : "");
        for (Condition c : Condition.values()) {
            if (p.has(c) && !c.icd10().equals(hrg.diagnosis)) {
                secondary.append(secondary.isEmpty() ? "" : ";").append(c.icd10());
            }
        }
        UnitCost unit = unitCost(Feed.APC, pod.name(), hrg.code);
        double plicsFactor = lognormal(rng, 0.25) * (1 + 0.08 * Math.max(0, los - 3));
        // A long stay is sometimes two consultant episodes: each is its own row, both in the same spell.
        LocalDate[] bounds = los >= 8 && rng.nextDouble() < 0.25
                ? new LocalDate[] {admitted, admitted.plusDays(los / 2), discharge}
                : new LocalDate[] {admitted, discharge};
        for (int e = 0; e + 1 < bounds.length; e++) {
            LocalDate start = bounds[e];
            LocalDate end = bounds[e + 1];
            YearMonth period = YearMonth.from(end);
            if (period.isBefore(settings.firstMonth())) {
                continue; // the spell's first episode ended before the extract window
            }
            int bedDays = (int) ChronoUnit.DAYS.between(start, end);
            String[] row = personColumns(p, provider, Feed.APC);
            row[6] = nextId(provider, "APC");
            row[7] = spell;
            row[8] = admitted.toString();
            row[9] = discharge.toString();
            row[10] = start.toString();
            row[11] = end.toString();
            row[12] = method;
            row[13] = pod.name();
            row[14] = hrg.code;
            row[15] = hrg.diagnosis;
            row[16] = secondary.toString();
            row[17] = Integer.toString(bedDays);
            double share = bounds.length == 2 ? 1 : (double) Math.max(1, bedDays) / Math.max(1, los);
            emit(p, rng, provider, Feed.APC, period, row, 18, unit, plicsFactor * share, bedDays);
        }
    }

    private Hrg nonElectiveHrg(SyntheticPerson p, SplittableRandom rng, int age) {
        List<Hrg> options = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        add(options, weights, new Hrg("DZ11K", "J18.9", false), 1);
        add(options, weights, new Hrg("EB12C", "R07.4", false), 1.5);
        add(options, weights, new Hrg("LA04K", "N39.0", false), p.careHome != null ? 2.7 : 0.7);
        add(options, weights, new Hrg("WH07G", "S09.9", true), p.careHome != null ? 2.2 : age >= 75 ? 1.0 : 0.5);
        add(options, weights, new Hrg("HE11A", "S72.0", true), p.careHome != null ? 1.0 : age >= 75 ? 0.3 : 0.02);
        if (p.has(Condition.COPD)) {
            add(options, weights, new Hrg("DZ65K", "J44.1", false), 3);
        }
        if (p.has(Condition.HEART_FAILURE)) {
            add(options, weights, new Hrg("EB03E", "I50.0", false), 3);
        }
        if (p.has(Condition.DIABETES)) {
            add(options, weights, new Hrg("KB02K", "E11.6", false), 1.5);
        }
        if (p.has(Condition.DEMENTIA)) {
            add(options, weights, new Hrg("WD22Z", "F05.1", false), 1.5);
        }
        return options.get(SyntheticIcsGenerator.pick(rng, weights.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private static <T> void add(List<T> options, List<Double> weights, T option, double weight) {
        options.add(option);
        weights.add(weight);
    }

    private void outpatient(SyntheticPerson p, SplittableRandom rng, YearMonth month) {
        double draw = rng.nextDouble();
        String pod = draw < 0.35 ? "OPFA" : draw < 0.9 ? "OPFUP" : "OPPROC";
        String hrg = switch (pod) {
            case "OPFA" -> "WF01B";
            case "OPFUP" -> "WF01A";
            default -> "WF01D";
        };
        boolean remote = rng.nextDouble() < 0.2;
        String first = pod.equals("OPFA") ? (remote ? "3" : "1") : (remote ? "4" : "2");
        String function = p.has(Condition.COPD) && rng.nextBoolean() ? "340"
                : p.has(Condition.HEART_FAILURE) && rng.nextBoolean() ? "320"
                : p.has(Condition.DIABETES) && rng.nextBoolean() ? "307"
                : pickCode(rng, "100", 0.15, "101", 0.1, "110", 0.15, "120", 0.08, "130", 0.12, "300", 0.1, "330", 0.08,
                        "400", 0.07, "410", 0.05, "502", 0.1);
        String[] row = personColumns(p, p.homeAcute, Feed.OP);
        row[6] = nextId(p.homeAcute, "OP");
        row[7] = month.atDay(1 + rng.nextInt(month.lengthOfMonth())).toString();
        row[8] = function;
        row[9] = first;
        row[10] = rng.nextDouble() < 0.93 ? "5" : "6";
        row[11] = pod;
        row[12] = hrg;
        row[13] = rng.nextDouble() < 0.7 ? "" : firstConditionCode(p).orElse("Z09.8");
        emit(p, rng, p.homeAcute, Feed.OP, month, row, 14, unitCost(Feed.OP, pod, hrg), lognormal(rng, 0.2), 0);
    }

    private void emergency(SyntheticPerson p, SplittableRandom rng, YearMonth month, int age) {
        boolean minor = rng.nextDouble() < 0.2;
        String hrg = minor ? (rng.nextBoolean() ? "VB11Z" : "VB09Z") : pickCode(rng, "VB01Z", 0.15, "VB03Z", 0.3, "VB06Z", 0.3, "VB08Z", 0.25);
        String diagnosis;
        String secondary = "";
        String complaint;
        double draw = rng.nextDouble();
        double fallShare = p.careHome != null ? 0.35 : age >= 75 ? 0.2 : 0.05;
        double utiShare = p.careHome != null ? 0.2 : age >= 75 ? 0.05 : 0.02;
        if (draw < fallShare) {
            diagnosis = rng.nextBoolean() ? "S00.9" : "T14.9";
            secondary = "W19X";
            complaint = "fall, \"found on floor\"";
        } else if (draw < fallShare + utiShare) {
            diagnosis = "N39.0";
            complaint = "confusion, fever";
        } else {
            diagnosis = pickCode(rng, "R07.4", 0.25, "R10.4", 0.2, "J18.9", 0.1, "S61.9", 0.15, "S93.4", 0.15, "R55", 0.1, "T78.4", 0.05);
            complaint = rng.nextDouble() < 0.01 ? "pain after fall\nleft wrist" : rng.nextDouble() < 0.002 ? "=HYPERLINK(\"x\")" : "unwell";
        }
        String[] row = personColumns(p, p.homeAcute, Feed.ED);
        row[6] = nextId(p.homeAcute, "ED");
        row[7] = month.atDay(1 + rng.nextInt(month.lengthOfMonth())).toString();
        row[8] = rng.nextDouble() < (p.careHome != null || age >= 80 ? 0.6 : 0.22) ? "1" : "2";
        row[9] = minor ? "03" : "01";
        row[10] = "AE";
        row[11] = hrg;
        row[12] = diagnosis;
        row[13] = secondary;
        row[14] = complaint;
        emit(p, rng, p.homeAcute, Feed.ED, month, row, 15, unitCost(Feed.ED, "AE", hrg), lognormal(rng, 0.2), 0);
    }

    private void ambulance(SyntheticPerson p, SplittableRandom rng, YearMonth month) {
        String provider = submitterOf.get(Feed.AMBULANCE);
        if (provider == null) {
            return;
        }
        String outcome = pickCode(rng, "hear_and_treat", 0.12, "see_and_treat", 0.3, "see_and_convey", 0.58);
        String[] row = personColumns(p, provider, Feed.AMBULANCE);
        row[6] = nextId(provider, "AMB");
        row[7] = month.atDay(1 + rng.nextInt(month.lengthOfMonth())).toString();
        row[8] = outcome.equals("hear_and_treat") ? "5" : pickCode(rng, "1", 0.08, "2", 0.55, "3", 0.3, "4", 0.07);
        row[9] = outcome;
        row[10] = outcome.equals("see_and_convey") && p.homeAcute != null ? p.homeAcute : "";
        String pod = switch (outcome) {
            case "hear_and_treat" -> "AMBHT";
            case "see_and_treat" -> "AMBST";
            default -> "AMBSC";
        };
        row[11] = pod;
        emit(p, rng, provider, Feed.AMBULANCE, month, row, 12, unitCost(Feed.AMBULANCE, pod, outcome), 1, 0);
    }

    private void gpAppointment(SyntheticPerson p, SplittableRandom rng, YearMonth month) {
        String submitter = submitterOf.get(Feed.GP);
        if (submitter == null) {
            return;
        }
        String role = pickCode(rng, "gp", 0.55, "nurse", 0.25, "pharmacist", 0.08, "other", 0.12);
        String mode = p.careHome != null && rng.nextDouble() < 0.5 ? "home_visit"
                : pickCode(rng, "face_to_face", 0.6, "telephone", 0.32, "video", 0.05, "home_visit", 0.03);
        String[] row = personColumns(p, p.practice, Feed.GP);
        row[6] = nextId(p.practice, "GP");
        row[7] = month.atDay(1 + rng.nextInt(month.lengthOfMonth())).toString();
        row[8] = mode;
        row[9] = role;
        row[10] = Integer.toString(5 + rng.nextInt(26));
        row[11] = "GPAPP";
        emit(p, rng, submitter, Feed.GP, month, row, 12, unitCost(Feed.GP, "GPAPP", role), 1, 0);
    }

    private void communityContact(SyntheticPerson p, SplittableRandom rng, YearMonth month, int age) {
        String provider = submitterOf.get(Feed.COMMUNITY);
        if (provider == null) {
            return;
        }
        String service = age >= 65
                ? pickCode(rng, "district_nursing", 0.4, "community_matron", 0.1, "physiotherapy", 0.14, "occupational_therapy", 0.1,
                        "podiatry", 0.14, "falls_service", p.careHome != null ? 0.12 : 0.04, "rapid_response", 0.05, "intermediate_care", 0.03)
                : pickCode(rng, "physiotherapy", 0.45, "podiatry", 0.2, "speech_and_language", age < 18 ? 0.25 : 0.03,
                        "occupational_therapy", 0.1, "district_nursing", 0.1);
        String location = p.careHome != null ? "care_home"
                : service.equals("district_nursing") || service.equals("community_matron") || service.equals("rapid_response") ? "home"
                : rng.nextDouble() < 0.85 ? "clinic" : "remote";
        String[] row = personColumns(p, provider, Feed.COMMUNITY);
        row[6] = nextId(provider, "COM");
        row[7] = month.atDay(1 + rng.nextInt(month.lengthOfMonth())).toString();
        row[8] = service;
        row[9] = location;
        row[10] = Integer.toString(15 + 5 * rng.nextInt(16));
        row[11] = "COM";
        emit(p, rng, provider, Feed.COMMUNITY, month, row, 12, unitCost(Feed.COMMUNITY, "COM", service), lognormal(rng, 0.2), 0);
    }

    private void mentalHealth(SyntheticPerson p, SplittableRandom rng, YearMonth month, int age) {
        String provider = submitterOf.get(Feed.MENTAL_HEALTH);
        // Whether someone is known to mental health services is fixed per person, not drawn monthly.
        SplittableRandom fixed = new SplittableRandom(settings.seed() + 31L * p.index);
        boolean depression = p.has(Condition.DEPRESSION) && fixed.nextDouble() < 0.4;
        boolean dementia = p.has(Condition.DEMENTIA) && fixed.nextDouble() < 0.5;
        boolean psychosis = fixed.nextDouble() < 0.006;
        if (provider == null || !(depression || dementia || psychosis)) {
            return;
        }
        for (int n = poisson(rng, 5.0 / 12); n > 0; n--) {
            String service = dementia ? (rng.nextDouble() < 0.6 ? "memory_service" : "community_mh_team")
                    : depression ? pickCode(rng, "talking_therapies", 0.6, "community_mh_team", 0.3, "crisis", 0.1)
                    : pickCode(rng, "community_mh_team", 0.7, "crisis", 0.3);
            String day = month.atDay(1 + rng.nextInt(month.lengthOfMonth())).toString();
            String[] row = personColumns(p, provider, Feed.MENTAL_HEALTH);
            row[6] = nextId(provider, "MHC");
            row[7] = "contact";
            row[8] = day;
            row[9] = day;
            row[10] = service;
            row[11] = diagnosisForMentalHealth(dementia, depression);
            row[12] = "0";
            row[13] = "MHCON";
            emit(p, rng, provider, Feed.MENTAL_HEALTH, month, row, 14, unitCost(Feed.MENTAL_HEALTH, "MHCON", service), lognormal(rng, 0.2), 0);
        }
        // Inpatient stays: one row per month of the stay, all sharing the stay's identifier.
        if (rng.nextDouble() < (psychosis ? 0.02 : 0.002) * Math.min(p.frailty, 5)) {
            String service = age >= 65 ? "inpatient_older_adult" : "inpatient_adult";
            String stay = nextId(provider, "MHS");
            LocalDate start = month.atDay(1 + rng.nextInt(month.lengthOfMonth()));
            LocalDate end = start.plusDays(10 + rng.nextInt(50));
            LocalDate lastDay = settings.lastMonth().atEndOfMonth();
            UnitCost unit = unitCost(Feed.MENTAL_HEALTH, "MHIP", service);
            for (LocalDate from = start; !from.isAfter(end) && !from.isAfter(lastDay); from = from.withDayOfMonth(1).plusMonths(1)) {
                LocalDate to = end.isBefore(YearMonth.from(from).atEndOfMonth()) ? end : YearMonth.from(from).atEndOfMonth();
                int bedDays = (int) ChronoUnit.DAYS.between(from, to) + 1;
                String[] row = personColumns(p, provider, Feed.MENTAL_HEALTH);
                row[6] = stay;
                row[7] = "inpatient";
                row[8] = from.toString();
                row[9] = to.toString();
                row[10] = service;
                row[11] = diagnosisForMentalHealth(dementia, depression);
                row[12] = Integer.toString(bedDays);
                row[13] = "MHIP";
                emit(p, rng, provider, Feed.MENTAL_HEALTH, YearMonth.from(from), row, 14, unit, 1, bedDays);
            }
        }
    }

    private static String diagnosisForMentalHealth(boolean dementia, boolean depression) {
        return dementia ? "F03" : depression ? "F32.9" : "F20.9";
    }

    /** Care-home placements run all through the window; some frail people at home have a home care package for a while. */
    private void socialCare(SyntheticPerson p, SplittableRandom rng, YearMonth month, int monthIndex) {
        if (socialCare.isEmpty()) {
            return;
        }
        String authority = p.place != null && p.place.equals(config.places().getLast().code()) ? socialCare.getLast() : socialCare.getFirst();
        SplittableRandom fixed = new SplittableRandom(settings.seed() - 977L * p.index);
        String type;
        String home = "";
        BigDecimal weekly;
        if (p.careHome != null) {
            boolean nursing = fixed.nextDouble() < 0.4;
            type = nursing ? "nursing_care" : "residential_care";
            home = p.careHome.cqcLocationId();
            weekly = pounds((nursing ? 1050 : 850) * (0.85 + 0.3 * fixed.nextDouble()));
        } else {
            int startMonth = fixed.nextInt(settings.months());
            int length = 2 + fixed.nextInt(10);
            boolean eligible = p.ageOn(month.atDay(1)) >= 75 && p.frailty > 3 && fixed.nextDouble() < 0.35;
            if (!eligible || monthIndex < startMonth || monthIndex >= startMonth + length) {
                return;
            }
            type = "home_care";
            weekly = pounds(150 + 300 * fixed.nextDouble());
        }
        LocalDate from = month.atDay(1);
        LocalDate to = month.atEndOfMonth();
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        String id = authority + "-PKG-" + p.index;
        String[] row = personColumns(p, authority, Feed.SOCIAL_CARE);
        row[6] = id;
        row[7] = type;
        row[8] = home;
        row[9] = from.toString();
        row[10] = to.toString();
        row[11] = weekly.toPlainString();
        row[12] = home.isEmpty() ? "ASCCOM" : "ASCRES";
        long cost = Money.pence(UnitCosts.weeklyCostFor(weekly, days));
        write(p, rng, authority, Feed.SOCIAL_CARE, month, row, cost, true, 0);
    }

    void writeOptOutList(List<String> nhsNumbers) {
        String provider = submitterOf.get(Feed.OPT_OUT);
        if (provider == null) {
            return;
        }
        ExtractFile file = files.file(provider, Feed.OPT_OUT, settings.lastMonth());
        SplittableRandom rng = new SplittableRandom(settings.seed() + 4242);
        for (String number : nhsNumbers) {
            String written = rng.nextDouble() < 0.1 ? spaced(number) : number;
            int record = file.write(new String[] {written}, false);
            truth.row(file.relativePath, record, Feed.OPT_OUT.id(), provider, settings.lastMonth().toString(), "", -1, 0, false, 0, Defect.NONE);
            summary.countRow(Feed.OPT_OUT, provider, 0, Defect.NONE);
        }
    }

    // ---- shared row mechanics ----

    /** A row of the feed's canonical width with the person columns and provider filled in. */
    private String[] personColumns(SyntheticPerson p, String provider, Feed feed) {
        String[] row = new String[feed.definition().columns().size()];
        java.util.Arrays.fill(row, "");
        row[0] = SPACED_NHS_NUMBERS.contains(provider) ? spaced(p.nhsNumber) : p.nhsNumber;
        row[1] = p.dateOfBirth.toString();
        row[2] = p.sex;
        row[3] = p.postcode;
        row[4] = p.practice;
        row[5] = provider;
        return row;
    }

    /** Prices the row (PLICS where the provider supplies it, else the reference unit cost) and writes it. */
    private void emit(SyntheticPerson p, SplittableRandom rng, String provider, Feed feed, YearMonth period, String[] row, int costIndex,
                      UnitCost unit, double plicsFactor, int bedDays) {
        String submitter = feed == Feed.GP ? submitterOf.get(Feed.GP) : provider;
        long reference = Money.pence(unitCosts.costOf(unit, bedDays));
        boolean supplied = PLICS.contains(provider + "/" + feed.id());
        long cost = supplied ? Math.max(1, Math.round(reference * plicsFactor)) : reference;
        if (supplied) {
            row[costIndex] = Money.pounds(cost);
        }
        write(p, rng, submitter, feed, period, row, cost, supplied, bedDays);
    }

    private void write(SyntheticPerson p, SplittableRandom rng, String submitter, Feed feed, YearMonth period, String[] row, long cost,
                       boolean supplied, int bedDays) {
        Defect defect = drawDefect(rng);
        switch (defect) {
            case INVALID_NHS_NUMBER -> row[0] = invalidNhsNumber(p.nhsNumber, rng);
            case MISSING_NHS_NUMBER -> row[0] = "";
            case IMPOSSIBLE_DATE -> row[feed.definition().indexOf(feed.definition().periodDateColumn())] = impossibleDate(period);
            case UNKNOWN_PRACTICE -> row[4] = unknownPractice(rng);
            default -> {
            }
        }
        ExtractFile file = files.file(submitter, feed, period);
        int record = file.write(row, defect == Defect.MALFORMED_ROW);
        String activityId = row[6];
        // Of a duplicated pair, the first line is the original (clean); only the repeat is the defect.
        Defect original = defect == Defect.DUPLICATE_ROW ? Defect.NONE : defect;
        truth.row(file.relativePath, record, feed.id(), submitter, period.toString(), activityId, p.index, cost, supplied, bedDays, original);
        summary.countRow(feed, submitter, cost, original);
        if (defect == Defect.DUPLICATE_ROW) {
            int copy = file.repeatLast();
            // The copy is the duplicate: it carries no cost of its own.
            truth.row(file.relativePath, copy, feed.id(), submitter, period.toString(), activityId, p.index, 0, supplied, bedDays,
                    Defect.DUPLICATE_ROW);
            summary.countRow(feed, submitter, 0, Defect.DUPLICATE_ROW);
        }
    }

    private Defect drawDefect(SplittableRandom rng) {
        GeneratorSettings.DefectRates d = settings.defects();
        double r = rng.nextDouble();
        if ((r -= d.invalidNhsNumber()) < 0) {
            return Defect.INVALID_NHS_NUMBER;
        }
        if ((r -= d.missingNhsNumber()) < 0) {
            return Defect.MISSING_NHS_NUMBER;
        }
        if ((r -= d.impossibleDate()) < 0) {
            return Defect.IMPOSSIBLE_DATE;
        }
        if ((r -= d.unknownPractice()) < 0) {
            return Defect.UNKNOWN_PRACTICE;
        }
        if ((r -= d.malformedRow()) < 0) {
            return Defect.MALFORMED_ROW;
        }
        if ((r -= d.duplicateRow()) < 0) {
            return Defect.DUPLICATE_ROW;
        }
        return Defect.NONE;
    }

    private static String invalidNhsNumber(String valid, SplittableRandom rng) {
        if (rng.nextDouble() < 0.2) {
            return valid.substring(0, 9); // a digit short
        }
        int last = valid.charAt(9) - '0';
        return valid.substring(0, 9) + (last + 1 + rng.nextInt(9)) % 10;
    }

    private static String impossibleDate(YearMonth period) {
        int day = period.lengthOfMonth() + 1;
        return String.format("%s-%02d", period, day);
    }

    private String unknownPractice(SplittableRandom rng) {
        while (true) {
            String code = "Z" + String.format("%05d", rng.nextInt(100_000));
            if (!nationalPractices.contains(code)) {
                return code;
            }
        }
    }

    private String nextId(String provider, String kind) {
        String key = provider + "-" + kind;
        long n = nextId.merge(key, 1L, Long::sum);
        return key + "-" + String.format("%09d", n);
    }

    private UnitCost unitCost(Feed feed, String pod, String code) {
        return unitCosts.find(feed, pod, code).orElseThrow(() -> new IllegalStateException(
                "the generator drew " + feed + "/" + pod + "/" + code + ", which has no reference unit cost"));
    }

    private static Optional<String> firstConditionCode(SyntheticPerson p) {
        for (Condition c : Condition.values()) {
            if (p.has(c)) {
                return Optional.of(c.icd10());
            }
        }
        return Optional.empty();
    }

    private static String spaced(String number) {
        return number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6);
    }

    private static BigDecimal pounds(double value) {
        return BigDecimal.valueOf(Math.round(value * 100), 2);
    }

    private static double lognormal(SplittableRandom rng, double sigma) {
        return Math.exp(rng.nextGaussian() * sigma - sigma * sigma / 2);
    }

    private static int poisson(SplittableRandom rng, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double product = rng.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            n++;
        }
        return n;
    }

    private static String pickCode(SplittableRandom rng, Object... codeThenWeight) {
        double total = 0;
        for (int i = 1; i < codeThenWeight.length; i += 2) {
            total += (Double) codeThenWeight[i];
        }
        double r = rng.nextDouble() * total;
        for (int i = 0; i < codeThenWeight.length; i += 2) {
            r -= (Double) codeThenWeight[i + 1];
            if (r < 0) {
                return (String) codeThenWeight[i];
            }
        }
        return (String) codeThenWeight[codeThenWeight.length - 2];
    }
}
