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
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfig.ColumnMapping;
import org.icsmap.domain.feed.Feed;

/**
 * The providers' monthly extract files, opened as rows first arrive for them. Each file's style
 * (delimiter, BOM, line ending, gzip, column layout) is decided from the seed and its name alone, so
 * the bytes do not depend on the order files are opened in.
 */
final class ExtractFiles implements Closeable {

    /** Providers whose systems export pipe-delimited files. */
    private static final List<String> PIPE_DELIMITED = List.of("830", "831");
    /** Providers that gzip their extracts. */
    private static final List<String> GZIPPED = List.of("RX9");

    private final Path root;
    private final IcsConfig config;
    private final GeneratorSettings settings;
    private final Map<String, ExtractFile> open = new TreeMap<>();

    ExtractFiles(Path root, IcsConfig config, GeneratorSettings settings) {
        this.root = root;
        this.config = config;
        this.settings = settings;
    }

    ExtractFile file(String provider, Feed feed, YearMonth period) {
        String name = provider + "/" + feed.id() + "_" + period + (GZIPPED.contains(provider) ? ".csv.gz" : ".csv");
        return open.computeIfAbsent(name, n -> openFile(n, provider, feed, period));
    }

    List<ExtractFile> files() {
        List<ExtractFile> files = new ArrayList<>(open.values());
        files.sort(Comparator.comparing(f -> f.relativePath));
        return files;
    }

    private ExtractFile openFile(String name, String provider, Feed feed, YearMonth period) {
        SplittableRandom style = new SplittableRandom(settings.seed() * 31 + name.hashCode());
        boolean bom = style.nextDouble() < settings.defects().bomFile();
        boolean crlf = style.nextDouble() < settings.defects().crlfFile();
        char delimiter = PIPE_DELIMITED.contains(provider) ? '|' : ',';
        ColumnMapping mapping = config.provider(provider).flatMap(p -> p.columnMapping(feed)).orElse(null);
        try {
            Path path = root.resolve(name);
            Files.createDirectories(path.getParent());
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            if (name.endsWith(".gz")) {
                out = new GZIPOutputStream(out, 1 << 16);
            }
            return new ExtractFile(name, provider, feed, period, new OutputStreamWriter(out, StandardCharsets.UTF_8), delimiter,
                    crlf ? "\r\n" : "\n", bom, mapping);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (ExtractFile file : open.values()) {
            file.writer.close();
        }
    }

    /** One extract file being written. */
    static final class ExtractFile {
        final String relativePath;
        final String provider;
        final Feed feed;
        final YearMonth period;
        final char delimiter;
        final String newline;
        final boolean bom;
        final boolean mappedLayout;
        private final Writer writer;
        /** Position in the file of each canonical column (a mapped layout orders columns its own way). */
        private final int[] order;
        private final StringBuilder line = new StringBuilder(512);
        private int records;

        ExtractFile(String relativePath, String provider, Feed feed, YearMonth period, Writer writer, char delimiter, String newline,
                    boolean bom, ColumnMapping mapping) throws IOException {
            this.relativePath = relativePath;
            this.provider = provider;
            this.feed = feed;
            this.period = period;
            this.writer = writer;
            this.delimiter = delimiter;
            this.newline = newline;
            this.bom = bom;
            this.mappedLayout = mapping != null;
            List<String> canonical = feed.definition().header();
            List<String> header = mapping == null ? canonical : mapping.providerHeader(feed);
            // A provider's own layout also has its own column order: sorted by its header names.
            Integer[] byName = new Integer[header.size()];
            for (int i = 0; i < byName.length; i++) {
                byName[i] = i;
            }
            if (mapping != null) {
                java.util.Arrays.sort(byName, Comparator.comparing(header::get));
            }
            order = new int[byName.length];
            for (int i = 0; i < byName.length; i++) {
                order[i] = byName[i];
            }
            if (bom) {
                writer.write('\uFEFF');
            }
            String[] names = new String[order.length];
            for (int i = 0; i < order.length; i++) {
                names[i] = header.get(order[i]);
            }
            writer.write(String.join(String.valueOf(delimiter), names));
            writer.write(newline);
        }

        /** Writes one row (canonical column order) and returns its record number (1-based, header excluded). */
        int write(String[] values, boolean extraField) {
            line.setLength(0);
            for (int i = 0; i < order.length; i++) {
                if (i > 0) {
                    line.append(delimiter);
                }
                appendField(values[order[i]]);
            }
            if (extraField) {
                line.append(delimiter).append("EXTRA");
            }
            line.append(newline);
            return writeLine();
        }

        /** Writes the previous row again, byte for byte. */
        int repeatLast() {
            return writeLine();
        }

        int records() {
            return records;
        }

        private int writeLine() {
            try {
                writer.append(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ++records;
        }

        private void appendField(String value) {
            boolean quote = false;
            for (int i = 0; i < value.length() && !quote; i++) {
                char c = value.charAt(i);
                quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
            }
            if (!quote) {
                line.append(value);
                return;
            }
            line.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    line.append('"');
                }
                line.append(c);
            }
            line.append('"');
        }
    }
}
