package dev.headroom.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How a driver waits out a period (the stabilisation) that began at {@code since} on its clock.
 * {@code since} is stored in the journal, so a driver restarted mid-wait only waits what is left.
 */
@FunctionalInterface
public interface Waiter {
    void waitFor(Clock clock, Instant since, Duration period);

    /**
     * Polls the clock every few real milliseconds until {@code period / speed} has passed since
     * {@code since}: speed 1 waits in real time, 3600 lets an hour of stabilisation pass in a
     * second (the sandbox demo).
     */
    static Waiter polling(double speed) {
        return (clock, since, period) -> {
            Instant due = since.plusNanos((long) (period.toNanos() / speed));
            while (clock.instant().isBefore(due)) {
                try {
                    // at most 5 ms at a time, and no longer than what is left, so short waits stay short
                    long left = java.time.Duration.between(clock.instant(), due).toNanos();
                    long nanos = Math.max(0, Math.min(5_000_000L, left));
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
    }
}
