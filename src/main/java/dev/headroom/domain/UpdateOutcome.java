package dev.headroom.domain;

import java.util.Locale;

/** How a past update ended. */
public enum UpdateOutcome {
    SUCCEEDED, FAILED, ROLLED_BACK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UpdateOutcome parse(String field, String text) {
        for (UpdateOutcome o : values()) {
            if (o.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return o;
            }
        }
        throw new DomainException(field, "\"" + text + "\" is not an outcome (use succeeded, failed or rolled_back)");
    }
}
