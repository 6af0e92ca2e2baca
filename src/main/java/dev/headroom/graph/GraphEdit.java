package dev.headroom.graph;

import dev.headroom.domain.Check;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;

import java.time.Instant;
import java.util.Optional;

/**
 * A change an operator made to an account's graph. Edits are kept apart from imported sources
 * and replayed, in the order they were made, after every merge: so an added edge stays, a removed
 * edge stays removed when a later import finds it again, and a set weight or criticality wins
 * over what files say.
 *
 * @param to          the callee; empty for {@link Kind#CRITICALITY}
 * @param weight      the new weight for {@link Kind#ADD} and {@link Kind#REWEIGHT}, else 0
 * @param criticality the level set by {@link Kind#CRITICALITY}, else empty
 */
public record GraphEdit(Kind kind, String from, String to, double weight, Optional<Criticality> criticality,
                        Instant at) {
    /** Evidence on an edge the operator added. */
    public static final String ADDED = "added by operator";
    /** Evidence on an edge whose weight the operator set. */
    public static final String REWEIGHTED = "weight set by operator";

    /** What the edit does. */
    public enum Kind {
        /** Adds the edge (or takes over an imported one with the operator's weight). */
        ADD,
        /** Removes the edge, also from every later import. */
        REMOVE,
        /** Sets the weight of an existing edge. */
        REWEIGHT,
        /** Sets a service's criticality. */
        CRITICALITY
    }

    public GraphEdit {
        Check.notNull("kind", kind);
        Check.id("service", from);
        Check.notNull("at", at);
        criticality = criticality == null ? Optional.empty() : criticality;
        if (kind == Kind.CRITICALITY) {
            Check.notNull("criticality", criticality.orElse(null));
            to = "";
        } else {
            // the same rules as any edge: known names, no self-loop, a finite weight
            new Dependency(from, to, weight, "");
        }
    }

    public static GraphEdit add(String from, String to, double weight, Instant at) {
        return new GraphEdit(Kind.ADD, from, to, weight, Optional.empty(), at);
    }

    public static GraphEdit remove(String from, String to, Instant at) {
        return new GraphEdit(Kind.REMOVE, from, to, 0, Optional.empty(), at);
    }

    public static GraphEdit reweight(String from, String to, double weight, Instant at) {
        return new GraphEdit(Kind.REWEIGHT, from, to, weight, Optional.empty(), at);
    }

    public static GraphEdit criticality(String service, Criticality level, Instant at) {
        return new GraphEdit(Kind.CRITICALITY, service, "", 0, Optional.of(level), at);
    }

    static boolean isOperatorMark(String evidence) {
        return evidence.equals(ADDED) || evidence.equals(REWEIGHTED);
    }

    /** One line for lists and logs, e.g. {@code removed frontend → adservice}. */
    public String describe() {
        return switch (kind) {
            case ADD -> "added " + from + " → " + to + " (weight " + weight + ")";
            case REMOVE -> "removed " + from + " → " + to;
            case REWEIGHT -> "set weight of " + from + " → " + to + " to " + weight;
            case CRITICALITY -> "set criticality of " + from + " to " + criticality.orElseThrow().label();
        };
    }
}
