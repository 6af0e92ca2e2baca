package dev.headroom.domain;

import java.util.Locale;

/** How much the business suffers when a host or service is degraded (seed 001's criticality). */
public enum Criticality {
    LOW(0.25), MEDIUM(0.5), HIGH(0.75), CRITICAL(1.0);

    private final double score;

    Criticality(double score) {
        this.score = score;
    }

    /** Criticality on the 0–1 scale used by the priority formula of seed 001. */
    public double score() {
        return score;
    }

    /** The lower-case word used in files, the CLI and the UI. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Criticality parse(String field, String text) {
        if (text != null) {
            for (Criticality c : values()) {
                if (c.label().equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
        }
        throw new DomainException(field, "\"" + text + "\" is not a criticality (use low, medium, high or critical)");
    }
}
