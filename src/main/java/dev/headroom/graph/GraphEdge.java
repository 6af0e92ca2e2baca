package dev.headroom.graph;

import dev.headroom.domain.Check;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.DomainException;

import java.util.List;

/**
 * One edge of a {@link DependencyGraph}: {@code from} calls {@code to}. All sources that report the
 * same pair share one edge, and each adds its evidence (file and line, metric, or an operator
 * mark), so the operator sees every reason the edge exists.
 *
 * @param weight   calls or bytes per second; 0 when no source measured it
 * @param evidence where the edge was learned, oldest source first; empty when no source said
 */
public record GraphEdge(String from, String to, double weight, List<String> evidence) {
    public GraphEdge {
        Check.id("from", from);
        Check.id("to", to);
        if (from.equals(to)) {
            throw new DomainException("to", "service " + from + " cannot depend on itself");
        }
        Check.finiteNonNegative("weight", weight);
        // evidence is stored one item per line
        evidence = evidence.stream().map(e -> e.replace('\n', ' ').strip()).filter(e -> !e.isEmpty()).toList();
    }

    /** Whether an operator added this edge or set its weight. */
    public boolean byOperator() {
        return evidence.stream().anyMatch(GraphEdit::isOperatorMark);
    }

    /** The edge in the domain's form, with its evidence joined by "; " (the dependencies.json shape). */
    public Dependency toDependency() {
        return new Dependency(from, to, weight, String.join("; ", evidence));
    }

    @Override
    public String toString() {
        return from + " → " + to;
    }
}
