package dev.headroom.scenario;

import java.util.List;

/**
 * CSV fields for exports that other tools read (CLI tables, audit export, plan CSV): a field is
 * quoted only when a reader would misread it, that is when it holds a delimiter, a quote or a
 * line break. (Scenario files are stricter about edge blanks: see {@link CsvWriter}.)
 */
public final class CsvFields {
    private CsvFields() {
    }

    public static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The cells as one line ending with {@code lineEnd}. */
    public static String line(List<String> cells, String lineEnd) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                sb.append(',');
            }
            sb.append(field(cells.get(c)));
        }
        return sb.append(lineEnd).toString();
    }
}
