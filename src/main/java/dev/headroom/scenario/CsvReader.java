package dev.headroom.scenario;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a character stream: quoted fields may hold commas, newlines and doubled
 * quotes; CRLF, LF and lone CR all end a record; a leading byte order mark and blank lines are
 * skipped. Spaces around unquoted fields are dropped because spreadsheets add them after commas,
 * and no identifier, number or time may contain them at the edges.
 *
 * <p>Hand-written rather than regex- or library-based: metric files run to millions of records.
 */
final class CsvReader implements Closeable {
    private final Reader in;
    private final String file;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private boolean eof;
    private boolean started;
    private int line = 1;
    private int recordLine;
    private final StringBuilder field = new StringBuilder();
    private final List<String> fields = new ArrayList<>();

    CsvReader(Reader in, String file) {
        this.in = in;
        this.file = file;
    }

    /** The 1-based line on which the record last returned by {@link #next()} starts. */
    int line() {
        return recordLine;
    }

    /** The line being read now (reading runs ahead of the records returned). */
    int position() {
        return line;
    }

    /** The next record's fields, or {@code null} at the end of the file. */
    String[] next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                pos++;
            }
        }
        while (true) {
            if (peek() < 0) {
                return null;
            }
            recordLine = line;
            fields.clear();
            boolean anyQuoted = false;
            while (true) {
                anyQuoted |= readField();
                int c = read();
                if (c == ',') {
                    continue;
                }
                endLine(c);
                break;
            }
            if (fields.size() == 1 && !anyQuoted && fields.get(0).isEmpty()) {
                continue;
            }
            return fields.toArray(new String[0]);
        }
    }

    /** Reads one field up to (not including) its delimiter; returns whether it was quoted. */
    private boolean readField() throws IOException {
        field.setLength(0);
        skipBlanks();
        if (peek() != '"') {
            while (true) {
                int c = peek();
                if (c < 0 || c == ',' || c == '\n' || c == '\r') {
                    break;
                }
                field.append((char) c);
                pos++;
            }
            int end = field.length();
            while (end > 0 && (field.charAt(end - 1) == ' ' || field.charAt(end - 1) == '\t')) {
                end--;
            }
            fields.add(field.substring(0, end));
            return false;
        }
        pos++;
        int openedOn = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw ScenarioException.inFile(file, openedOn, "",
                        "a quoted field that starts on this line is never closed (a \" is missing)");
            }
            if (c == '"') {
                if (peek() == '"') {
                    pos++;
                    field.append('"');
                    continue;
                }
                break;
            }
            if (c == '\r') {
                field.append('\r');
                if (peek() == '\n') {
                    pos++;
                    field.append('\n');
                }
                line++;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
        fields.add(field.toString());
        skipBlanks();
        int c = peek();
        if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
            throw ScenarioException.inFile(file, line, "",
                    "there is text after the closing quote of a field; inside a quoted field write a quote as \"\"");
        }
        return true;
    }

    private void skipBlanks() throws IOException {
        int c;
        while ((c = peek()) == ' ' || c == '\t') {
            pos++;
        }
    }

    private void endLine(int c) throws IOException {
        if (c == '\r') {
            if (peek() == '\n') {
                pos++;
            }
            line++;
        } else if (c == '\n') {
            line++;
        }
    }

    private int peek() throws IOException {
        if (pos == len && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private int read() throws IOException {
        if (pos == len && !fill()) {
            return -1;
        }
        return buf[pos++];
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
