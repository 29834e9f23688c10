package org.icsmap.domain.marts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.icsmap.domain.marts.MartDefinition.Measure;

/**
 * The shared marts (DESIGN.md, "Marts and who sees what"), each defined by its SQL file {@code marts/<name>.sql}: the
 * query, and beside it in {@code -- mart} comment lines what disclosure control needs to know, so a mart is added by
 * adding its file. Athena and Trino read the lines as the comments they are.
 *
 * <pre>
 * -- mart dimensions: place, pcn, practice        the columns that name a cell, in output order
 * -- mart group columns: place, pcn               optional: the dimensions whose cells add up to a total row
 * -- mart total column: practice                  optional: the dimension that holds TOTAL on a total row
 * -- mart parent: cost_by_pcn                     optional: the mart whose cells are this mart's group totals
 * -- mart count: patients                         then every other column, in output order: a count,
 * -- mart linked: cost to patients                a value hidden with its count,
 * -- mart derived: per_1000 from patients as …    a value recomputed from its published count by an expression,
 * -- mart public: registered_patients             or a value disclosure control never touches
 * </pre>
 */
public final class Marts {

    /** Where mart files live under {@code sql/}. */
    public static final String DIRECTORY = "marts/";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern DIRECTIVE = Pattern.compile("-- mart ([a-z ]+): (.*)");
    private static final Pattern LINKED = Pattern.compile("([a-z][a-z0-9_]*) to ([a-z][a-z0-9_]*)");
    private static final Pattern DERIVED = Pattern.compile("([a-z][a-z0-9_]*) from ([a-z][a-z0-9_]*) as (.+)");

    private Marts() {
    }

    /**
     * The marts these files define (the mart's name, its file's name without {@code .sql} → the file's text), parents
     * before the marts nested in them, otherwise by name: the order a refresh builds them in.
     */
    public static List<MartDefinition> fromFiles(Map<String, String> files) {
        Map<String, Declared> declared = new TreeMap<>();
        files.forEach((name, sql) -> declared.put(name, declare(name, sql)));
        Map<String, MartDefinition> defined = new LinkedHashMap<>();
        for (String name : declared.keySet()) {
            define(name, declared, defined, new ArrayList<>());
        }
        return List.copyOf(defined.values());
    }

    /** Defines {@code name}, its parent first; {@code defined} keeps the order they were defined in. */
    private static MartDefinition define(String name, Map<String, Declared> declared, Map<String, MartDefinition> defined, List<String> path) {
        MartDefinition done = defined.get(name);
        if (done != null) {
            return done;
        }
        if (path.contains(name)) {
            throw new IllegalArgumentException(file(name) + ": nested in itself through " + String.join(" > ", path));
        }
        path.add(name);
        Declared d = declared.get(name);
        MartDefinition mart = new MartDefinition(name, d.dimensions, d.groupColumns, d.totalColumn, d.measures);
        if (d.parent.isPresent()) {
            String parent = d.parent.get();
            if (!declared.containsKey(parent)) {
                throw new IllegalArgumentException(file(name) + ": its parent " + parent + " has no file " + file(parent));
            }
            mart = mart.within(define(parent, declared, defined, path));
        }
        defined.put(name, mart);
        return mart;
    }

    /** What one file says about its mart, its parent named but not yet resolved. */
    private record Declared(List<String> dimensions, List<String> groupColumns, Optional<String> totalColumn, List<Measure> measures,
                            Optional<String> parent) {
    }

    private static Declared declare(String name, String sql) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a mart name (lower case, digits, _): " + name);
        }
        List<String> dimensions = null;
        List<String> groupColumns = List.of();
        Optional<String> totalColumn = Optional.empty();
        Optional<String> parent = Optional.empty();
        List<Measure> measures = new ArrayList<>();
        String[] lines = sql.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("-- mart ")) {
                continue;
            }
            String where = file(name) + " line " + (i + 1);
            Matcher m = DIRECTIVE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(where + ": a mart line is '-- mart <what>: <value>'");
            }
            String value = m.group(2).strip();
            switch (m.group(1)) {
                case "dimensions" -> dimensions = names(where, value);
                case "group columns" -> groupColumns = names(where, value);
                case "total column" -> totalColumn = Optional.of(name(where, value));
                case "parent" -> parent = Optional.of(name(where, value));
                case "count" -> measures.add(Measure.count(name(where, value)));
                case "public" -> measures.add(Measure.published(name(where, value)));
                case "linked" -> {
                    Matcher linked = matches(where, LINKED, value, "'<column> to <count>'");
                    measures.add(Measure.linked(linked.group(1), linked.group(2)));
                }
                case "derived" -> {
                    Matcher derived = matches(where, DERIVED, value, "'<column> from <count> as <expression>'");
                    measures.add(Measure.derived(derived.group(1), derived.group(2), derived.group(3).strip()));
                }
                default -> throw new IllegalArgumentException(where + ": unknown mart line '" + m.group(1)
                        + "' (dimensions, group columns, total column, parent, count, linked, derived, public)");
            }
        }
        if (dimensions == null) {
            throw new IllegalArgumentException(file(name) + " has no '-- mart dimensions:' line: every mart declares its definition");
        }
        if (measures.isEmpty()) {
            throw new IllegalArgumentException(file(name) + " declares no measures ('-- mart count:', 'linked:', 'derived:', 'public:')");
        }
        return new Declared(dimensions, groupColumns, totalColumn, measures, parent);
    }

    private static Matcher matches(String where, Pattern pattern, String value, String form) {
        Matcher m = pattern.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(where + ": expected " + form);
        }
        return m;
    }

    private static List<String> names(String where, String value) {
        List<String> names = new ArrayList<>();
        for (String part : value.split(",")) {
            names.add(name(where, part.strip()));
        }
        return List.copyOf(names);
    }

    private static String name(String where, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(where + ": not a column or mart name (lower case, digits, _)");
        }
        return value;
    }

    private static String file(String name) {
        return DIRECTORY + name + ".sql";
    }
}
