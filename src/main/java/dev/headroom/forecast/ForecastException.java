package dev.headroom.forecast;

/** A model could not fit a history; the message is the reason shown next to the fallback used. */
public class ForecastException extends RuntimeException {
    public ForecastException(String reason) {
        super(reason);
    }
}
