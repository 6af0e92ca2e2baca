package dev.headroom.domain;

/**
 * A failure the operator must act on. {@link #operatorMessage()} says what happened, to what, and
 * what to do next, and is shown as is (CLI stderr, UI banner); {@link #getMessage()} is the
 * technical text for the log.
 */
public class HeadroomException extends RuntimeException {
    private final String operatorMessage;

    public HeadroomException(String operatorMessage, String technical, Throwable cause) {
        super(technical, cause);
        this.operatorMessage = operatorMessage;
    }

    public HeadroomException(String operatorMessage) {
        this(operatorMessage, operatorMessage, null);
    }

    public HeadroomException(String operatorMessage, Throwable cause) {
        this(operatorMessage, cause == null ? operatorMessage : String.valueOf(cause), cause);
    }

    public String operatorMessage() {
        return operatorMessage;
    }
}
