package dev.headroom.forecast.bench;

import dev.headroom.forecast.History;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Server load series for throughput runs: a daily and a weekly season, a slow trend,
 * autocorrelated noise and rare spikes, every series different but reproducible from its index.
 * Not meant to be realistic in detail, only in shape and cost.
 */
public final class SyntheticLoad {
    public static final Duration STEP = Duration.ofMinutes(5);
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private SyntheticLoad() {
    }

    /** Series {@code index} of {@code days} days at five minutes; the same index always gives the same series. */
    public static History series(int index, int days, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        int d = (int) (Duration.ofDays(1).getSeconds() / STEP.getSeconds());
        int n = days * d;
        double level = 20 + 60 * r.nextDouble();
        double daily = level * (0.1 + 0.4 * r.nextDouble());
        double weekly = level * 0.15 * r.nextDouble();
        double trend = level * (r.nextDouble() - 0.3) * 0.02 / d;
        double phase = r.nextDouble() * 2 * Math.PI;
        double phi = 0.5 + 0.45 * r.nextDouble();
        double sigma = level * (0.02 + 0.08 * r.nextDouble());
        double spikeChance = 0.002 * r.nextDouble();
        double[] y = new double[n];
        double noise = 0;
        for (int t = 0; t < n; t++) {
            noise = phi * noise + sigma * gaussian(r);
            double v = level + trend * t + daily * Math.sin(2 * Math.PI * t / d + phase)
                    + weekly * Math.sin(2 * Math.PI * t / (7.0 * d)) + noise;
            if (r.nextDouble() < spikeChance) {
                v += level * (0.5 + r.nextDouble());
            }
            y[t] = Math.max(0, v);
        }
        return new History("synthetic-" + index, START, STEP, y);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
