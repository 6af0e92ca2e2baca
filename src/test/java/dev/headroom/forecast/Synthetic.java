package dev.headroom.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Series of known structure for forecast tests, at five minutes from a fixed start. */
final class Synthetic {
    static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);
    static final int DAY = 288;

    private Synthetic() {
    }

    static History of(double... values) {
        return new History("test", START, STEP, values);
    }

    /** A level with AR(1) noise ({@code phi}, innovation {@code sigma}) and a daily sine of {@code amplitude}. */
    static double[] arSeason(int n, double level, double amplitude, double phi, double sigma, Random r) {
        double[] y = new double[n];
        double e = sigma / Math.sqrt(1 - phi * phi) * r.nextGaussian();
        for (int t = 0; t < n; t++) {
            e = phi * e + sigma * r.nextGaussian();
            y[t] = level + amplitude * Math.sin(2 * Math.PI * t / DAY) + e;
        }
        return y;
    }
}
