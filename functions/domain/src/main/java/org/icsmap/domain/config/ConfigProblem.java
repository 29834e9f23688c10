package org.icsmap.domain.config;

/**
 * One thing wrong with a config file, precise enough to fix without reading the loader:
 * {@code example-ics.yaml:42:7: providers[3].kind: 'hospital' is not a provider kind; allowed: acute, …}.
 *
 * @param file    the file as it was named to the loader
 * @param line    1-based line, 0 when the problem is the whole file
 * @param column  1-based column, 0 when unknown
 * @param field   the path to the field, e.g. {@code places[2].pcns[0].practices[3].list_size}
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(String file, int line, int column, String field, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return field.isEmpty() ? where + ": " + message : where + ": " + field + ": " + message;
    }
}
