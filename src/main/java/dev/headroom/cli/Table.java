package dev.headroom.cli;

import dev.headroom.scenario.CsvFields;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text printed as aligned columns (numbers right-aligned) or as RFC 4180 CSV, so that
 * every list command offers the same formats.
 */
final class Table {
    private final List<String> headers;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> headers, boolean... numeric) {
        this.headers = List.copyOf(headers);
        this.numeric = numeric.length == 0 ? new boolean[headers.size()] : numeric.clone();
        if (this.numeric.length != headers.size()) {
            throw new IllegalArgumentException("numeric flags do not match headers");
        }
    }

    void add(List<String> row) {
        if (row.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, expected " + headers.size());
        }
        rows.add(List.copyOf(row));
    }

    void printAligned(PrintWriter out) {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        printLine(out, headers, width);
        for (List<String> r : rows) {
            printLine(out, r, width);
        }
        out.flush();
    }

    private void printLine(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            if (c > 0) {
                sb.append("  ");
            }
            sb.append(numeric[c] ? pad + cell : c == cells.size() - 1 ? cell : cell + pad);
        }
        out.println(sb);
    }

    void printCsv(PrintWriter out) {
        out.print(CsvFields.line(headers, "\n"));
        for (List<String> r : rows) {
            out.print(CsvFields.line(r, "\n"));
        }
        out.flush();
    }
}
