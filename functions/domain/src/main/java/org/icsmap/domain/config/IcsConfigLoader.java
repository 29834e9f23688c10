package org.icsmap.domain.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.icsmap.domain.config.IcsConfig.Agreement;
import org.icsmap.domain.config.IcsConfig.CareHome;
import org.icsmap.domain.config.IcsConfig.ColumnMapping;
import org.icsmap.domain.config.IcsConfig.DisclosureControl;
import org.icsmap.domain.config.IcsConfig.GpPractice;
import org.icsmap.domain.config.IcsConfig.Pcn;
import org.icsmap.domain.config.IcsConfig.Place;
import org.icsmap.domain.config.IcsConfig.Provider;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.reference.NationalPracticeList;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads and checks an ICS config file. YAML is composed to a node tree (not bound by reflection) so
 * that every problem can name its file, line, column and field; all problems are collected before
 * failing, so one run of the loader lists everything to fix.
 */
public final class IcsConfigLoader {

    static final Pattern ICS_CODE = Pattern.compile("[A-Z0-9]{3,5}");
    static final Pattern ORGANISATION_ODS = Pattern.compile("[A-Z0-9]{3,6}");
    static final Pattern PRACTICE_ODS = Pattern.compile("[A-Z][0-9]{5}");
    static final Pattern PLACE_CODE = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    static final Pattern PCN_CODE = Pattern.compile("U[0-9]{5}");
    static final Pattern CQC_LOCATION = Pattern.compile("1-[0-9]{6,11}");
    static final Pattern POSTCODE = Pattern.compile(
            "(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW]) [0-9][ABD-HJLNP-UW-Z]{2})");
    static final Pattern AGREEMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private static final List<String> TOP_LEVEL = List.of(
            "ics", "providers", "places", "care_homes", "disclosure_control", "top_n", "retention_days", "agreements");

    private final NationalPracticeList nationalPractices;

    public IcsConfigLoader() {
        this(NationalPracticeList.shipped());
    }

    public IcsConfigLoader(NationalPracticeList nationalPractices) {
        this.nationalPractices = nationalPractices;
    }

    public IcsConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file.toString(), 0, 0, "",
                    "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")));
        }
        return parse(file.toString(), text);
    }

    /** Parses config text; {@code fileName} is used only in problem messages. */
    public IcsConfig parse(String fileName, String text) {
        return new Run(fileName).config(text);
    }

    /** One load: the file name and the problems found so far. */
    private final class Run {
        private final String file;
        private final List<ConfigProblem> problems = new ArrayList<>();
        /** Every provider ODS code seen, even of providers with other problems, so agreements can refer to them. */
        private final Set<String> providerCodes = new LinkedHashSet<>();

        Run(String file) {
            this.file = file;
        }

        IcsConfig config(String text) {
            Node root = compose(text);
            if (root == null) {
                throw new InvalidConfigException(problems);
            }
            Fields top = fields(root, "", TOP_LEVEL);
            if (top == null) {
                throw new InvalidConfigException(problems);
            }
            String code = null;
            String name = null;
            Fields ics = top.requiredMapping("ics", List.of("code", "name"));
            if (ics != null) {
                code = ics.requiredString("code", ICS_CODE, "an ICS (ICB) ODS code of 3 to 5 capital letters or digits, e.g. QJ2");
                name = ics.requiredString("name", null, null);
            }
            List<Provider> providers = providers(top);
            List<Place> places = places(top);
            List<CareHome> careHomes = careHomes(top);
            DisclosureControl disclosure = disclosureControl(top);
            int topN = top.optionalInt("top_n", 1, 1000).orElse(IcsConfig.DEFAULT_TOP_N);
            Map<Zone, Integer> retention = retention(top);
            List<Agreement> agreements = agreements(top);
            crossCheck(top, providers, places, agreements);
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
                throw new InvalidConfigException(problems);
            }
            return new IcsConfig(code, name, providers, places, careHomes, disclosure, topN, retention, agreements);
        }

        private Node compose(String text) {
            if (text.isBlank()) {
                problems.add(new ConfigProblem(file, 0, 0, "", "the file is empty; an ICS config needs at least ics, providers, places and agreements"));
                return null;
            }
            try {
                LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
                Reader reader = new StringReader(text);
                Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader)));
                Optional<Node> node = composer.getSingleNode();
                if (node.isEmpty()) {
                    problems.add(new ConfigProblem(file, 0, 0, "", "the file holds no YAML document"));
                    return null;
                }
                return node.get();
            } catch (MarkedYamlEngineException e) {
                Optional<Mark> mark = e.getProblemMark();
                problems.add(new ConfigProblem(file, mark.map(m -> m.getLine() + 1).orElse(0), mark.map(m -> m.getColumn() + 1).orElse(0), "",
                        "not valid YAML: " + e.getProblem()));
                return null;
            } catch (YamlEngineException e) {
                problems.add(new ConfigProblem(file, 0, 0, "", "not valid YAML: " + e.getMessage()));
                return null;
            }
        }

        private List<Provider> providers(Fields top) {
            List<Provider> providers = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Item item : top.requiredList("providers", true)) {
                Fields p = fields(item.node, item.path, List.of("ods", "name", "kind", "feeds", "column_mappings"));
                if (p == null) {
                    continue;
                }
                String ods = p.requiredString("ods", ORGANISATION_ODS, "an ODS code of 3 to 6 capital letters or digits, e.g. RFS");
                if (ods != null && !seen.add(ods)) {
                    p.problem("ods", "provider " + ods + " is listed twice; each ODS code appears once");
                }
                if (ods != null) {
                    providerCodes.add(ods);
                }
                String name = p.requiredString("name", null, null);
                ProviderKind kind = p.requiredEnum("kind", ProviderKind.class, "a provider kind");
                Set<Feed> feeds = p.feedSet("feeds", true);
                Map<Feed, ColumnMapping> mappings = columnMappings(p, ods, feeds);
                if (ods != null && name != null && kind != null) {
                    providers.add(new Provider(ods, name, kind, feeds, mappings));
                }
            }
            return providers;
        }

        private Map<Feed, ColumnMapping> columnMappings(Fields provider, String ods, Set<Feed> feeds) {
            Map<Feed, ColumnMapping> mappings = new EnumMap<>(Feed.class);
            Fields byFeed = provider.optionalMapping("column_mappings", null);
            if (byFeed == null) {
                return mappings;
            }
            for (Map.Entry<String, NodeTuple> entry : byFeed.entries.entrySet()) {
                String feedId = entry.getKey();
                String path = byFeed.path + "." + feedId;
                Optional<Feed> feed = Feed.fromId(feedId);
                if (feed.isEmpty()) {
                    problem(entry.getValue().getKeyNode(), path, "'" + feedId + "' is not a feed; allowed: " + Feed.allowedIds());
                    continue;
                }
                if (!feeds.contains(feed.get())) {
                    problem(entry.getValue().getKeyNode(), path, "provider " + ods + " maps feed " + feedId
                            + " but does not list it in feeds; add it to feeds or remove the mapping");
                }
                List<String> canonical = feed.get().definition().header();
                Fields columns = fields(entry.getValue().getValueNode(), path, canonical);
                if (columns == null) {
                    continue;
                }
                Map<String, String> providerColumnFor = new LinkedHashMap<>();
                Map<String, String> canonicalFor = new HashMap<>();
                for (String column : canonical) {
                    String theirs = columns.optionalString(column, Pattern.compile("[^\\s,|\"]{1,128}"),
                            "a header name without spaces, commas, pipes or quotes").orElse(column);
                    String clash = canonicalFor.put(theirs, column);
                    if (clash != null) {
                        columns.problem(column, "header '" + theirs + "' is already mapped to " + clash + "; each header maps one column");
                    }
                    providerColumnFor.put(column, theirs);
                }
                mappings.put(feed.get(), new ColumnMapping(providerColumnFor));
            }
            return mappings;
        }

        private List<Place> places(Fields top) {
            List<Place> places = new ArrayList<>();
            Set<String> placeCodes = new HashSet<>();
            Set<String> pcnCodes = new HashSet<>();
            Set<String> practiceCodes = new HashSet<>();
            for (Item item : top.requiredList("places", true)) {
                Fields place = fields(item.node, item.path, List.of("code", "name", "pcns"));
                if (place == null) {
                    continue;
                }
                String code = place.requiredString("code", PLACE_CODE, "lower-case letters, digits and _ (starting with a letter), e.g. chesterfield");
                if (code != null && !placeCodes.add(code)) {
                    place.problem("code", "place " + code + " is listed twice");
                }
                String name = place.requiredString("name", null, null);
                List<Pcn> pcns = new ArrayList<>();
                for (Item pcnItem : place.requiredList("pcns", true)) {
                    Fields pcn = fields(pcnItem.node, pcnItem.path, List.of("code", "name", "practices"));
                    if (pcn == null) {
                        continue;
                    }
                    String pcnCode = pcn.requiredString("code", PCN_CODE, "a PCN ODS code: U and five digits, e.g. U12345");
                    if (pcnCode != null && !pcnCodes.add(pcnCode)) {
                        pcn.problem("code", "PCN " + pcnCode + " is listed twice");
                    }
                    String pcnName = pcn.requiredString("name", null, null);
                    List<GpPractice> practices = new ArrayList<>();
                    for (Item practiceItem : pcn.requiredList("practices", true)) {
                        GpPractice practice = practice(practiceItem, practiceCodes);
                        if (practice != null) {
                            practices.add(practice);
                        }
                    }
                    pcns.add(new Pcn(pcnCode, pcnName, practices));
                }
                places.add(new Place(code, name, pcns));
            }
            return places;
        }

        private GpPractice practice(Item item, Set<String> practiceCodes) {
            Fields p = fields(item.node, item.path, List.of("ods", "name", "postcode", "list_size"));
            if (p == null) {
                return null;
            }
            String ods = p.requiredString("ods", PRACTICE_ODS, "a GP practice ODS code: a letter and five digits, e.g. C81001");
            if (ods != null) {
                if (!practiceCodes.add(ods)) {
                    p.problem("ods", "practice " + ods + " is listed twice (a practice belongs to one PCN)");
                } else if (!nationalPractices.contains(ods)) {
                    p.problem("ods", ods + " is not a GP practice in the national list (ODS epraccur); check the code");
                }
            }
            String name = p.requiredString("name", null, null);
            String postcode = p.requiredString("postcode", POSTCODE, "a UK postcode in capitals with its space, e.g. S40 4TF");
            Integer listSize = p.requiredInt("list_size", 1, 200_000);
            return ods == null || name == null || postcode == null || listSize == null ? null : new GpPractice(ods, name, postcode, listSize);
        }

        private List<CareHome> careHomes(Fields top) {
            List<CareHome> homes = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Item item : top.optionalList("care_homes")) {
                Fields h = fields(item.node, item.path, List.of("cqc_location_id", "name", "postcode", "beds"));
                if (h == null) {
                    continue;
                }
                String id = h.requiredString("cqc_location_id", CQC_LOCATION, "a CQC location id: 1- and 6 to 11 digits, e.g. 1-123456789");
                if (id != null && !seen.add(id)) {
                    h.problem("cqc_location_id", "care home " + id + " is listed twice");
                }
                String name = h.requiredString("name", null, null);
                String postcode = h.requiredString("postcode", POSTCODE, "a UK postcode in capitals with its space, e.g. S40 4TF");
                Integer beds = h.requiredInt("beds", 1, 1000);
                if (id != null && name != null && postcode != null && beds != null) {
                    homes.add(new CareHome(id, name, postcode, beds));
                }
            }
            return homes;
        }

        private DisclosureControl disclosureControl(Fields top) {
            Fields dc = top.optionalMapping("disclosure_control", List.of("suppress_at_or_below", "round_to"));
            if (dc == null) {
                return DisclosureControl.DEFAULT;
            }
            int suppress = dc.optionalInt("suppress_at_or_below", 0, 100).orElse(DisclosureControl.DEFAULT.suppressAtOrBelow());
            int round = dc.optionalInt("round_to", 1, 100).orElse(DisclosureControl.DEFAULT.roundTo());
            return new DisclosureControl(suppress, round);
        }

        private Map<Zone, Integer> retention(Fields top) {
            Map<Zone, Integer> days = new EnumMap<>(IcsConfig.DEFAULT_RETENTION_DAYS);
            List<String> zones = Arrays.stream(Zone.values()).map(z -> z.name().toLowerCase(Locale.ROOT)).toList();
            Fields retention = top.optionalMapping("retention_days", zones);
            if (retention != null) {
                for (Zone zone : Zone.values()) {
                    retention.optionalInt(zone.name().toLowerCase(Locale.ROOT), 1, 36_500).ifPresent(d -> days.put(zone, d));
                }
            }
            return days;
        }

        private List<Agreement> agreements(Fields top) {
            List<Agreement> agreements = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Item item : top.requiredList("agreements", true)) {
                Fields a = fields(item.node, item.path, List.of("id", "title", "purpose", "providers", "feeds", "recipients"));
                if (a == null) {
                    continue;
                }
                String id = a.requiredString("id", AGREEMENT_ID, "letters, digits, '.', '_' and '-', e.g. DSA-2026-01");
                if (id != null && !ids.add(id)) {
                    a.problem("id", "agreement " + id + " is listed twice");
                }
                String title = a.optionalString("title", null, null).orElse(id);
                Purpose purpose = a.requiredEnum("purpose", Purpose.class, "a purpose");
                Set<String> senders = agreementProviders(a);
                Set<Feed> feeds = a.feedSet("feeds", true);
                Set<RecipientRole> recipients = a.enumSet("recipients", RecipientRole.class, "a recipient role");
                if (id != null && purpose != null && senders != null) {
                    agreements.add(new Agreement(id, title, purpose, senders, feeds, recipients));
                }
            }
            return agreements;
        }

        /** The providers an agreement covers: a list of ODS codes, or {@code all} (returned as the empty set). */
        private Set<String> agreementProviders(Fields a) {
            Set<String> known = providerCodes;
            NodeTuple tuple = a.entries.get("providers");
            if (tuple == null) {
                a.missing("providers", "a list of provider ODS codes, or all");
                return null;
            }
            Node node = tuple.getValueNode();
            String path = a.path + ".providers";
            if (node instanceof ScalarNode scalar && scalar.getValue().equals("all")) {
                return Set.of();
            }
            if (!(node instanceof SequenceNode sequence)) {
                problem(node, path, "expected a list of provider ODS codes, or all");
                return null;
            }
            Set<String> senders = new LinkedHashSet<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node element = sequence.getValue().get(i);
                String ods = scalar(element, path + "[" + i + "]");
                if (ods == null) {
                    continue;
                }
                if (!known.contains(ods)) {
                    problem(element, path + "[" + i + "]", "'" + ods + "' is not a provider in this config; allowed: "
                            + known.stream().sorted().collect(Collectors.joining(", ")));
                } else if (!senders.add(ods)) {
                    problem(element, path + "[" + i + "]", ods + " is listed twice");
                }
            }
            if (sequence.getValue().isEmpty()) {
                problem(node, path, "an agreement needs at least one provider (or all)");
            }
            return senders;
        }

        /** Rules between sections: every feed a provider lists flows under some agreement; no code means two things. */
        private void crossCheck(Fields top, List<Provider> providers, List<Place> places, List<Agreement> agreements) {
            if (!problems.isEmpty()) {
                return; // a broken section would only produce echoes here
            }
            for (int i = 0; i < providers.size(); i++) {
                Provider provider = providers.get(i);
                for (Feed feed : provider.feeds().stream().sorted().toList()) {
                    if (agreements.stream().noneMatch(a -> a.covers(provider.ods(), feed))) {
                        Node feedsNode = top.listItem("providers", i).entries.get("feeds").getValueNode();
                        problem(feedsNode, "providers[" + i + "].feeds", "provider " + provider.ods() + " lists feed " + feed
                                + " but no agreement covers it; add it to an agreement's feeds (and providers) or remove it");
                    }
                }
            }
            Set<String> practiceCodes = places.stream().flatMap(p -> p.pcns().stream()).flatMap(p -> p.practices().stream())
                    .map(GpPractice::ods).collect(Collectors.toSet());
            for (int i = 0; i < providers.size(); i++) {
                if (practiceCodes.contains(providers.get(i).ods())) {
                    Node odsNode = top.listItem("providers", i).entries.get("ods").getValueNode();
                    problem(odsNode, "providers[" + i + "].ods", providers.get(i).ods()
                            + " is also a GP practice under places; an ODS code names one organisation");
                }
            }
        }

        // ---- node helpers ----

        private void problem(Node node, String path, String message) {
            Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
            problems.add(new ConfigProblem(file, mark.map(m -> m.getLine() + 1).orElse(0), mark.map(m -> m.getColumn() + 1).orElse(0),
                    path, message));
        }

        private String scalar(Node node, String path) {
            if (node instanceof ScalarNode scalar) {
                String value = scalar.getValue().strip();
                if (value.isEmpty() || value.equals("~") || value.equals("null")) {
                    problem(node, path, "is empty");
                    return null;
                }
                return value;
            }
            problem(node, path, "expected a single value, found a " + kindOf(node));
            return null;
        }

        /** The mapping at {@code node}; {@code allowed} keys only (null: any key). Null (with a problem) if it is not a mapping. */
        private Fields fields(Node node, String path, List<String> allowed) {
            if (!(node instanceof MappingNode mapping)) {
                problem(node, path.isEmpty() ? "(top level)" : path, "expected a mapping of field: value, found a " + kindOf(node));
                return null;
            }
            Map<String, NodeTuple> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                String keyPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
                if (key == null) {
                    problem(tuple.getKeyNode(), path, "field names must be plain words");
                } else if (allowed != null && !allowed.contains(key)) {
                    problem(tuple.getKeyNode(), keyPath, "unknown field '" + key + "'; allowed here: " + String.join(", ", allowed));
                } else if (entries.put(key, tuple) != null) {
                    problem(tuple.getKeyNode(), keyPath, "field '" + key + "' appears twice");
                }
            }
            return new Fields(path, mapping, entries);
        }

        private static String kindOf(Node node) {
            if (node instanceof MappingNode) {
                return "mapping";
            }
            return node instanceof SequenceNode ? "list" : "single value";
        }

        private record Item(Node node, String path) {
        }

        /** One YAML mapping, at a path, with typed accessors that record problems instead of throwing. */
        private final class Fields {
            final String path;
            final MappingNode node;
            final Map<String, NodeTuple> entries;

            Fields(String path, MappingNode node, Map<String, NodeTuple> entries) {
                this.path = path;
                this.node = node;
                this.entries = entries;
            }

            String at(String key) {
                return path.isEmpty() ? key : path + "." + key;
            }

            void problem(String key, String message) {
                NodeTuple tuple = entries.get(key);
                Run.this.problem(tuple == null ? node : tuple.getValueNode(), at(key), message);
            }

            void missing(String key, String expected) {
                Run.this.problem(node, at(key), "missing required field" + (expected == null ? "" : "; expected " + expected));
            }

            Optional<String> optionalString(String key, Pattern pattern, String expected) {
                NodeTuple tuple = entries.get(key);
                if (tuple == null) {
                    return Optional.empty();
                }
                String value = scalar(tuple.getValueNode(), at(key));
                if (value != null && pattern != null && !pattern.matcher(value).matches()) {
                    problem(key, "'" + value + "' is not valid; expected " + expected);
                    return Optional.empty();
                }
                return Optional.ofNullable(value);
            }

            String requiredString(String key, Pattern pattern, String expected) {
                if (!entries.containsKey(key)) {
                    missing(key, expected);
                    return null;
                }
                return optionalString(key, pattern, expected).orElse(null);
            }

            Optional<Integer> optionalInt(String key, int min, int max) {
                NodeTuple tuple = entries.get(key);
                if (tuple == null) {
                    return Optional.empty();
                }
                String value = scalar(tuple.getValueNode(), at(key));
                if (value == null) {
                    return Optional.empty();
                }
                try {
                    int number = Integer.parseInt(value);
                    if (number >= min && number <= max) {
                        return Optional.of(number);
                    }
                    problem(key, number + " is out of range; allowed: " + min + " to " + max);
                } catch (NumberFormatException e) {
                    problem(key, "'" + value + "' is not a whole number; allowed: " + min + " to " + max);
                }
                return Optional.empty();
            }

            Integer requiredInt(String key, int min, int max) {
                if (!entries.containsKey(key)) {
                    missing(key, "a whole number from " + min + " to " + max);
                    return null;
                }
                return optionalInt(key, min, max).orElse(null);
            }

            <E extends Enum<E>> E requiredEnum(String key, Class<E> type, String what) {
                String allowed = ids(type);
                String value = requiredString(key, null, "one of " + allowed);
                return value == null ? null : enumValue(tupleValue(key), at(key), type, what, value);
            }

            <E extends Enum<E>> Set<E> enumSet(String key, Class<E> type, String what) {
                Set<E> values = EnumSet.noneOf(type);
                for (Item item : listAt(key, false, false)) {
                    String value = scalar(item.node, item.path);
                    E parsed = value == null ? null : enumValue(item.node, item.path, type, what, value);
                    if (parsed != null && !values.add(parsed)) {
                        Run.this.problem(item.node, item.path, value + " is listed twice");
                    }
                }
                return values;
            }

            Set<Feed> feedSet(String key, boolean required) {
                Set<Feed> feeds = EnumSet.noneOf(Feed.class);
                List<Item> items = listAt(key, required, required);
                for (Item item : items) {
                    String value = scalar(item.node, item.path);
                    if (value == null) {
                        continue;
                    }
                    Optional<Feed> feed = Feed.fromId(value);
                    if (feed.isEmpty()) {
                        Run.this.problem(item.node, item.path, "'" + value + "' is not a feed; allowed: " + Feed.allowedIds());
                    } else if (!feeds.add(feed.get())) {
                        Run.this.problem(item.node, item.path, value + " is listed twice");
                    }
                }
                return feeds;
            }

            Fields requiredMapping(String key, List<String> allowed) {
                if (!entries.containsKey(key)) {
                    missing(key, "a mapping with " + String.join(", ", allowed));
                    return null;
                }
                return optionalMapping(key, allowed);
            }

            Fields optionalMapping(String key, List<String> allowed) {
                NodeTuple tuple = entries.get(key);
                return tuple == null ? null : fields(tuple.getValueNode(), at(key), allowed);
            }

            List<Item> requiredList(String key, boolean nonEmpty) {
                return listAt(key, true, nonEmpty);
            }

            List<Item> optionalList(String key) {
                return listAt(key, false, false);
            }

            Fields listItem(String key, int index) {
                SequenceNode sequence = (SequenceNode) entries.get(key).getValueNode();
                return fields(sequence.getValue().get(index), at(key) + "[" + index + "]", null);
            }

            private List<Item> listAt(String key, boolean required, boolean nonEmpty) {
                NodeTuple tuple = entries.get(key);
                if (tuple == null) {
                    if (required) {
                        missing(key, "a list");
                    }
                    return List.of();
                }
                if (!(tuple.getValueNode() instanceof SequenceNode sequence)) {
                    problem(key, "expected a list, found a " + kindOf(tuple.getValueNode()));
                    return List.of();
                }
                if (nonEmpty && sequence.getValue().isEmpty()) {
                    problem(key, "the list is empty; at least one entry is needed");
                }
                List<Item> items = new ArrayList<>();
                for (int i = 0; i < sequence.getValue().size(); i++) {
                    items.add(new Item(sequence.getValue().get(i), at(key) + "[" + i + "]"));
                }
                return items;
            }

            private Node tupleValue(String key) {
                return entries.get(key).getValueNode();
            }
        }

        private <E extends Enum<E>> E enumValue(Node node, String path, Class<E> type, String what, String value) {
            Function<E, String> id = e -> e.name().toLowerCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (id.apply(constant).equals(value)) {
                    return constant;
                }
            }
            problem(node, path, "'" + value + "' is not " + what + "; allowed: " + ids(type));
            return null;
        }
    }

    private static <E extends Enum<E>> String ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
