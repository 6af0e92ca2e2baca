package dev.headroom.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Regularly spaced samples of one metric of one host. A missing sample is {@code NaN} so that
 * gaps stay visible to forecasting instead of being silently interpolated.
 */
public final class MetricSeries {
    private final SeriesId id;
    private final Instant start;
    private final Duration step;
    private final double[] values;

    public MetricSeries(SeriesId id, Instant start, Duration step, double[] values) {
        this.id = Check.notNull("series_id", id);
        this.start = Check.notNull("timestamp", start);
        this.step = Check.notNull("step", step);
        if (step.isZero() || step.isNegative() || step.toMillis() % 1000 != 0) {
            throw new DomainException("step", step + " must be a positive whole number of seconds");
        }
        this.values = Check.notNull("values", values).clone();
        for (int i = 0; i < this.values.length; i++) {
            if (Double.isInfinite(this.values[i])) {
                throw new DomainException("value", "sample " + i + " of " + id + " is infinite");
            }
        }
    }

    public SeriesId id() {
        return id;
    }

    public Instant start() {
        return start;
    }

    public Duration step() {
        return step;
    }

    public int size() {
        return values.length;
    }

    /** Sample at index {@code i}; {@code NaN} when it is missing. */
    public double value(int i) {
        return values[i];
    }

    public Instant time(int i) {
        return start.plusSeconds(step.getSeconds() * i);
    }

    /** The instant just after the last sample. */
    public Instant end() {
        return time(values.length);
    }

    public double[] values() {
        return values.clone();
    }

    /** Number of missing samples. */
    public int gaps() {
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    /** The last present sample at or before {@code at}, or {@code NaN} when there is none. */
    public double latestAt(Instant at) {
        long idx = Math.floorDiv(at.getEpochSecond() - start.getEpochSecond(), step.getSeconds());
        for (long i = Math.min(idx, values.length - 1L); i >= 0; i--) {
            if (!Double.isNaN(values[(int) i])) {
                return values[(int) i];
            }
        }
        return Double.NaN;
    }

    /** The samples with timestamps in {@code [from, to)}. */
    public MetricSeries slice(Instant from, Instant to) {
        long s = step.getSeconds();
        long a = Math.max(0, ceilDiv(from.getEpochSecond() - start.getEpochSecond(), s));
        long b = Math.min(values.length, ceilDiv(to.getEpochSecond() - start.getEpochSecond(), s));
        if (b <= a) {
            return new MetricSeries(id, time((int) Math.min(a, values.length)), step, new double[0]);
        }
        return new MetricSeries(id, time((int) a), step, Arrays.copyOfRange(values, (int) a, (int) b));
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSeries m && id.equals(m.id) && start.equals(m.start) && step.equals(m.step)
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "MetricSeries[" + id + ", " + start + ", step " + step + ", " + values.length + " samples]";
    }
}
