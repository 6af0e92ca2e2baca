package dev.headroom.ui.forecast;

import java.time.Duration;

/** How far ahead the fleet is forecast; the longest a maintenance night plus its margin needs is two days. */
public enum Horizon {
    H6(6), H12(12), H24(24), H48(48);

    private final int hours;

    Horizon(int hours) {
        this.hours = hours;
    }

    public Duration duration() {
        return Duration.ofHours(hours);
    }

    /** "6 h". */
    @Override
    public String toString() {
        return hours + " h";
    }
}
