package dev.headroom.rollout;

import dev.headroom.domain.HeadroomException;

/** A version trigger that does not follow the format; names the line and the field. */
public final class TriggerFormatException extends HeadroomException {
    private final int line;
    private final String field;

    public TriggerFormatException(int line, String field, String problem) {
        super("Version trigger, line " + line + ": " + field + " " + problem + ".");
        this.line = line;
        this.field = field;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
