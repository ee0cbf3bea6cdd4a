package org.clinner.format;

import org.clinner.io.AtomicFiles;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MultiClinAI TSV format ({@code filename label start_span end_span text}, tab-separated,
 * header row, code point offsets): reading with validation, and writing the way pandas'
 * {@code to_csv(sep="\t", index=False)} does.
 */
public final class MultiClinAiTsv {

    /** The required columns, in the order they are written. */
    public static final List<String> COLUMNS = List.of("filename", "label", "start_span", "end_span", "text");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setDelimiter('\t')
            .setQuote('"')
            .setRecordSeparator('\n')
            .setIgnoreSurroundingSpaces(false)
            .setTrim(false)
            .setIgnoreEmptyLines(true)
            .setHeader()
            .setSkipHeaderRecord(true)
            .get();

    private MultiClinAiTsv() {}

    /**
     * Reads a TSV file. Columns beyond the required ones are ignored, as the official scorer does.
     *
     * @param file the file
     * @return its rows in file order
     * @throws IOException when the file cannot be read
     * @throws MalformedTsvException naming the file and line of a row that is not valid
     */
    public static List<MultiClinAiRow> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> missing = new ArrayList<>();
            for (String column : COLUMNS) {
                if (header == null || !header.containsKey(column)) {
                    missing.add(column);
                }
            }
            if (!missing.isEmpty()) {
                throw new MalformedTsvException(file, 1, "missing columns " + missing + " (required: " + COLUMNS + ")");
            }
            List<MultiClinAiRow> rows = new ArrayList<>();
            long line = 2;
            for (CSVRecord record : parser) {
                if (!isBlank(record)) {
                    rows.add(row(file, line, record, header));
                }
                line = parser.getCurrentLineNumber() + 1;
            }
            return rows;
        } catch (UncheckedIOException e) {
            throw new MalformedTsvException(file, -1, "cannot be parsed: " + e.getCause().getMessage());
        }
    }

    /**
     * Reads a TSV file and groups its rows by document.
     *
     * @param file the file
     * @return each file name's rows, in file order
     * @throws IOException when the file cannot be read
     * @throws MalformedTsvException naming the file and line of a row that is not valid
     */
    public static Map<String, List<MultiClinAiRow>> readByDocument(Path file) throws IOException {
        Map<String, List<MultiClinAiRow>> documents = new HashMap<>();
        for (MultiClinAiRow row : read(file)) {
            documents.computeIfAbsent(row.filename(), f -> new ArrayList<>()).add(row);
        }
        return documents;
    }

    /** A line of nothing but spaces, which pandas skips like an empty line. */
    private static boolean isBlank(CSVRecord record) {
        for (String value : record) {
            if (!value.isBlank() || value.contains("\t")) {
                return false;
            }
        }
        return record.size() == 1;
    }

    private static MultiClinAiRow row(Path file, long line, CSVRecord record, Map<String, Integer> header)
            throws MalformedTsvException {
        if (record.size() < header.size()) {
            throw new MalformedTsvException(file, line, "has " + record.size() + " columns, the header has "
                    + header.size());
        }
        int start = offset(file, line, record.get("start_span"), "start_span");
        int end = offset(file, line, record.get("end_span"), "end_span");
        if (end <= start) {
            throw new MalformedTsvException(file, line, "end_span " + end + " is not after start_span " + start);
        }
        return new MultiClinAiRow(record.get("filename"), record.get("label"), start, end, record.get("text"));
    }

    /** An offset; a decimal such as {@code 18.9} is truncated, as the official scorer's {@code astype(int)} does. */
    private static int offset(Path file, long line, String value, String column) throws MalformedTsvException {
        int offset;
        try {
            offset = new BigDecimal(value.trim()).setScale(0, RoundingMode.DOWN).intValueExact();
        } catch (NumberFormatException e) {
            throw new MalformedTsvException(file, line, column + " '" + value + "' is not a number");
        } catch (ArithmeticException e) {
            throw new MalformedTsvException(file, line, column + " '" + value + "' is too large");
        }
        if (offset < 0) {
            throw new MalformedTsvException(file, line, column + " " + offset + " is negative");
        }
        return offset;
    }

    /**
     * Writes rows atomically in the given order, quoting fields as Python's csv module does
     * under pandas: a field holding a tab, a double quote or a line feed is put in double quotes,
     * with its double quotes doubled; lines end with {@code \n}.
     *
     * @param file the target file
     * @param rows the rows
     * @throws IOException when writing fails
     */
    public static void write(Path file, Iterable<MultiClinAiRow> rows) throws IOException {
        AtomicFiles.write(file, temp -> {
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                write(out, rows);
            }
        });
    }

    /**
     * Writes the header and rows in the given order, quoted as {@link #write(Path, Iterable)} quotes them.
     *
     * @param out where to write
     * @param rows the rows
     * @throws IOException when writing fails
     */
    public static void write(Writer out, Iterable<MultiClinAiRow> rows) throws IOException {
        out.write(String.join("\t", COLUMNS));
        out.write('\n');
        for (MultiClinAiRow row : rows) {
            out.write(field(row.filename()) + '\t' + field(row.label()) + '\t' + row.start() + '\t'
                    + row.end() + '\t' + field(row.text()) + '\n');
        }
    }

    /**
     * Quotes one field as Python's csv writer does with {@code QUOTE_MINIMAL}, a tab delimiter and
     * a {@code \n} line terminator (a carriage return alone is not quoted).
     *
     * @param value the field
     * @return the field as written
     */
    static String field(String value) {
        if (value.indexOf('\t') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
