package dev.headroom.ui.dependencies;

import dev.headroom.graph.GraphEdge;

import java.util.List;

/**
 * One edge as the Dependencies page lists it.
 *
 * @param evidence   every reason the edge exists, one per line (file and line, metric, operator mark)
 * @param byOperator whether an operator added the edge or set its weight (drawn dashed)
 */
public record EdgeRow(String from, String to, double weight, List<String> evidence, boolean byOperator) {
    public EdgeRow {
        evidence = List.copyOf(evidence);
    }

    static EdgeRow of(GraphEdge e) {
        return new EdgeRow(e.from(), e.to(), e.weight(), e.evidence(), e.byOperator());
    }

    /** "checkout → payments · 120/s"; an unmeasured edge shows no rate. */
    public String title() {
        return from + " → " + to + (weight > 0 ? " · " + weightText(weight) + "/s" : " · not measured");
    }

    static String weightText(double weight) {
        return weight == Math.rint(weight) && weight < 1e15 ? Long.toString((long) weight)
                : String.format(java.util.Locale.ROOT, "%.2f", weight);
    }

    /** The stroke width of the edge: grows with the logarithm of its weight, at least 1 px, at most 7 px. */
    public static double strokeWidth(double weight) {
        return Math.min(7, Math.max(1, 0.8 * Math.log(Math.max(0, weight) + 1)));
    }

    @Override
    public String toString() {
        return title();
    }
}
