package dev.headroom.domain;

/** Receives progress of long work (fleet generation, imports) so callers can show it. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (fraction, message) -> { };

    /**
     * @param fraction done so far, 0–1, or a negative number when unknown
     * @param message  what is being done, in operator words
     */
    void progress(double fraction, String message);
}
