package dev.headroom.scenario;

import dev.headroom.domain.DomainException;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A CSV file with a header row, read row by row with typed access by column name. Every failure
 * is a {@link ScenarioException} naming this file, the row's line and the column. Columns are
 * found by name (case-insensitive), so their order in the file does not matter; columns that are
 * neither required nor optional are ignored with a note.
 */
final class CsvTable implements Closeable {
    private final CsvReader csv;
    private final String file;
    private final String[] header;
    private final Map<String, Integer> columns = new HashMap<>();
    private String[] row;

    private CsvTable(Reader in, String file, List<String> required, List<String> optional, List<String> notes) {
        this.csv = new CsvReader(in, file);
        this.file = file;
        String[] names = readRecord();
        if (names == null) {
            throw ScenarioException.inFile(file, 1, "", "the file is empty; it needs at least the header row "
                    + String.join(",", required));
        }
        header = names;
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].toLowerCase(Locale.ROOT);
            if (!required.contains(name) && !optional.contains(name)) {
                if (!name.isEmpty()) {
                    ignored.add(names[i]);
                }
                continue;
            }
            if (columns.put(name, i) != null) {
                throw ScenarioException.inFile(file, 1, name, "the column appears twice in the header");
            }
        }
        for (String name : required) {
            if (!columns.containsKey(name)) {
                throw ScenarioException.inFile(file, 1, name, "the required column is missing (the header is \""
                        + String.join(",", names) + "\"; it needs " + String.join(",", required) + ")");
            }
        }
        if (!ignored.isEmpty()) {
            notes.add(file + ": column" + (ignored.size() == 1 ? " " : "s ") + String.join(", ", ignored)
                    + (ignored.size() == 1 ? " is" : " are") + " not used by Headroom and "
                    + (ignored.size() == 1 ? "was" : "were") + " ignored");
        }
    }

    static CsvTable open(Reader in, String file, List<String> required, List<String> optional, List<String> notes) {
        return new CsvTable(in, file, required, optional, notes);
    }

    /** Advances to the next data row; {@code false} at the end of the file. */
    boolean next() {
        row = readRecord();
        if (row == null) {
            return false;
        }
        if (row.length != header.length) {
            String field = row.length < header.length ? header[row.length] : "";
            throw ScenarioException.inFile(file, csv.line(), field, "the row has " + row.length
                    + " fields but the header has " + header.length
                    + " (a value with a comma must be in double quotes)");
        }
        return true;
    }

    int line() {
        return csv.line();
    }

    String file() {
        return file;
    }

    /** The position of {@code column}, or -1 when the file does not have it. */
    int index(String column) {
        Integer i = columns.get(column);
        return i == null ? -1 : i;
    }

    /** The raw field at a position from {@link #index(String)}. */
    String get(int index) {
        return row[index];
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    /** The field's text; empty when the column is absent or the field is empty. */
    String text(String column) {
        Integer i = columns.get(column);
        return i == null ? "" : row[i];
    }

    /** The field's text, which must not be empty. */
    String required(String column) {
        String v = text(column);
        if (v.isEmpty()) {
            throw error(column, "the value is empty");
        }
        return v;
    }

    double number(String column) {
        return parseNumber(column, required(column));
    }

    /** A number from an optional column: {@code fallback} when the column is absent or the field empty. */
    double number(String column, double fallback) {
        String v = text(column);
        return v.isEmpty() ? fallback : parseNumber(column, v);
    }

    Instant time(String column) {
        String v = required(column);
        Instant t = Values.parseTime(v);
        if (t == null) {
            throw error(column, badTime(v));
        }
        return t;
    }

    /** Runs a domain constructor, turning its rule violation into an error at this row. */
    <T> T domain(Supplier<T> build) {
        try {
            return build.get();
        } catch (DomainException e) {
            throw error(e.field(), e.rule(), e);
        }
    }

    ScenarioException error(String column, String problem) {
        return ScenarioException.inFile(file, csv.line(), column, problem);
    }

    ScenarioException error(String column, String problem, Throwable cause) {
        return ScenarioException.inFile(file, csv.line(), column, problem, cause);
    }

    static String badNumber(String v) {
        return "\"" + v + "\" is not a number (write it like 12 or 0.75, without units)";
    }

    static String badTime(String v) {
        return "\"" + v + "\" is not an ISO-8601 time with a zone (write it like 2026-11-22T16:00:00Z)";
    }

    private double parseNumber(String column, String v) {
        double d = Values.parseNumber(v);
        if (Double.isNaN(d)) {
            throw error(column, badNumber(v));
        }
        return d;
    }

    private String[] readRecord() {
        try {
            return csv.next();
        } catch (CharacterCodingException e) {
            throw ScenarioException.inFile(file, csv.position(), "",
                    "the text is not UTF-8 (at or after this line); save the file as UTF-8", e);
        } catch (IOException e) {
            throw ScenarioException.unreadable(file, e);
        }
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw ScenarioException.unreadable(file, e);
        }
    }
}
