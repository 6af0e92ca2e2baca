package dev.headroom.domain;

import java.util.Locale;

/**
 * The four load metrics of a host. Every value is utilisation in percent (0–100) of the host's
 * capacity for that resource, so that load scores and capacity rules treat them alike.
 */
public enum Metric {
    CPU, MEMORY, NETWORK, DISK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Metric parse(String field, String text) {
        if (text != null) {
            for (Metric m : values()) {
                if (m.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
        }
        throw new DomainException(field, "\"" + text + "\" is not a metric (use cpu, memory, network or disk)");
    }
}
