package dev.headroom.plan;

/**
 * The constraints a planner respects; each rejection of a host names one, with the policy knob
 * that would relax it.
 */
public enum Constraint {
    ORDER("dependency order", "update the services it requires first, or drop the requirement from the release"),
    REGIONS("region concurrency", "raise max_concurrent_regions"),
    WINDOW("window end", "extend the window or raise max_batch_fraction so that batches are fewer"),
    BATCH_FRACTION("max batch fraction", "raise max_batch_fraction"),
    MIN_HEALTHY("min healthy", "lower min_healthy_fraction or allow surge"),
    CAPACITY("capacity", "lower safety_margin, allow spot, or offer an instance type for surge in that region"),
    BUDGET("budget", "raise budget_usd or allow spot"),
    SURGE_WORTH("surge cost", "raise the weight of window length against surge cost"),
    PREREQUISITE_UNPLANNED("dependency order", "resolve why the required service cannot be planned");

    private final String label;
    private final String knob;

    Constraint(String label, String knob) {
        this.label = label;
        this.knob = knob;
    }

    public String label() {
        return label;
    }

    /** What the operator could change to relax it. */
    public String knob() {
        return knob;
    }
}
