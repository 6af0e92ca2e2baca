package dev.headroom.domain;

/**
 * A value broke a rule of the domain at construction. The message names the field and the rule
 * so that importers can prefix file and line and show it to the operator unchanged.
 */
public class DomainException extends IllegalArgumentException {
    private final String field;

    public DomainException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The name of the offending field, as it appears in files and forms. */
    public String field() {
        return field;
    }

    /** The rule that was broken, without the field prefix. */
    public String rule() {
        return getMessage().substring(field.length() + 2);
    }
}
