package dev.headroom.domain;

/**
 * A directed edge of the dependency graph: {@code from} calls {@code to}. {@code weight} is calls
 * per second (or bytes per second) and 0 when unknown; {@code evidence} says where it was learned.
 */
public record Dependency(String from, String to, double weight, String evidence) {
    public Dependency {
        Check.id("from", from);
        Check.id("to", to);
        if (from.equals(to)) {
            throw new DomainException("to", "service " + from + " cannot depend on itself");
        }
        Check.finiteNonNegative("weight", weight);
        evidence = evidence == null ? "" : evidence;
    }
}
