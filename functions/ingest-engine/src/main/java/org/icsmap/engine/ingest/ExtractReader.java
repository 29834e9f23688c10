package org.icsmap.engine.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.icsmap.domain.feed.ReasonCode;

/**
 * Streams one provider extract record by record, in memory bounded by the line limit whatever the
 * file's size: a char buffer of {@code maxLineLength + 128 K} characters plus four 64 KB byte buffers
 * (about 0.6 MB for the default 64 K-character limit), and the record being handed out.
 *
 * <p>What it accepts (docs/feeds.md): gzip or not (decided by the magic bytes {@code 1f 8b}, never by
 * the name); strict UTF-8 with or without a byte order mark; LF or CRLF; comma or pipe separated, the
 * header line deciding which (whichever occurs more often outside quotes; comma when neither does);
 * RFC 4180 quoting, with separators, doubled quotes and line breaks inside quoted fields.
 *
 * <p>Whole-file rejections, thrown as {@link ExtractRejectedException} when they are met (a corrupt
 * gzip or a bad byte can be far into the file, after records have been handed out):
 * <ul>
 *   <li>{@code FILE_NOT_READABLE}: a corrupt or truncated gzip, bytes that are not UTF-8 (a Latin-1
 *       {@code é}, a UTF-16 file), or a NUL character (binary content). The message says where.</li>
 *   <li>{@code FILE_EMPTY}: no bytes, only a byte order mark, or an empty first line.</li>
 *   <li>{@code FILE_HEADER_MISMATCH} for a header line that is not even well-formed (malformed
 *       quotes, longer than the line limit); matching names is {@link HeaderMatcher}'s job.</li>
 * </ul>
 *
 * <p>Row-level problems come back as records with a {@link ExtractRecord#problem() problem}, and
 * every physical line after the header ends in exactly one record, so counts reconcile:
 * <ul>
 *   <li>{@code ROW_TOO_LONG}: a physical line longer than {@code maxLineLength} characters. The reader
 *       keeps only its first {@code maxLineLength} characters and skips to the next line end
 *       (ignoring quotes), so a 2 GB line costs no memory.</li>
 *   <li>{@code ROW_MALFORMED_QUOTES}: a quote inside an unquoted field, text after a closing quote, or
 *       a quoted field that is never closed. <b>Unclosed-quote policy:</b> a quoted field may run over
 *       line breaks, but a record (line breaks included) may not be longer than {@code maxLineLength};
 *       if its quote is still open at that point or at the end of the file, or the record breaks a
 *       quoting rule on one of its later lines, only the record's <em>first physical line</em> is
 *       rejected and reading resumes on the next line. One stray quote therefore costs one line, and
 *       the lines it had swallowed are read again as records of their own (they may well be good):
 *       no row is silently lost and no line is counted twice. A quoting error on a record's first
 *       line rejects that line and resumes after it.</li>
 *   <li>{@code ROW_COLUMN_COUNT}: a well-quoted record whose field count differs from the header's
 *       (a blank line is one empty field). Its fields are kept.</li>
 * </ul>
 *
 * <p>Not thread-safe; one reader per file. {@link #close()} closes the stream it was given.
 */
public final class ExtractReader implements Closeable {

    /** Bytes read and decoded per step. */
    static final int CHUNK = 64 * 1024;
    private static final String[] NO_FIELDS = new String[0];

    private enum State {
        /** At the first character of a field. */
        FIELD_START,
        /** Inside a field that did not start with a quote. */
        UNQUOTED,
        /** Inside a quoted field. */
        QUOTED,
        /** Just read a quote inside a quoted field: it closes the field, or is the first of a doubled quote. */
        QUOTE_IN_QUOTED,
        /** A CR after a closing quote: only LF may follow. */
        CR_AFTER_QUOTE
    }

    private final InputStream in;
    private final boolean gzip;
    private final int maxLineLength;
    /** The longest stretch of one record the buffer must hold: the line limit plus a CR LF. */
    private final int bound;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK).flip();
    private long bytesRead;
    private boolean inputEnded;
    private boolean decoderFlushed;
    /** Set when the decoder met a bad byte: thrown once the characters before it have been read. */
    private long badByteOffset = -1;
    private int badByte;

    /** Decoded characters; buf[recStart, limit) is kept until the current record is finished. */
    private final char[] buf;
    private int pos;
    private int limit;
    private int recStart;
    /** Physical line of buf[pos], 1-based. */
    private long line = 1;
    private boolean unterminatedLastLine;

    private char separator = ',';
    private int width = -1;
    private ExtractHeader header;
    private long records;
    private boolean finished;

    // The record being parsed. Positions are relative to recStart, so compacting the buffer moves nothing.
    private long recLine;
    private int fieldCount;
    private int[] fieldStarts = new int[64];
    private int[] fieldEnds = new int[64];
    private boolean[] fieldEscaped = new boolean[64];
    private int fieldStart;
    private boolean escaped;
    /** Whether any field of the record needs unescaping (doubled quotes, a CRLF inside quotes). */
    private boolean anyEscaped;
    /** Relative position of the first line break inside the record (inside quotes), or -1. */
    private int firstLineEnd;

    /** Slots per column in {@link #recentValues}: a power of two. */
    private static final int RECENT_SLOTS = 64;
    /** Longer values are not looked for in {@link #recentValues}: codes and dates are short, and long values rarely repeat. */
    private static final int RECENT_MAX_LENGTH = 24;
    /** Lookups after which a column whose values hardly ever repeat (identifiers, NHS numbers) stops being looked up. */
    private static final int RECENT_TRIAL = 4096;
    /**
     * Per column, the values read recently, by a hash of their characters: most columns of an extract hold
     * codes, dates and organisation codes that repeat row after row, and handing out the same String again
     * costs a comparison instead of an allocation; it also lets the checks and the Parquet writer downstream
     * reuse that String's cached hash. Null once {@link #recentHits} shows a column does not repeat.
     */
    private String[][] recentValues;
    private int[] recentLookups;
    private int[] recentHits;

    /**
     * What {@link #nextOrSliced()} returns for a record it did not build: a well-formed, single-line record of the
     * header's width whose fields need no unescaping, left in the reader's buffer for the caller to read in place
     * ({@link #buffer()}, {@link #fieldStart}, {@link #fieldEnd}) until the next call.
     */
    public static final ExtractRecord SLICED = new ExtractRecord(0, 0, 0, "", false, List.of(), null, null);

    /** Whether the record being parsed may be left in the buffer ({@link #SLICED}). */
    private boolean slicing;
    private int slicedEnd;
    private int slicedLines;
    private long slicedNumber;

    private ExtractReader(InputStream in, boolean gzip, int maxLineLength) {
        this.in = in;
        this.gzip = gzip;
        this.maxLineLength = maxLineLength;
        this.bound = maxLineLength + 2;
        this.buf = new char[bound + 2 * CHUNK];
    }

    /**
     * Opens an extract and reads its header line.
     *
     * @param maxLineLength the feed's line limit ({@code FeedDefinition.maxLineLength()})
     */
    public static ExtractReader open(InputStream in, int maxLineLength) throws IOException, ExtractRejectedException {
        if (maxLineLength < 16) {
            throw new IllegalArgumentException("maxLineLength must be at least 16, not " + maxLineLength);
        }
        BufferedInputStream buffered = new BufferedInputStream(in, CHUNK);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = b0 < 0 ? -1 : buffered.read();
        buffered.reset();
        if (b0 == 0xFF && b1 == 0xFE || b0 == 0xFE && b1 == 0xFF) {
            throw new ExtractRejectedException(ReasonCode.FILE_NOT_READABLE,
                    "the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8");
        }
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream source = buffered;
        if (gzip) {
            try {
                source = new GZIPInputStream(buffered, CHUNK);
            } catch (ZipException | EOFException e) {
                throw new ExtractRejectedException(ReasonCode.FILE_NOT_READABLE, "the gzip header is corrupt or truncated", e);
            }
        }
        ExtractReader reader = new ExtractReader(source, gzip, maxLineLength);
        reader.readHeader();
        return reader;
    }

    public ExtractHeader header() {
        return header;
    }

    /** The next record, or null at the end of the file. */
    public ExtractRecord next() throws IOException, ExtractRejectedException {
        if (finished) {
            return null;
        }
        ExtractRecord record = parse();
        if (record == null) {
            finished = true;
        }
        return record;
    }

    /**
     * The next record, or null at the end of the file: {@link #SLICED} for a plain record (well-formed, on one line, as
     * many fields as the header, no field to unescape), which stays in the buffer until the next call, else the
     * record as {@link #next()} builds it. Ingest's hot path: most records need no String at all.
     */
    public ExtractRecord nextOrSliced() throws IOException, ExtractRejectedException {
        slicing = true;
        try {
            return next();
        } finally {
            slicing = false;
        }
    }

    /** The characters of the {@link #SLICED} record: its text is {@code buffer()[recordStart(), recordEnd())}. */
    public char[] buffer() {
        return buf;
    }

    public int recordStart() {
        return recStart;
    }

    /** Where the sliced record's text ends (its line terminator excluded). */
    public int recordEnd() {
        return slicedEnd;
    }

    /** Start (inclusive) in {@link #buffer()} of field {@code i} (file order) of the sliced record; quotes excluded. */
    public int fieldStart(int i) {
        return recStart + fieldStarts[i];
    }

    /** End (exclusive) in {@link #buffer()} of field {@code i} of the sliced record. */
    public int fieldEnd(int i) {
        return recStart + fieldEnds[i];
    }

    /** The sliced record's number among the file's data records (1-based). */
    public long recordNumber() {
        return slicedNumber;
    }

    /** The physical line the sliced record starts on. */
    public long recordLine() {
        return recLine;
    }

    /** Physical lines the sliced record covers. */
    public int recordLines() {
        return slicedLines;
    }

    /** Physical lines in the file, header included; complete once {@link #next()} has returned null. */
    public long physicalLines() {
        return line - 1 + (unterminatedLastLine ? 1 : 0);
    }

    /** Decoded (after gunzip) bytes read so far. */
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ---- header ----

    private void readHeader() throws IOException, ExtractRejectedException {
        if (!refill()) {
            throw new ExtractRejectedException(ReasonCode.FILE_EMPTY, "the file is empty: it has no header line");
        }
        boolean bom = buf[pos] == '\uFEFF';
        if (bom) {
            pos++;
        }
        // Bring the whole first line into the buffer so the separator can be chosen before parsing it.
        recStart = pos;
        int scanned = 0;
        while (true) {
            int p = recStart + scanned;
            while (p < limit && buf[p] != '\n') {
                p++;
            }
            scanned = p - recStart;
            if (p < limit || scanned >= bound || !refill()) {
                break;
            }
        }
        if (pos == limit) {
            throw new ExtractRejectedException(ReasonCode.FILE_EMPTY, "the file has only a byte order mark: it has no header line");
        }
        separator = chooseSeparator(pos, Math.min(limit, recStart + scanned));
        ExtractRecord first = parse();
        if (first == null || first.raw().isEmpty() && !first.rawTruncated()) {
            throw new ExtractRejectedException(ReasonCode.FILE_EMPTY, "the first line is empty: a file must start with its header line");
        }
        if (first.problem() == ReasonCode.ROW_TOO_LONG) {
            throw new ExtractRejectedException(ReasonCode.FILE_HEADER_MISMATCH,
                    "the first line is longer than " + maxLineLength + " characters: it cannot be a header");
        }
        if (first.problem() != null) {
            throw new ExtractRejectedException(ReasonCode.FILE_HEADER_MISMATCH, "the header line is not well-formed CSV: " + first.detail());
        }
        records = 0;
        width = first.fields().size();
        recentValues = new String[width][];
        for (int i = 0; i < width; i++) {
            recentValues[i] = new String[RECENT_SLOTS];
        }
        recentLookups = new int[width];
        recentHits = new int[width];
        header = new ExtractHeader(first.fields(), separator, gzip, bom, first.lineCount());
    }

    /** Pipe if the line has more pipes than commas outside quotes, else comma. */
    private char chooseSeparator(int from, int to) {
        int commas = 0;
        int pipes = 0;
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            char c = buf[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == '|') {
                pipes++;
            }
        }
        return pipes > commas ? '|' : ',';
    }

    // ---- records ----

    /** Parses the record starting at pos: a state machine over the char buffer, no per-character allocation. */
    private ExtractRecord parse() throws IOException, ExtractRejectedException {
        recStart = pos;
        recLine = line;
        fieldCount = 0;
        fieldStart = 0;
        escaped = false;
        anyEscaped = false;
        firstLineEnd = -1;
        State state = State.FIELD_START;
        final char sep = separator;
        while (true) {
            if (pos - recStart >= bound) {
                return firstLineEnd >= 0
                        ? rejectFirstLine("a quote opened on this line is still open after " + maxLineLength + " characters")
                        : rejectRestOfLine(ReasonCode.ROW_TOO_LONG, null);
            }
            if (pos == limit) {
                if (!refill()) {
                    return atEndOfInput(state);
                }
                continue;
            }
            final char[] b = buf;
            final int end = Math.min(limit, recStart + bound);
            switch (state) {
                case FIELD_START -> {
                    fieldStart = pos - recStart;
                    escaped = false;
                    if (b[pos] == '"') {
                        pos++;
                        fieldStart++;
                        state = State.QUOTED;
                    } else {
                        state = State.UNQUOTED;
                    }
                }
                case UNQUOTED -> {
                    int p = pos;
                    while (true) {
                        // Hot loop: letters, digits and most punctuation are above '"' and are not the separator.
                        while (p < end && b[p] > '"' && b[p] != sep) {
                            p++;
                        }
                        if (p + 1 >= end || b[p] != sep || b[p + 1] == '"') {
                            break;
                        }
                        // A separator followed by an unquoted field, as most are: start that field here rather than
                        // through FIELD_START (a switch per field fewer).
                        addField(p - recStart);
                        fieldStart = ++p - recStart;
                    }
                    pos = p;
                    if (p == end) {
                        continue;
                    }
                    char c = b[p];
                    if (c == sep) {
                        addField(p - recStart);
                        pos = p + 1;
                        state = State.FIELD_START;
                    } else if (c == '\n') {
                        int contentEnd = p > recStart + fieldStart && b[p - 1] == '\r' ? p - 1 : p;
                        addField(contentEnd - recStart);
                        pos = p + 1;
                        line++;
                        return complete(contentEnd, true);
                    } else if (c == '"') {
                        return quoteError("a quote inside unquoted field " + (fieldCount + 1));
                    } else if (c == 0) {
                        throw nulCharacter();
                    } else {
                        pos = p + 1;
                    }
                }
                case QUOTED -> {
                    int p = pos;
                    while (p < end && b[p] > '"') {
                        p++;
                    }
                    pos = p;
                    if (p == end) {
                        continue;
                    }
                    char c = b[p];
                    pos = p + 1;
                    if (c == '"') {
                        state = State.QUOTE_IN_QUOTED;
                    } else if (c == '\n') {
                        if (firstLineEnd < 0) {
                            firstLineEnd = p - recStart;
                        }
                        if (p > recStart && b[p - 1] == '\r') {
                            escaped = true; // CRLF inside the value becomes LF
                        }
                        line++;
                    } else if (c == 0) {
                        pos = p;
                        throw nulCharacter();
                    }
                }
                case QUOTE_IN_QUOTED -> {
                    char c = b[pos];
                    if (c == '"') {
                        escaped = true;
                        pos++;
                        state = State.QUOTED;
                    } else if (c == sep) {
                        addField(pos - 1 - recStart);
                        pos++;
                        state = State.FIELD_START;
                    } else if (c == '\n') {
                        addField(pos - 1 - recStart);
                        int contentEnd = pos;
                        pos++;
                        line++;
                        return complete(contentEnd, true);
                    } else if (c == '\r') {
                        addField(pos - 1 - recStart);
                        pos++;
                        state = State.CR_AFTER_QUOTE;
                    } else {
                        return quoteError("text after the closing quote of field " + (fieldCount + 1));
                    }
                }
                case CR_AFTER_QUOTE -> {
                    if (b[pos] == '\n') {
                        int contentEnd = pos - 1;
                        pos++;
                        line++;
                        return complete(contentEnd, true);
                    }
                    return quoteError("a carriage return after the closing quote of field " + fieldCount);
                }
            }
        }
    }

    private ExtractRecord atEndOfInput(State state) throws IOException, ExtractRejectedException {
        switch (state) {
            case FIELD_START -> {
                if (pos == recStart) {
                    return null; // nothing after the last line break
                }
                fieldStart = pos - recStart; // "a,b," at the end: the last field is empty
                escaped = false;
                addField(pos - recStart);
            }
            case UNQUOTED -> {
                int contentEnd = pos > recStart + fieldStart && buf[pos - 1] == '\r' ? pos - 1 : pos;
                addField(contentEnd - recStart);
                unterminatedLastLine = true;
                return complete(contentEnd, false);
            }
            case QUOTED -> {
                return quoteError("the file ends inside the quoted field");
            }
            case QUOTE_IN_QUOTED -> addField(pos - 1 - recStart);
            case CR_AFTER_QUOTE -> {
                unterminatedLastLine = true;
                return complete(pos - 1, false);
            }
        }
        unterminatedLastLine = true;
        return complete(pos, false);
    }

    private void addField(int relativeEnd) {
        if (fieldCount == fieldStarts.length) {
            int size = fieldCount * 2;
            fieldStarts = Arrays.copyOf(fieldStarts, size);
            fieldEnds = Arrays.copyOf(fieldEnds, size);
            fieldEscaped = Arrays.copyOf(fieldEscaped, size);
        }
        fieldStarts[fieldCount] = fieldStart;
        fieldEnds[fieldCount] = relativeEnd;
        fieldEscaped[fieldCount] = escaped;
        anyEscaped |= escaped;
        fieldCount++;
    }

    /** A record ended, its line terminator (if {@code terminated}) already consumed: build it. */
    private ExtractRecord complete(int contentEnd, boolean terminated) throws IOException, ExtractRejectedException {
        int length = contentEnd - recStart;
        boolean multiLine = firstLineEnd >= 0;
        if (length > maxLineLength) {
            // Only reachable by a line of exactly maxLineLength + 1 characters, or a multi-line record that long.
            if (multiLine) {
                return rejectFirstLine("a quote opened on this line is still open after " + maxLineLength + " characters");
            }
            return record(1, new String(buf, recStart, maxLineLength), true, NO_FIELDS, ReasonCode.ROW_TOO_LONG, tooLong());
        }
        if (slicing && !multiLine && !anyEscaped && fieldCount == width) {
            slicedEnd = contentEnd;
            slicedLines = (int) (line - recLine) + (terminated ? 0 : 1);
            slicedNumber = ++records;
            return SLICED;
        }
        String raw = multiLine ? withoutCarriageReturns(recStart, contentEnd) : new String(buf, recStart, length);
        String[] fields = new String[fieldCount];
        boolean recent = width == fieldCount;
        for (int i = 0; i < fieldCount; i++) {
            int start = recStart + fieldStarts[i];
            int end = recStart + fieldEnds[i];
            fields[i] = start == end ? "" : fieldEscaped[i] ? unescape(start, end)
                    : recent ? recentOrNew(i, start, end) : new String(buf, start, end - start);
        }
        int lines = (int) (line - recLine) + (terminated ? 0 : 1);
        if (width >= 0 && fieldCount != width) {
            return record(lines, raw, false, fields, ReasonCode.ROW_COLUMN_COUNT,
                    fieldCount + " fields where the header has " + width);
        }
        return record(lines, raw, false, fields, null, null);
    }

    private ExtractRecord record(int lines, String raw, boolean truncated, String[] fields, ReasonCode problem, String detail) {
        List<String> values = fields.length == 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(fields));
        return new ExtractRecord(++records, recLine, lines, raw, truncated, values, problem, detail);
    }

    private ExtractRecord quoteError(String detail) throws IOException, ExtractRejectedException {
        if (firstLineEnd < 0) {
            return rejectRestOfLine(ReasonCode.ROW_MALFORMED_QUOTES, detail);
        }
        return rejectFirstLine("a quote opened on this line spans lines, then " + detail + " (line " + line + ")");
    }

    /**
     * A record that ran over line breaks inside a quote turned out malformed: reject its first
     * physical line only and read on from the second, which is still in the buffer.
     */
    private ExtractRecord rejectFirstLine(String detail) {
        int lineEnd = recStart + firstLineEnd;
        int contentEnd = lineEnd > recStart && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        pos = lineEnd + 1;
        line = recLine + 1;
        if (contentEnd - recStart > maxLineLength) {
            return record(1, new String(buf, recStart, maxLineLength), true, NO_FIELDS, ReasonCode.ROW_TOO_LONG, tooLong());
        }
        String raw = new String(buf, recStart, contentEnd - recStart);
        return record(1, raw, false, NO_FIELDS, ReasonCode.ROW_MALFORMED_QUOTES, detail + "; only this line is rejected");
    }

    /**
     * Rejects the current physical line from recStart to its end, scanning on from pos without
     * regard to quotes. Keeps at most maxLineLength characters of it: past that the line is
     * ROW_TOO_LONG whatever else was wrong, and the rest is skipped without being held.
     */
    private ExtractRecord rejectRestOfLine(ReasonCode reason, String detail) throws IOException, ExtractRejectedException {
        String prefix = null;
        while (true) {
            int scanEnd = prefix != null ? limit : Math.min(limit, recStart + bound);
            int p = pos;
            while (p < scanEnd) {
                char c = buf[p];
                if (c == '\n') {
                    break;
                }
                if (c == 0) {
                    pos = p;
                    throw nulCharacter();
                }
                p++;
            }
            pos = p;
            if (p < scanEnd) {
                pos = p + 1;
                line++;
                return rejectedLine(prefix, p, reason, detail);
            }
            if (prefix == null && p - recStart >= bound) {
                prefix = new String(buf, recStart, maxLineLength);
            }
            if (prefix != null) {
                recStart = pos; // discard what has been skipped: the buffer never holds more of a long line
            }
            if (pos < limit) {
                continue; // stopped at the line limit, not at the end of the buffer
            }
            if (!refill()) {
                unterminatedLastLine = true;
                return rejectedLine(prefix, pos, reason, detail);
            }
        }
    }

    private ExtractRecord rejectedLine(String prefix, int lineEnd, ReasonCode reason, String detail) {
        if (prefix != null) {
            return record(1, prefix, true, NO_FIELDS, ReasonCode.ROW_TOO_LONG, tooLong());
        }
        int contentEnd = lineEnd > recStart && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        if (contentEnd - recStart > maxLineLength) {
            return record(1, new String(buf, recStart, maxLineLength), true, NO_FIELDS, ReasonCode.ROW_TOO_LONG, tooLong());
        }
        return record(1, new String(buf, recStart, contentEnd - recStart), false, NO_FIELDS, reason, detail);
    }

    private String tooLong() {
        return "the line is longer than " + String.format(Locale.ROOT, "%,d", maxLineLength) + " characters";
    }

    /** buf[start, end) as a String: one read recently in the same column if there is one, else a new one. */
    private String recentOrNew(int column, int start, int end) {
        int length = end - start;
        String[] slots = recentValues[column];
        if (slots == null || length > RECENT_MAX_LENGTH) {
            return new String(buf, start, length);
        }
        int hash = length;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + buf[i];
        }
        int slot = (hash ^ hash >>> 11) & (RECENT_SLOTS - 1);
        String cached = slots[slot];
        boolean hit = cached != null && cached.length() == length && sameChars(cached, start);
        if (recentLookups[column] < RECENT_TRIAL) {
            recentHits[column] += hit ? 1 : 0;
            if (++recentLookups[column] == RECENT_TRIAL && recentHits[column] < RECENT_TRIAL / 8) {
                recentValues[column] = null; // this column hardly repeats: stop paying for the lookup
            }
        }
        if (hit) {
            return cached;
        }
        String value = new String(buf, start, length);
        slots[slot] = value;
        return value;
    }

    private boolean sameChars(String value, int start) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) != buf[start + i]) {
                return false;
            }
        }
        return true;
    }

    private String unescape(int start, int end) {
        StringBuilder value = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = buf[i];
            if (c == '"') {
                i++; // inside a closed quoted field every quote is doubled
            } else if (c == '\r' && i + 1 < end && buf[i + 1] == '\n') {
                continue;
            }
            value.append(c);
        }
        return value.toString();
    }

    private String withoutCarriageReturns(int start, int end) {
        StringBuilder raw = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = buf[i];
            if (c != '\r' || i + 1 >= end || buf[i + 1] != '\n') {
                raw.append(c);
            }
        }
        return raw.toString();
    }

    // ---- bytes to characters ----

    /**
     * Makes more characters available at buf[limit..], first moving buf[recStart, limit) to the front
     * when space runs short. Only called with pos == limit and less than {@code bound} characters kept,
     * so there is always room. False at the end of the input.
     */
    private boolean refill() throws IOException, ExtractRejectedException {
        if (buf.length - limit < CHUNK && recStart > 0) {
            int kept = limit - recStart;
            System.arraycopy(buf, recStart, buf, 0, kept);
            pos -= recStart;
            limit = kept;
            recStart = 0;
        }
        if (badByteOffset >= 0) {
            throw new ExtractRejectedException(ReasonCode.FILE_NOT_READABLE, String.format(Locale.ROOT,
                    "not UTF-8: byte 0x%02X at line %d (byte offset %,d%s) is not valid UTF-8; if the file was saved as "
                            + "Latin-1 or Windows-1252, save it as UTF-8",
                    badByte, line, badByteOffset, gzip ? " of the uncompressed data" : ""));
        }
        CharBuffer out = CharBuffer.wrap(buf, limit, buf.length - limit);
        while (!decoderFlushed) {
            CoderResult result = decoder.decode(bytes, out, inputEnded);
            if (result.isError()) {
                badByteOffset = bytesRead - bytes.remaining();
                badByte = bytes.get(bytes.position()) & 0xFF;
                break;
            }
            if (result.isOverflow() || out.position() > limit) {
                break;
            }
            if (inputEnded) {
                decoder.flush(out);
                decoderFlushed = true;
            } else if (readBytes() < 0) {
                inputEnded = true;
            }
        }
        int produced = out.position() - limit;
        limit = out.position();
        if (produced == 0 && badByteOffset >= 0) {
            return refill(); // throws, with the line the bad byte is on
        }
        return produced > 0;
    }

    private int readBytes() throws IOException, ExtractRejectedException {
        bytes.compact();
        try {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n > 0) {
                bytes.position(bytes.position() + n);
                bytesRead += n;
            }
            return n;
        } catch (ZipException | EOFException e) {
            if (!gzip) {
                throw e;
            }
            // GZIPInputStream signals a truncated or corrupt stream with these; other IOExceptions
            // (a dropped connection) are the caller's to retry, not the file's fault.
            throw new ExtractRejectedException(ReasonCode.FILE_NOT_READABLE, String.format(Locale.ROOT,
                    "the gzip data is truncated or corrupt after %,d uncompressed bytes (line %d)", bytesRead, line), e);
        } finally {
            bytes.flip();
        }
    }

    private ExtractRejectedException nulCharacter() {
        return new ExtractRejectedException(ReasonCode.FILE_NOT_READABLE,
                "a NUL character on line " + line + ": the file has binary content, not CSV text");
    }
}
