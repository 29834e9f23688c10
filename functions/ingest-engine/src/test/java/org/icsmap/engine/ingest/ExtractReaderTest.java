package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.icsmap.domain.feed.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtractReaderTest {

    static final int LIMIT = 64 * 1024;

    /** Everything a read gave back. */
    record Read(ExtractHeader header, List<ExtractRecord> records, long physicalLines) {
        ExtractRecord record(int i) {
            return records.get(i);
        }
    }

    static Read read(byte[] bytes, int maxLineLength) throws IOException, ExtractRejectedException {
        return read(new ByteArrayInputStream(bytes), maxLineLength);
    }

    static Read read(InputStream in, int maxLineLength) throws IOException, ExtractRejectedException {
        try (ExtractReader reader = ExtractReader.open(in, maxLineLength)) {
            List<ExtractRecord> records = new ArrayList<>();
            for (ExtractRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
            assertThat(reader.next()).isNull();
            return new Read(reader.header(), records, reader.physicalLines());
        }
    }

    static Read read(String text) throws IOException, ExtractRejectedException {
        return read(utf8(text), LIMIT);
    }

    static ExtractRejectedException rejected(byte[] bytes) {
        return catchThrowableOfType(ExtractRejectedException.class, () -> read(bytes, LIMIT));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Lines as a text editor counts them: line feeds, plus one for text after the last. */
    static long linesOf(String text) {
        long lines = text.chars().filter(c -> c == '\n').count();
        return text.isEmpty() || text.endsWith("\n") ? lines : lines + 1;
    }

    /** Every line after the header is in exactly one record, and records follow each other without gaps. */
    static void assertReconciles(Read read) {
        long line = 1 + read.header().lineCount();
        long number = 1;
        for (ExtractRecord r : read.records()) {
            assertThat(r.number()).isEqualTo(number++);
            assertThat(r.line()).as("record %d", r.number()).isEqualTo(line);
            assertThat(r.lineCount()).isPositive();
            line += r.lineCount();
        }
        assertThat(read.physicalLines()).isEqualTo(line - 1);
    }

    // ---- encodings and formats ----

    @Test
    void byteOrderMarkAndCrlf() throws Exception {
        Read read = read("\uFEFFnhs_number,sex\r\n9434765919,1\r\n,2\r\n");
        assertThat(read.header().names()).containsExactly("nhs_number", "sex");
        assertThat(read.header().byteOrderMark()).isTrue();
        assertThat(read.header().separator()).isEqualTo(',');
        assertThat(read.records()).extracting(ExtractRecord::fields).containsExactly(List.of("9434765919", "1"), List.of("", "2"));
        assertThat(read.record(0).raw()).isEqualTo("9434765919,1");
        assertThat(read.records()).extracting(ExtractRecord::line).containsExactly(2L, 3L);
        assertThat(read.physicalLines()).isEqualTo(3);
        assertReconciles(read);
    }

    @Test
    void pipeSeparatedWhenTheHeaderSaysSo() throws Exception {
        Read read = read("a|b|c\n1|x,y|\"p|q\"\n");
        assertThat(read.header().separator()).isEqualTo('|');
        assertThat(read.record(0).fields()).containsExactly("1", "x,y", "p|q");
        assertThat(read.record(0).wellFormed()).isTrue();
    }

    @Test
    void separatorIsCommaForASingleColumnHeader() throws Exception {
        Read read = read("nhs_number\n943 476 5919\n");
        assertThat(read.header().separator()).isEqualTo(',');
        assertThat(read.record(0).fields()).containsExactly("943 476 5919");
    }

    @Test
    void gzipIsDetectedByItsMagicBytesNotItsName() throws Exception {
        byte[] plain = utf8("\uFEFFa,b\r\n1,2\r\n");
        Read read = read(gzip(plain), LIMIT);
        assertThat(read.header().gzip()).isTrue();
        assertThat(read.header().byteOrderMark()).isTrue();
        assertThat(read.record(0).fields()).containsExactly("1", "2");
        assertThat(read(plain, LIMIT).header().gzip()).isFalse();
    }

    @Test
    void concatenatedGzipMembersAreOneFile() throws Exception {
        Read read = read(concat(gzip(utf8("a,b\n1,2\n")), gzip(utf8("3,4\n"))), LIMIT);
        assertThat(read.records()).extracting(ExtractRecord::fields).containsExactly(List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void truncatedGzipIsNotReadableEvenAfterRowsWereRead() {
        StringBuilder text = new StringBuilder("a,b\n");
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 50_000; i++) {
            text.append(random.nextInt()).append(',').append(random.nextLong()).append('\n');
        }
        byte[] gz = gzip(utf8(text.toString()));
        for (int cut : new int[] {gz.length - 4, gz.length / 2, 12}) {
            ExtractRejectedException e = rejected(Arrays.copyOf(gz, cut));
            assertThat(e.reason()).as("cut at %d", cut).isEqualTo(ReasonCode.FILE_NOT_READABLE);
            assertThat(e.getMessage()).contains("gzip");
        }
    }

    @Test
    void corruptGzipIsNotReadable() {
        byte[] gz = gzip(utf8("a,b\n1,2\n"));
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 6] ^= 0x55;
        assertThat(rejected(badCrc).reason()).isEqualTo(ReasonCode.FILE_NOT_READABLE);
        assertThat(rejected(new byte[] {0x1f, (byte) 0x8b}).reason()).isEqualTo(ReasonCode.FILE_NOT_READABLE);
    }

    @Test
    void binaryGarbageIsNotReadable() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        ExtractRejectedException e = rejected(png);
        assertThat(e.reason()).isEqualTo(ReasonCode.FILE_NOT_READABLE);
        assertThat(e.getMessage()).contains("line 1", "byte offset 0");

        ExtractRejectedException nul = rejected(utf8("a,b\n1,2\n3,\u0000\u0000\n"));
        assertThat(nul.reason()).isEqualTo(ReasonCode.FILE_NOT_READABLE);
        assertThat(nul.getMessage()).contains("NUL", "line 3");
    }

    @Test
    void latin1BytesAreNotReadableAndTheMessageSaysWhere() {
        byte[] latin1 = concat(utf8("a,b\n1,2\n3,caf"), new byte[] {(byte) 0xE9}, utf8("\n"));
        ExtractRejectedException e = rejected(latin1);
        assertThat(e.reason()).isEqualTo(ReasonCode.FILE_NOT_READABLE);
        assertThat(e.getMessage()).contains("0xE9", "line 3", "byte offset 13", "Latin-1");
    }

    @Test
    void aBadByteFarIntoTheFileIsFoundWhereItIs() {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 100_000; i++) {
            text.append(i).append(",x\n");
        }
        byte[] bytes = concat(utf8(text.toString()), new byte[] {(byte) 0xC3, '(', '\n'});
        ExtractRejectedException e = rejected(gzip(bytes));
        assertThat(e.getMessage()).contains("line 100002", "of the uncompressed data");
    }

    @Test
    void utf16IsNotReadable() {
        byte[] utf16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "a,b\n".getBytes(StandardCharsets.UTF_16LE));
        ExtractRejectedException e = rejected(utf16);
        assertThat(e.reason()).isEqualTo(ReasonCode.FILE_NOT_READABLE);
        assertThat(e.getMessage()).contains("UTF-16");
    }

    @Test
    void multiByteCharactersAndSurrogatePairsSurviveBufferBoundaries() throws Exception {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 40_000; i++) {
            text.append("Zoë ").append(i).append(",\"😀 £").append(i).append("\"\n");
        }
        Read read = read(gzip(utf8(text.toString())), LIMIT);
        assertThat(read.records()).hasSize(40_000);
        assertThat(read.record(39_999).fields()).containsExactly("Zoë 39999", "😀 £39999");
        assertReconciles(read);
    }

    // ---- quoting ----

    @Test
    void embeddedLineBreakInQuotes() throws Exception {
        Read read = read("a,b\n1,\"pain after fall\nleft wrist\"\n2,ok\n");
        assertThat(read.record(0).fields()).containsExactly("1", "pain after fall\nleft wrist");
        assertThat(read.record(0).lineCount()).isEqualTo(2);
        assertThat(read.record(1).line()).isEqualTo(4);
        assertReconciles(read);
    }

    @Test
    void embeddedCrlfBecomesLfInValueAndRaw() throws Exception {
        Read crlf = read("a,b\r\n1,\"x\r\ny\"\r\n");
        Read lf = read("a,b\n1,\"x\ny\"\n");
        assertThat(crlf.record(0).fields()).containsExactly("1", "x\ny");
        assertThat(crlf.record(0).raw()).isEqualTo("1,\"x\ny\"").isEqualTo(lf.record(0).raw());
    }

    @Test
    void doubledQuotes() throws Exception {
        Read read = read("a,b\n\"fall, \"\"found on floor\"\"\",\"\"\"\"\n");
        assertThat(read.record(0).fields()).containsExactly("fall, \"found on floor\"", "\"");
        assertThat(read.record(0).raw()).isEqualTo("\"fall, \"\"found on floor\"\"\",\"\"\"\"");
    }

    @Test
    void quoteInsideAnUnquotedFieldRejectsThatLineOnly() throws Exception {
        Read read = read("a,b\n1,ab\"c\n2,3\n");
        assertThat(read.record(0).problem()).isEqualTo(ReasonCode.ROW_MALFORMED_QUOTES);
        assertThat(read.record(0).raw()).isEqualTo("1,ab\"c");
        assertThat(read.record(0).fields()).isEmpty();
        assertThat(read.record(0).detail()).contains("field 2");
        assertThat(read.record(1).fields()).containsExactly("2", "3");
        assertReconciles(read);
    }

    @Test
    void textAfterAClosingQuoteIsMalformed() throws Exception {
        Read read = read("a,b\n1,\"ab\"c\n2,3\n");
        assertThat(read.record(0).problem()).isEqualTo(ReasonCode.ROW_MALFORMED_QUOTES);
        assertThat(read.record(1).fields()).containsExactly("2", "3");
    }

    @Test
    void unclosedQuoteCostsOneLineAndTheLinesItSwallowedAreReadAgain() throws Exception {
        Read read = read("a,b\n1,\"oops\n2,3\n4,5\n");
        assertThat(read.record(0).problem()).isEqualTo(ReasonCode.ROW_MALFORMED_QUOTES);
        assertThat(read.record(0).raw()).isEqualTo("1,\"oops");
        assertThat(read.record(0).lineCount()).isEqualTo(1);
        assertThat(read.records().subList(1, 3)).extracting(ExtractRecord::fields).containsExactly(List.of("2", "3"), List.of("4", "5"));
        assertThat(read.records().subList(1, 3)).allMatch(ExtractRecord::wellFormed);
        assertReconciles(read);
    }

    @Test
    void unclosedQuoteMetByALaterQuoteIsStillOneLine() throws Exception {
        Read read = read("a,b\n1,\"oops\n2,\"x\"\n3,4\n");
        assertThat(read.records()).extracting(ExtractRecord::problem).containsExactly(ReasonCode.ROW_MALFORMED_QUOTES, null, null);
        assertThat(read.record(1).fields()).containsExactly("2", "x");
        assertReconciles(read);
    }

    @Test
    void unclosedQuoteSwallowsAtMostTheLineLimitThenResumesOnTheNextLine() throws Exception {
        StringBuilder text = new StringBuilder("a,b\n1,\"never closed\n");
        for (int i = 0; i < 1000; i++) {
            text.append(i).append(",row\n");
        }
        Read read = read(utf8(text.toString()), 100);
        assertThat(read.records()).hasSize(1001);
        assertThat(read.record(0).problem()).isEqualTo(ReasonCode.ROW_MALFORMED_QUOTES);
        assertThat(read.record(0).detail()).contains("100 characters");
        assertThat(read.records().subList(1, 1001)).allMatch(ExtractRecord::wellFormed);
        assertReconciles(read);
    }

    @Test
    void unclosedQuoteAtTheEndOfTheFile() throws Exception {
        Read read = read("a,b\n1,2\n3,\"oops");
        assertThat(read.record(1).problem()).isEqualTo(ReasonCode.ROW_MALFORMED_QUOTES);
        assertThat(read.record(1).raw()).isEqualTo("3,\"oops");
        assertThat(read.physicalLines()).isEqualTo(3);
        assertReconciles(read);

        Read twoLines = read("a,b\n3,\"oops\nmore\n");
        assertThat(twoLines.records()).extracting(ExtractRecord::problem)
                .containsExactly(ReasonCode.ROW_MALFORMED_QUOTES, ReasonCode.ROW_COLUMN_COUNT);
        assertReconciles(twoLines);
    }

    // ---- lengths ----

    @Test
    void aOneMegabyteLineIsTooLongAndTheNextLineIsRead() throws Exception {
        String huge = "x".repeat(1 << 20);
        Read read = read("a,b\n" + huge + ",y\n1,2\n");
        assertThat(read.record(0).problem()).isEqualTo(ReasonCode.ROW_TOO_LONG);
        assertThat(read.record(0).rawTruncated()).isTrue();
        assertThat(read.record(0).raw()).hasSize(LIMIT);
        assertThat(read.record(0).line()).isEqualTo(2);
        assertThat(read.record(1).fields()).containsExactly("1", "2");
        assertThat(read.record(1).line()).isEqualTo(3);
        assertReconciles(read);
    }

    @Test
    void aTooLongLineSkipsToTheNextLineEndWhateverItsQuotes() throws Exception {
        String huge = "\"" + "x".repeat(200);
        Read read = read(utf8("a,b\n" + huge + "\n1,2\n"), 100);
        assertThat(read.records()).extracting(ExtractRecord::problem).containsExactly(ReasonCode.ROW_TOO_LONG, null);
        assertReconciles(read);
    }

    @Test
    void theLineLimitIsExact() throws Exception {
        String fits = "1," + "x".repeat(98);
        Read read = read(utf8("a,b\r\n" + fits + "\r\n" + fits + "y\r\n" + fits), 100);
        assertThat(read.records()).extracting(ExtractRecord::problem).containsExactly(null, ReasonCode.ROW_TOO_LONG, null);
        assertThat(read.record(0).raw()).hasSize(100);
        assertReconciles(read);
    }

    @Test
    void aHugeLineIsSkippedWithoutBeingHeld() throws Exception {
        // 40 million characters streamed, never materialised: the reader's buffer stays at its fixed size.
        long size = 40_000_000;
        InputStream lines = new InputStream() {
            final byte[] head = utf8("a,b\n");
            final byte[] tail = utf8("\n1,2\n");
            long at;

            @Override
            public int read() {
                long i = at++;
                if (i < head.length) {
                    return head[(int) i];
                }
                i -= head.length;
                if (i < size) {
                    return 'z';
                }
                i -= size;
                return i < tail.length ? tail[(int) i] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
        Read read = read(lines, LIMIT);
        assertThat(read.records()).extracting(ExtractRecord::problem).containsExactly(ReasonCode.ROW_TOO_LONG, null);
    }

    // ---- structure ----

    @Test
    void emptyFile() {
        ExtractRejectedException e = rejected(new byte[0]);
        assertThat(e.reason()).isEqualTo(ReasonCode.FILE_EMPTY);
        assertThat(rejected(utf8("\uFEFF")).reason()).isEqualTo(ReasonCode.FILE_EMPTY);
        assertThat(rejected(utf8("\r\na,b\n")).reason()).isEqualTo(ReasonCode.FILE_EMPTY);
        assertThat(rejected(gzip(new byte[0])).reason()).isEqualTo(ReasonCode.FILE_EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b\n", "a,b", "a,b\r\n", "\uFEFFa,b"})
    void headerOnlyIsAValidFileWithNoRows(String text) throws Exception {
        Read read = read(text);
        assertThat(read.header().names()).containsExactly("a", "b");
        assertThat(read.records()).isEmpty();
        assertThat(read.physicalLines()).isEqualTo(1);
    }

    @Test
    void malformedHeaderIsAHeaderMismatch() {
        ExtractRejectedException e = rejected(utf8("a,\"b\n1,2\n"));
        assertThat(e.reason()).isEqualTo(ReasonCode.FILE_HEADER_MISMATCH);
    }

    @Test
    void wrongFieldCountKeepsTheFields() throws Exception {
        Read read = read("a,b\n1,2,EXTRA\n1\n\n1,2\n");
        assertThat(read.records()).extracting(ExtractRecord::problem)
                .containsExactly(ReasonCode.ROW_COLUMN_COUNT, ReasonCode.ROW_COLUMN_COUNT, ReasonCode.ROW_COLUMN_COUNT, null);
        assertThat(read.record(0).fields()).containsExactly("1", "2", "EXTRA");
        assertThat(read.record(0).detail()).isEqualTo("3 fields where the header has 2");
        assertThat(read.record(2).raw()).isEmpty();
        assertReconciles(read);
    }

    @Test
    void lastLineWithoutLineEnd() throws Exception {
        Read read = read("a,b\n1,2\n3,");
        assertThat(read.record(1).fields()).containsExactly("3", "");
        assertThat(read.physicalLines()).isEqualTo(3);
        assertReconciles(read);
        assertThat(read("a,b\r\n1,\"2\"\r").record(0).fields()).containsExactly("1", "2");
        assertThat(read("a,b\r\n1,2\r").record(0).fields()).containsExactly("1", "2");
    }

    @Test
    void formulaTextIsJustText() throws Exception {
        Read read = read("a|b\n1|\"=cmd|' /C calc'!A0\"\n2|@SUM(1+1)*cmd|x\n");
        assertThat(read.record(0).fields()).containsExactly("1", "=cmd|' /C calc'!A0");
        assertThat(read.record(1).problem()).isEqualTo(ReasonCode.ROW_COLUMN_COUNT);
    }

    // ---- properties ----

    @Test
    void whatIsWrittenByTheRulesIsReadBackExactly() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "abcXYZ019 ,|\"\n\r\t-é£😀";
        for (char separator : new char[] {',', '|'}) {
            for (String newline : new String[] {"\n", "\r\n"}) {
                List<List<String>> rows = new ArrayList<>();
                StringBuilder text = new StringBuilder("h1" + separator + "h2" + separator + "h3" + newline);
                for (int r = 0; r < 20_000; r++) {
                    List<String> row = new ArrayList<>();
                    for (int f = 0; f < 3; f++) {
                        StringBuilder value = new StringBuilder();
                        for (int n = random.nextInt(12); n > 0; n--) {
                            int at = random.nextInt(alphabet.length() - 1);
                            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                                value.append(alphabet, at, at + 2);
                            } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                                value.append(alphabet.charAt(at));
                            }
                        }
                        // A CR inside a value only survives as part of CRLF (the reader normalises that to LF).
                        String v = value.toString().replace("\r", "");
                        row.add(v);
                        if (f > 0) {
                            text.append(separator);
                        }
                        boolean quote = v.indexOf(separator) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || random.nextInt(10) == 0;
                        text.append(quote ? "\"" + v.replace("\"", "\"\"").replace("\n", newline) + "\"" : v);
                    }
                    rows.add(row);
                    text.append(newline);
                }
                Read read = read(text.toString());
                assertThat(read.header().separator()).isEqualTo(separator);
                assertThat(read.records().stream().map(ExtractRecord::fields).toList()).isEqualTo(rows);
                assertReconciles(read);
                assertThat(read.physicalLines()).isEqualTo(linesOf(text.toString()));
            }
        }
    }

    @Test
    void mangledFilesAlwaysReconcileLineByLine() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        String good = "nhs,dob,text\n9434765919,1950-01-01,\"a, \"\"b\"\"\nc\"\n,1960-02-02,plain\r\n4010232137,1970-03-03,x\n";
        String noise = "\"\",\n\r|x\u00e9";
        int files = 0;
        for (int trial = 0; trial < 3000; trial++) {
            StringBuilder text = new StringBuilder(good.repeat(1 + random.nextInt(4)));
            for (int m = random.nextInt(6); m >= 0; m--) {
                int at = 13 + random.nextInt(text.length() - 13); // leave the header alone
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, noise.charAt(random.nextInt(noise.length())));
                    case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                    default -> text.insert(at, "x".repeat(random.nextInt(60)));
                }
            }
            Read read = read(utf8(text.toString()), 40);
            assertThat(read.header().names()).containsExactly("nhs", "dob", "text");
            assertReconciles(read);
            assertThat(read.physicalLines()).as(text.toString()).isEqualTo(linesOf(text.toString()));
            for (ExtractRecord r : read.records()) {
                assertThat(r.raw().length()).isLessThanOrEqualTo(40);
                assertThat(r.wellFormed()).isEqualTo(r.fields().size() == 3);
            }
            files++;
        }
        assertThat(files).isEqualTo(3000);
    }

    @Test
    void valuesThatRepeatFromRowToRowComeBackExactlyWhateverTheirNeighbours() throws Exception {
        // Short values from a tiny alphabet: many repeat, many differ in one character at the same length
        // (so they meet in the reader's per-column store of recent values), and a column of unique values
        // long enough to stop being looked up. Every field must come back exactly as written.
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder text = new StringBuilder("code,date,id,mixed\n");
        List<List<String>> expected = new ArrayList<>();
        for (int row = 0; row < 20_000; row++) {
            String code = "" + "ABC".charAt(random.nextInt(3)) + "ABC".charAt(random.nextInt(3)) + random.nextInt(10);
            String date = "2024-05-" + (10 + random.nextInt(20));
            String id = "RFS-APC-" + String.format("%09d", row);
            String mixed = random.nextInt(4) == 0 ? "é" + random.nextInt(5) : "x".repeat(random.nextInt(1, 30));
            text.append(code).append(',').append(date).append(',').append(id).append(',').append(mixed).append('\n');
            expected.add(List.of(code, date, id, mixed));
        }
        Read read = read(text.toString());
        assertThat(read.records()).hasSize(expected.size());
        for (int row = 0; row < expected.size(); row++) {
            assertThat(read.record(row).fields()).as("row %d", row).isEqualTo(expected.get(row));
        }
    }
}
