package dev.headroom.graph.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One time series read from an export: its metric name (null for a nameless query result), its
 * labels, where it was first seen (a line of a text export, a JSON location such as
 * {@code data.result[3]}) and its samples in file order.
 */
final class TrafficSeries {
    /** A sample; {@code time} is Unix seconds, NaN when the line carried no timestamp; {@code line} is 0 for JSON. */
    record Sample(double time, double value, int line) {
    }

    private final String name;
    private final Map<String, String> labels;
    private final int line;
    private final String path;
    private final List<Sample> samples = new ArrayList<>();

    /** A series of a text export, first seen on {@code line}. */
    TrafficSeries(String name, Map<String, String> labels, int line) {
        this(name, labels, line, null);
    }

    /** A series of an API response at JSON location {@code path}. */
    TrafficSeries(String name, Map<String, String> labels, String path) {
        this(name, labels, 0, path);
    }

    private TrafficSeries(String name, Map<String, String> labels, int line, String path) {
        this.name = name;
        this.labels = Map.copyOf(labels);
        this.line = line;
        this.path = path;
    }

    String name() {
        return name;
    }

    Map<String, String> labels() {
        return labels;
    }

    /** The line the series was first seen on; 0 for JSON. */
    int line() {
        return line;
    }

    /** Where the series is, as evidence: {@code file:line} or {@code file data.result[3]}. */
    String evidence(String file) {
        return line > 0 ? file + ":" + line : file + " " + path;
    }

    /** Where the series is, inside an operator message that already names the file. */
    String location() {
        return line > 0 ? "line " + line : path;
    }

    List<Sample> samples() {
        return samples;
    }

    void add(Sample sample) {
        samples.add(sample);
    }

    /** The series as Prometheus prints it, for notes. */
    String display() {
        StringBuilder text = new StringBuilder(name == null ? "" : name).append('{');
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(label -> {
            if (text.charAt(text.length() - 1) != '{') {
                text.append(',');
            }
            text.append(label.getKey()).append("=\"").append(label.getValue()).append('"');
        });
        return text.append('}').toString();
    }
}
