package dev.headroom.rollout;

import java.time.Duration;
import java.util.Random;

/**
 * How the driver paces itself: retries, leases, monitoring. Defaults suit the sandbox demo;
 * tests pass short ones and a fixed seed, so jitter is the same on every run.
 *
 * @param holder           who this driver is in {@code rollout_lease} ({@link Lease#holderOfThisProcess()})
 * @param leaseTtl         how long a lease lasts without renewal, on the rollout's clock
 * @param reserve          retries of a reservation the provider refused or throttled
 * @param deferral         retries of a version trigger the host deferred
 * @param verify           health checks of an updated host before it counts as failed
 * @param monitorTick      plan time between two monitoring ticks during waits
 * @param trendTicks       ticks the observed trend is fitted over
 * @param shadowTolerance  how much higher the new version's error rate may be than the old's (fraction)
 * @param seed             of the jitter's random numbers
 */
public record RolloutTuning(String holder, Duration leaseTtl, Backoff reserve, Backoff deferral, Backoff verify,
                            Duration monitorTick, int trendTicks, double shadowTolerance, long seed) {

    public static RolloutTuning defaults() {
        return new RolloutTuning(Lease.holderOfThisProcess(), Duration.ofSeconds(30),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 5),
                new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 3),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 3),
                Duration.ofMinutes(1), 5, 0.01, System.nanoTime());
    }

    public RolloutTuning withHolder(String h) {
        return new RolloutTuning(h, leaseTtl, reserve, deferral, verify, monitorTick, trendTicks, shadowTolerance, seed);
    }

    public RolloutTuning withSeed(long s) {
        return new RolloutTuning(holder, leaseTtl, reserve, deferral, verify, monitorTick, trendTicks, shadowTolerance,
                s);
    }

    /**
     * Exponential backoff with full jitter: before retry {@code n} (1-based) wait a uniformly random
     * time in {@code [0, min(cap, base × 2^(n−1))]}, or the provider's retry-after when longer.
     *
     * @param attempts calls in all, the first included
     */
    public record Backoff(Duration base, Duration cap, int attempts) {
        public Backoff {
            if (attempts < 1 || base.isNegative() || cap.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff needs at least 1 attempt and 0 <= base <= cap");
            }
        }

        public Duration delay(int retry, Random random) {
            double ceiling = Math.min(cap.toNanos(), base.toNanos() * Math.pow(2, Math.max(0, retry - 1)));
            return Duration.ofNanos((long) (random.nextDouble() * ceiling));
        }
    }
}
