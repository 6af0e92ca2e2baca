package dev.headroom.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The regularly spaced past of one series that a model is fitted on. {@code NaN} marks a missing
 * sample; models must cope with them (or {@link Histories#fillGaps} first) and never return NaN.
 */
public record History(String id, Instant start, Duration step, double[] values) {
    public History {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive: " + step);
        }
        values = values.clone();
    }

    public int size() {
        return values.length;
    }

    public double value(int i) {
        return values[i];
    }

    /** A copy of the samples; callers may change it. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** Samples per day (288 at five minutes); at least 1. */
    public int stepsPerDay() {
        return (int) Math.max(1, Duration.ofDays(1).getSeconds() / step.getSeconds());
    }

    public Instant time(int i) {
        return start.plusSeconds(step.getSeconds() * i);
    }

    /** Instant of the first step after the history: where a forecast starts. */
    public Instant end() {
        return time(values.length);
    }

    /** The first {@code n} samples (the history as it was at origin {@code n}). */
    public History head(int n) {
        return new History(id, start, step, Arrays.copyOf(values, n));
    }

    /** At most the last {@code max} samples (the training-window cap). */
    public History tail(int max) {
        if (max >= values.length) {
            return this;
        }
        int from = values.length - max;
        return new History(id, time(from), step, Arrays.copyOfRange(values, from, values.length));
    }
}
