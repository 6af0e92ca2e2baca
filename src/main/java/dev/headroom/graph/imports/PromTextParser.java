package dev.headroom.graph.imports;

import dev.headroom.graph.GraphImportException;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the Prometheus text exposition format and OpenMetrics text: sample lines
 * {@code name{label="value",...} value [timestamp] [# exemplar]}, comment lines ({@code # HELP},
 * {@code # TYPE}, {@code # UNIT}) skipped, {@code # EOF} ends the input. Samples with the same
 * name and labels form one series.
 *
 * <p>Timestamps: the Prometheus format writes milliseconds, OpenMetrics seconds, and exports mix
 * the two up; a timestamp of 10^11 or more is read as milliseconds, a smaller one as seconds
 * (10^11 seconds lies in the year 5138, 10^11 ms in 1973).
 */
final class PromTextParser {
    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern SPECIAL = Pattern.compile("(?i)[+-]?inf(?:inity)?|nan");
    private static final double MILLISECONDS_FROM = 1e11;

    private final String file;
    private final Map<Key, TrafficSeries> series = new LinkedHashMap<>();

    private record Key(String name, Map<String, String> labels) {
    }

    private PromTextParser(String file) {
        this.file = file;
    }

    /**
     * @throws GraphImportException naming the file, line and column of the first malformed line
     */
    static List<TrafficSeries> parse(String file, BufferedReader in) throws IOException {
        PromTextParser parser = new PromTextParser(file);
        String text;
        int number = 0;
        while ((text = in.readLine()) != null) {
            number++;
            String trimmed = text.strip();
            if (trimmed.equals("# EOF")) {
                break;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            parser.sample(parser.new Cursor(text, number));
        }
        return new ArrayList<>(parser.series.values());
    }

    /** Parses a sample value or API value string: a decimal number, {@code ±Inf} or {@code NaN}; null when it is neither. */
    static Double number(String token) {
        if (NUMBER.matcher(token).matches()) {
            return Double.parseDouble(token);
        }
        if (SPECIAL.matcher(token).matches()) {
            if (token.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            return token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }

    /** Unix seconds from an exported timestamp in seconds or milliseconds (see the class comment). */
    static double seconds(double timestamp) {
        return Math.abs(timestamp) >= MILLISECONDS_FROM ? timestamp / 1000.0 : timestamp;
    }

    private void sample(Cursor at) {
        String name = at.metricName();
        Map<String, String> labels = new TreeMap<>();
        boolean blank = at.skipBlanks();
        if (!at.atEnd() && at.peek() == '{') {
            labels = at.labels();
            blank = at.skipBlanks();
        }
        if (at.atEnd()) {
            throw at.error("no value after \"" + name + "\" (expected name{labels} value [timestamp])");
        }
        if (!blank) {
            throw at.error("expected a space and the value after the metric name and labels");
        }
        int valueColumn = at.column();
        String valueToken = at.token();
        Double value = number(valueToken);
        if (value == null) {
            throw braceOrNumber(at, valueToken, valueColumn, "value");
        }
        double time = Double.NaN;
        at.skipBlanks();
        if (!at.atEnd() && at.peek() != '#') {
            int timeColumn = at.column();
            String timeToken = at.token();
            Double timestamp = number(timeToken);
            if (timestamp == null || !Double.isFinite(timestamp)) {
                throw braceOrNumber(at, timeToken, timeColumn, "timestamp");
            }
            time = seconds(timestamp);
            at.skipBlanks();
        }
        if (!at.atEnd() && at.peek() != '#') {
            throw at.error("unexpected \"" + at.rest() + "\" after the timestamp");
        }
        Key key = new Key(name, labels);
        series.computeIfAbsent(key, k -> new TrafficSeries(k.name(), k.labels(), at.number))
                .add(new TrafficSeries.Sample(time, value, at.number));
    }

    private GraphImportException braceOrNumber(Cursor at, String token, int column, String what) {
        if (token.indexOf('{') >= 0 || token.indexOf('}') >= 0) {
            return new GraphImportException(file, at.number,
                    "unbalanced braces at column " + column + " (\"" + token + "\")");
        }
        return new GraphImportException(file, at.number,
                "bad " + what + " \"" + token + "\" at column " + column + " (expected a number such as 12, 0.5, 1e3, +Inf or NaN)");
    }

    /** A position in one line; errors name the line and the column. */
    private final class Cursor {
        private final String text;
        private final int number;
        private int pos;

        Cursor(String text, int number) {
            this.text = text;
            this.number = number;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        int column() {
            return pos + 1;
        }

        String rest() {
            return text.substring(pos);
        }

        /** Skips spaces and tabs; whether there were any. */
        boolean skipBlanks() {
            int start = pos;
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
            return pos > start;
        }

        String token() {
            int start = pos;
            while (!atEnd() && peek() != ' ' && peek() != '\t') {
                pos++;
            }
            return text.substring(start, pos);
        }

        String metricName() {
            skipBlanks();
            int start = pos;
            while (!atEnd() && (Character.isLetter(peek()) && peek() < 128 || peek() == '_' || peek() == ':'
                    || pos > start && Character.isDigit(peek()) && peek() < 128)) {
                pos++;
            }
            if (pos == start) {
                throw error(atEnd() ? "expected a metric name"
                        : "expected a metric name, found \"" + peek() + "\"");
            }
            return text.substring(start, pos);
        }

        Map<String, String> labels() {
            int open = column();
            pos++;
            Map<String, String> labels = new TreeMap<>();
            while (true) {
                skipBlanks();
                if (atEnd()) {
                    throw error("unbalanced braces: the label set opened at column " + open + " is not closed (missing '}')");
                }
                if (peek() == '}') {
                    pos++;
                    return labels;
                }
                String label = labelName();
                skipBlanks();
                if (atEnd() || peek() != '=') {
                    throw error("expected '=' after label " + label);
                }
                pos++;
                skipBlanks();
                if (atEnd() || peek() != '"') {
                    throw error("expected a quoted value for label " + label);
                }
                String value = quoted(label);
                if (labels.put(label, value) != null) {
                    throw error("label " + label + " appears twice");
                }
                skipBlanks();
                if (atEnd()) {
                    throw error("unbalanced braces: the label set opened at column " + open + " is not closed (missing '}')");
                }
                if (peek() == ',') {
                    pos++;
                } else if (rest().indexOf('}') < 0) {
                    throw error("unbalanced braces: the label set opened at column " + open + " is not closed (missing '}')");
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' after the value of label " + label + ", found \"" + peek() + "\"");
                }
            }
        }

        private String labelName() {
            int start = pos;
            while (!atEnd() && (Character.isLetter(peek()) && peek() < 128 || peek() == '_'
                    || pos > start && Character.isDigit(peek()) && peek() < 128)) {
                pos++;
            }
            if (pos == start) {
                throw error("expected a label name, found \"" + peek() + "\"");
            }
            return text.substring(start, pos);
        }

        /** A double-quoted label value with the escapes the format defines: {@code \\}, {@code \"}, {@code \n}. */
        private String quoted(String label) {
            int open = column();
            pos++;
            StringBuilder value = new StringBuilder();
            while (!atEnd()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && !atEnd()) {
                    char escaped = text.charAt(pos++);
                    switch (escaped) {
                        case 'n' -> value.append('\n');
                        case '\\', '"' -> value.append(escaped);
                        default -> throw new GraphImportException(file, number,
                                "unknown escape \\" + escaped + " in the value of label " + label + " at column " + (pos - 1)
                                        + " (only \\\\, \\\" and \\n are allowed)");
                    }
                } else {
                    value.append(c);
                }
            }
            throw new GraphImportException(file, number, "the value of label " + label + " opened at column " + open
                    + " is not closed (missing '\"' before the end of the line)");
        }

        GraphImportException error(String problem) {
            return new GraphImportException(file, number, problem + " at column " + column());
        }
    }
}
